"""Writing edited records: one UPDATE statement run for every changed record, in the caller's transaction."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl
from sqlalchemy import JSON, Table, bindparam, func, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from dealbrain.jsonsafe import to_jsonable
from dealbrain.specs import EntitySpec, FieldSpec, FieldType
from dealbrain.store.changeset import merge_attributes, stored_attributes
from dealbrain.store.frames import RECORD_ID
from dealbrain.store.records import ATTRIBUTES, entity_table

_JSON_COLUMNS = (FieldType.PORTS, FieldType.MULTI_ENUM)
_JSON_OR_NULL = JSON(none_as_null=True).with_variant(JSONB(none_as_null=True), "postgresql")
"""A cleared list column becomes SQL NULL, not the JSON value ``null``."""


def write_records(
    session: Session,
    entity: EntitySpec,
    before: pl.DataFrame,
    after: pl.DataFrame,
    fields: Sequence[FieldSpec],
    reference_ids: Mapping[str, int | None],
) -> int:
    """Set ``fields`` of each record in ``after`` (references to ``reference_ids``) and stamp ``updated_at``.

    Custom values are merged into the record's stored ``attributes_json``, so
    values of other (even inactive) custom fields are kept.
    """
    if after.is_empty():
        return 0
    table = entity_table(entity)
    standard = [spec for spec in fields if not spec.custom]
    custom = [spec for spec in fields if spec.custom]
    assignments: dict[str, Any] = {spec.column_name: _parameter(table, spec) for spec in standard}
    if custom:
        assignments[ATTRIBUTES] = bindparam(f"new_{ATTRIBUTES}", type_=table.c[ATTRIBUTES].type)
    assignments["updated_at"] = func.current_timestamp()
    statement = update(table).where(table.c.id == bindparam("target_id")).values(assignments)
    parameters = []
    for old, new in zip(before.to_dicts(), after.to_dicts(), strict=True):
        values: dict[str, Any] = {"target_id": old[RECORD_ID]}
        for spec in standard:
            values[f"new_{spec.column_name}"] = _column_value(spec, new[spec.name], reference_ids)
        if custom:
            values[f"new_{ATTRIBUTES}"] = merge_attributes(stored_attributes(old[ATTRIBUTES]), new, custom, blank_erases=True)
        parameters.append(values)
    session.connection().execute(statement, parameters)
    return len(parameters)


def _parameter(table: Table, spec: FieldSpec) -> Any:
    column_type = _JSON_OR_NULL if spec.type in _JSON_COLUMNS else table.c[spec.column_name].type
    return bindparam(f"new_{spec.column_name}", type_=column_type)


def _column_value(spec: FieldSpec, value: Any, reference_ids: Mapping[str, int | None]) -> Any:
    if spec.type is FieldType.REFERENCE:
        return None if value is None else reference_ids[spec.name]
    if spec.type in _JSON_COLUMNS and value is not None:
        return to_jsonable(value)
    return value
