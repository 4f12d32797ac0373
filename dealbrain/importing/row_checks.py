"""The checks every row of an entity goes through, whole-frame or batch by batch: validation and deleted keys."""

from __future__ import annotations

import polars as pl
from sqlalchemy.orm import Session

from dealbrain.importing.failures import coercion_failures, schema_failures
from dealbrain.importing.stages.typing import TypedSheet
from dealbrain.specs import EntitySpec, FieldSpec
from dealbrain.store.keys import fold
from dealbrain.store.records import deleted_keys
from dealbrain.validation import apply_defaults, build_entity_schema, validate_frame


def validated_sheet(sheet: TypedSheet, entity: EntitySpec, custom_fields: list[FieldSpec]) -> tuple[pl.DataFrame, pl.DataFrame, list[str]]:
    """The sheet's rows with defaults applied, its failures (coercion and schema), and notes."""
    frame, notes = apply_defaults(sheet.frame, [*entity.fields, *custom_fields])
    schema = build_entity_schema(entity, custom_fields, present_columns=frame.columns)
    report = validate_frame(frame, schema)
    failures = pl.concat(
        [coercion_failures(sheet), schema_failures(sheet, report.failures)], how="vertical"
    )
    return frame, failures, notes


def without_deleted(
    session: Session, entity: EntitySpec, rows: pl.DataFrame, key: str
) -> tuple[pl.DataFrame, list[str]]:
    """``rows`` less those whose key names a soft-deleted record, and a note saying which were skipped and why.

    The rule: an import never writes to a deleted record nor revives it; the
    row is skipped and the note says to restore the record first (workspace,
    API or `RecordService.restore`), then import again.
    """
    deleted = deleted_keys(session, entity, rows[key].drop_nulls().to_list()) if key in rows.columns else {}
    if not deleted:
        return rows, []
    matching = rows[key].map_elements(lambda value: fold(value) in deleted, return_dtype=pl.Boolean).fill_null(False)
    shown = sorted(deleted.values())
    names = ", ".join(repr(name) for name in shown[:10]) + (f" and {len(shown) - 10} more" if len(shown) > 10 else "")
    note = (f"{int(matching.sum())} {entity.label} row(s) match deleted records ({names}) and were skipped; restore "
            "those records first if the import should update them, then import again.")
    return rows.filter(~matching), [note]
