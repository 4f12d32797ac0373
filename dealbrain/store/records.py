"""Reading the stored records an import will touch, as a typed polars frame."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import polars as pl
from sqlalchemy import Table, Text, bindparam, cast, func, or_, select
from sqlalchemy.dialects.postgresql import JSON
from sqlalchemy.orm import Session

from dealbrain.db.batches import in_batches
from dealbrain.db.engine import is_postgresql
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.specs import EntitySpec, FieldSpec, FieldType
from dealbrain.store.frames import RECORD_ID, polars_dtype
from dealbrain.store.keys import fold, folded

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
    columns.append(cast(table.c.attributes_json, Text).label(ATTRIBUTES))  # parsed only when custom fields need it
    lowered = pl.Series(keys, dtype=pl.String).drop_nulls().to_frame("key").select(folded(pl.col("key"))).to_series()
    lowered = lowered.unique().sort().to_list()
    query = select(*columns).select_from(joins)
    rows: list[Any] = []
    stored = session.scalar(select(func.count()).select_from(table)) if lowered else 0
    if stored and stored <= len(lowered):
        # A table no larger than the file is read whole: cheaper than sending every key to the database.
        wanted_keys, key_name = set(lowered), natural_key_field(entity).name
        rows.extend(row for row in session.execute(query).all() if (row._mapping[key_name] or "").lower() in wanted_keys)
    elif stored and is_postgresql(session.get_bind()):
        # one statement with the keys as one JSON array: a hash semi-join instead of a scan per chunk
        wanted = select(func.json_array_elements_text(bindparam("keys", lowered, type_=JSON)))
        rows.extend(session.execute(query.where(func.lower(key_column).in_(wanted.scalar_subquery()))).all())
    elif stored:
        for chunk in in_batches(lowered):
            rows.extend(session.execute(query.where(func.lower(key_column).in_(chunk))).all())
    return records_frame(session, entity, rows, custom_fields)


def records_frame(
    session: Session, entity: EntitySpec, rows: Sequence[Any], custom_fields: Sequence[FieldSpec]
) -> pl.DataFrame:
    """Rows of (id, every standard field in spec order, attributes JSON text) as the stored frame, in their order."""
    return _with_stored_components(session, entity, _records_frame(rows, entity, custom_fields))


def _with_stored_components(session: Session, entity: EntitySpec, frame: pl.DataFrame) -> pl.DataFrame:
    """Listings get their stored component list as the ``components`` column (canonical text), for the plan."""
    from dealbrain.specs.components import stored_elsewhere_fields

    if not stored_elsewhere_fields(entity.name):
        return frame
    from dealbrain.store.listing_components import stored_component_lists

    lists = stored_component_lists(session, frame[RECORD_ID].to_list()) if frame.height else {}
    values = [lists.get(record_id) for record_id in frame[RECORD_ID].to_list()]
    return frame.with_columns(pl.Series("components", values, dtype=pl.String))


def entity_table_by_name(name: str | None) -> Table:
    assert name is not None
    return ENTITY_MODELS[name].__table__  # type: ignore[return-value]


def _records_frame(rows: Sequence[Any], entity: EntitySpec, custom_fields: Sequence[FieldSpec]) -> pl.DataFrame:
    by_column = list(zip(*rows)) or [() for _ in range(len(entity.fields) + 2)]
    data: dict[str, Sequence[Any]] = {RECORD_ID: by_column[0]}
    for index, field in enumerate(entity.fields, start=1):
        data[field.name] = by_column[index]
    attributes_text = [text or "{}" for text in by_column[-1]]
    if custom_fields:
        attributes = [json.loads(text) for text in attributes_text]
        for field in custom_fields:
            data[field.name] = [stored.get(field.name) for stored in attributes]
    schema = {RECORD_ID: pl.Int64}
    schema |= {field.name: polars_dtype(field, stored=True) for field in (*entity.fields, *custom_fields)}
    frame = pl.DataFrame(data, schema=schema, strict=False)
    return frame.with_columns(pl.Series(ATTRIBUTES, attributes_text, dtype=pl.String))


def deleted_keys(session: Session, entity: EntitySpec, keys: Sequence[str]) -> dict[str, str]:
    """The soft-deleted records among ``keys``: folded key -> the key as stored (case-insensitive match)."""
    return _keys_with_stamp(session, entity, keys, "deleted_at")


def disabled_keys(session: Session, entity: EntitySpec, keys: Sequence[str]) -> dict[str, str]:
    """The disabled records among ``keys``: folded key -> the key as stored (case-insensitive match)."""
    return _keys_with_stamp(session, entity, keys, "disabled_at")


BRINGING_BACK = {"deleted": "restore", "disabled": "enable"}
"""What makes a record of each unlinkable state usable again, as a verb for messages."""


def unlinkable_state(deleted_at: object, disabled_at: object) -> str | None:
    """``deleted``, ``disabled`` or None (usable) for a record with these stamps; deleted wins."""
    return "deleted" if deleted_at is not None else "disabled" if disabled_at is not None else None


def unlinkable_records(session: Session, entity: EntitySpec) -> dict[int, str]:
    """``entity``'s records nothing may newly link to, by id, each with its `unlinkable_state`."""
    table = entity_table(entity)
    flagged = session.execute(select(table.c.id, table.c.deleted_at, table.c.disabled_at)
                              .where(or_(table.c.deleted_at.is_not(None), table.c.disabled_at.is_not(None))))
    return {record_id: state for record_id, deleted_at, disabled_at in flagged
            if (state := unlinkable_state(deleted_at, disabled_at))}


def _keys_with_stamp(session: Session, entity: EntitySpec, keys: Sequence[str], stamp: str) -> dict[str, str]:
    table = entity_table(entity)
    key_column = table.c[natural_key_field(entity).column_name]
    # Deleted and disabled records are few; reading them all beats sending every incoming key to the database.
    flagged = {fold(key): key for key in session.scalars(select(key_column).where(table.c[stamp].is_not(None)))}
    if not flagged:
        return {}
    return {folded: flagged[folded] for folded in {fold(key) for key in keys if key is not None} if folded in flagged}
