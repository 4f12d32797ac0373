"""Reading the stored records an import will touch, as a typed polars frame."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import polars as pl
from sqlalchemy import Table, func, select
from sqlalchemy.orm import Session

from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.importing.frames import RECORD_ID, polars_dtype
from dealbrain.specs import EntitySpec, FieldSpec, FieldType

KEY_CHUNK = 5000
"""Natural keys per IN (...) query; stays below SQLite's and PostgreSQL's parameter limits."""

ATTRIBUTES = "attributes_json"


def entity_table(entity: EntitySpec) -> Table:
    return ENTITY_MODELS[entity.name].__table__  # type: ignore[return-value]


def natural_key_field(entity: EntitySpec) -> FieldSpec:
    """The single field identifying a record (every entity's natural key is one field)."""
    (key,) = entity.natural_key
    return entity.field(key)


def existing_records(
    session: Session,
    entity: EntitySpec,
    keys: Sequence[str],
    custom_fields: Sequence[FieldSpec],
) -> pl.DataFrame:
    """Stored records whose natural key is in ``keys`` (compared case-insensitively).

    Columns: ``__record_id__``, every standard field (references as the referenced
    record's name), every given custom field read from ``attributes_json``, and
    ``attributes_json`` itself as JSON text.
    """
    table = entity_table(entity)
    key_column = table.c[natural_key_field(entity).column_name]
    columns: list[Any] = [table.c.id.label(RECORD_ID)]
    joins = table
    for field in entity.fields:
        if field.type is FieldType.REFERENCE:
            referenced = entity_table_by_name(field.references).alias(f"ref_{field.name}")
            joins = joins.outerjoin(referenced, referenced.c.id == table.c[field.column_name])
            columns.append(referenced.c.name.label(field.name))
        else:
            columns.append(table.c[field.column_name].label(field.name))
    columns.append(table.c.attributes_json.label(ATTRIBUTES))
    lowered = sorted({key.lower() for key in keys if key is not None})
    rows: list[Any] = []
    for start in range(0, len(lowered), KEY_CHUNK):
        chunk = lowered[start : start + KEY_CHUNK]
        statement = select(*columns).select_from(joins).where(func.lower(key_column).in_(chunk))
        rows.extend(session.execute(statement).all())
    return _records_frame(rows, entity, custom_fields)


def entity_table_by_name(name: str | None) -> Table:
    assert name is not None
    return ENTITY_MODELS[name].__table__  # type: ignore[return-value]


def _records_frame(rows: Sequence[Any], entity: EntitySpec, custom_fields: Sequence[FieldSpec]) -> pl.DataFrame:
    data: dict[str, list[Any]] = {RECORD_ID: [row[0] for row in rows]}
    for index, field in enumerate(entity.fields, start=1):
        data[field.name] = [row[index] for row in rows]
    attributes = [row[-1] or {} for row in rows]
    for field in custom_fields:
        data[field.name] = [stored.get(field.name) for stored in attributes]
    schema = {RECORD_ID: pl.Int64}
    schema |= {field.name: polars_dtype(field, stored=True) for field in (*entity.fields, *custom_fields)}
    frame = pl.DataFrame(data, schema=schema, strict=False)
    return frame.with_columns(pl.Series(ATTRIBUTES, [json.dumps(stored) for stored in attributes], dtype=pl.String))
