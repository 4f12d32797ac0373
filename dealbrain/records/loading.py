"""Reading stored records to edit, as the typed frame imports validate.

`existing_records` gives the stored form (references as names, custom
fields as columns, custom dates as ISO text); here custom dates become
dates again so the frame has exactly the dtypes the generated schema and
the filter language expect. Rows are locked first (``FOR UPDATE`` on
PostgreSQL), so nothing changes them between reading and writing.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import polars as pl
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dealbrain.records.errors import RecordNotFoundError
from dealbrain.specs import EntitySpec, FieldSpec, FieldType
from dealbrain.store.frames import RECORD_ID
from dealbrain.store.records import entity_table, existing_records, natural_key_field

SUGGESTED = 3


def load_record(
    session: Session, entity: EntitySpec, key: str, custom_fields: Sequence[FieldSpec], *, lock: bool = True
) -> pl.DataFrame:
    """The one record whose natural key is ``key`` (ignoring case and outer spaces), as a one-row frame."""
    wanted = (key or "").strip()
    if lock:
        table = entity_table(entity)
        key_column = table.c[natural_key_field(entity).column_name]
        session.execute(select(table.c.id).where(func.lower(key_column) == wanted.lower()).with_for_update()).all()
    found = typed_records(existing_records(session, entity, [wanted], custom_fields), custom_fields)
    key_name = natural_key_field(entity).name
    if found.height > 1:  # keys differing only in case: the exact spelling wins
        found = found.filter(pl.col(key_name) == wanted)
    if found.height != 1:
        raise RecordNotFoundError(
            f"No {entity.label} has the {key_name} {wanted!r}.{_closest(session, entity, wanted)} "
            "Check the spelling (letter case does not matter)."
        )
    return found


def _closest(session: Session, entity: EntitySpec, wanted: str) -> str:
    key_column = entity_table(entity).c[natural_key_field(entity).column_name]
    by_folded = {key.lower(): key for key in session.scalars(select(key_column)) if key}
    close = difflib.get_close_matches(wanted.lower(), list(by_folded), n=SUGGESTED)
    return f" Closest: {', '.join(repr(by_folded[item]) for item in close)}." if close else ""


def load_all_records(
    session: Session, entity: EntitySpec, custom_fields: Sequence[FieldSpec], *, include_deleted: bool = False
) -> pl.DataFrame:
    """Every live stored record of ``entity`` (soft-deleted ones too if asked), locked, as a typed frame in id order."""
    table = entity_table(entity)
    key_column = table.c[natural_key_field(entity).column_name]
    query = select(table.c.id, key_column)
    if not include_deleted:
        query = query.where(table.c.deleted_at.is_(None))
    ids = {record_id: key for record_id, key in session.execute(query.with_for_update())}
    stored = existing_records(session, entity, [key for key in ids.values() if key is not None], custom_fields)
    return typed_records(stored, custom_fields).filter(pl.col(RECORD_ID).is_in(list(ids))).sort(RECORD_ID)


def typed_records(stored: pl.DataFrame, custom_fields: Sequence[FieldSpec]) -> pl.DataFrame:
    """Custom dates from their stored ISO text to dates; everything else already has its dtype."""
    dates = [spec.name for spec in custom_fields if spec.type is FieldType.DATE]
    return stored.with_columns(pl.col(name).str.to_date("%Y-%m-%d", strict=False) for name in dates)
