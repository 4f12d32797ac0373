"""Judging edited records by the very schema an import uses: `build_entity_schema` over every field.

The whole record is validated, not only the changed fields, so rules that
span the record's custom fields (a required custom field, say) hold after an
edit exactly as after an import.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

import polars as pl

from dealbrain.records.errors import RecordValidationError
from dealbrain.specs import EntitySpec, FieldSpec
from dealbrain.validation import SOURCE_ROW, build_entity_schema, validate_frame


def validation_failures(
    records: pl.DataFrame,
    entity: EntitySpec,
    custom_fields: Sequence[FieldSpec],
    *,
    key: str,
    changed: Collection[str],
) -> list[dict[str, Any]]:
    """One row per value of ``records`` that breaks the schema: record, field, value, rule, reason, changed."""
    numbered = records.with_row_index(SOURCE_ROW).with_columns(pl.col(SOURCE_ROW).cast(pl.Int64))
    schema = build_entity_schema(entity, custom_fields, present_columns=numbered.columns)
    report = validate_frame(numbered, schema)
    if report.ok:
        return []
    keys = records.get_column(key).to_list()
    failures = []
    for failure in report.failures.iter_rows(named=True):
        row = failure[SOURCE_ROW]
        failures.append({
            "record": keys[row] if row is not None else "(all)",
            "field": failure["column"],
            "value": failure["failure_case"],
            "rule": failure["check"],
            "reason": failure["reason"],
            "changed": failure["column"] in changed,
        })
    return failures


def refuse_invalid(
    records: pl.DataFrame,
    entity: EntitySpec,
    custom_fields: Sequence[FieldSpec],
    *,
    key: str,
    changed: Collection[str],
) -> None:
    """Raise `RecordValidationError` (nothing is written) when any edited record breaks the schema."""
    failures = validation_failures(records, entity, custom_fields, key=key, changed=changed)
    if not failures:
        return
    count = len({item["record"] for item in failures})
    what = f"{entity.label} record" + ("" if count == 1 else f"s ({count} of {records.height})")
    raise RecordValidationError(
        f"The edit would leave {what} invalid, so nothing was changed. "
        "Fix the values below and run the edit again:",
        failures,
    )
