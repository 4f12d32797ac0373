"""The validation every row of an entity goes through, whole-frame or batch by batch (stored states: `stored_states`)."""

from __future__ import annotations

import polars as pl

from dealbrain.importing.failures import coercion_failures, schema_failures
from dealbrain.importing.stages.typing import TypedSheet
from dealbrain.specs import EntitySpec, FieldSpec
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

