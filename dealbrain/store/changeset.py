"""The changeset: one ``import_change`` row per record an import or an edit wrote, in one format.

``before_json`` holds the previous values of the standard fields written
(references by the referenced record's name; a listing's ``components`` as
its canonical component list, `dealbrain.store.component_lists`) and the full previous
``attributes_json``; ``after_json`` the new values and the new
``attributes_json``. Undo and provenance read exactly this, whoever wrote
it. This module is the format's only owner: `change_row` builds one row
(the importer's executemany path, record edits, undo, auto-created records)
and `change_frame` builds the same rows for a whole frame at once, documents
as JSON text, for PostgreSQL COPY (`dealbrain/importing/postgres_copy.py`).
A soft delete or restore, a disable or enable, is an ``update`` of the
state columns (`state_row`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

import polars as pl
from sqlalchemy import insert
from sqlalchemy.orm import Session

from dealbrain.db.models import ImportChange
from dealbrain.jsonsafe import to_jsonable
from dealbrain.specs import FieldSpec
from dealbrain.store.frames import RECORD_ID, SHEET, SOURCE_ROW
from dealbrain.store.json_text import json_object, merged, with_member, without_nulls
from dealbrain.store.records import ATTRIBUTES

CHANGE_COLUMNS = ("session_id", "entity", "record_id", "operation", "sheet", "source_row", "before_json", "after_json")


def stored_attributes(text: str | None) -> dict[str, Any]:
    """A record's ``attributes_json`` as read back (JSON text, empty for none)."""
    return json.loads(text or "{}")


def merge_attributes(
    stored: Mapping[str, Any], row: Mapping[str, Any], custom: Sequence[FieldSpec], *, blank_erases: bool
) -> dict[str, Any]:
    """The custom values after a write: ``row``'s values over the stored ones.

    An import never erases with a blank cell (``blank_erases`` False); an edit
    that clears a value removes it (True).
    """
    merged = dict(stored)
    for spec in custom:
        value = row.get(spec.name)
        if value is not None:
            merged[spec.name] = to_jsonable(value)
        elif blank_erases:
            merged.pop(spec.name, None)
    return merged


def change_row(
    session_id: str,
    entity: str,
    record_id: int,
    operation: str,
    *,
    sheet: str | None = None,
    source_row: int | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """One changeset row; ``before``/``after`` are the documents above (None for an insert's before)."""
    return {
        "session_id": session_id,
        "entity": entity,
        "record_id": record_id,
        "operation": operation,
        "sheet": sheet,
        "source_row": source_row,
        "before_json": to_jsonable(dict(before)) if before is not None else None,
        "after_json": to_jsonable(dict(after)) if after is not None else None,
    }


def change_frame(
    frame: pl.DataFrame,
    session_id: str,
    entity: str,
    operation: str,
    *,
    before: pl.Expr | None = None,
    after: pl.Expr | None = None,
) -> pl.DataFrame:
    """`change_row` for every row of ``frame`` at once: ``__record_id__``, ``__sheet__`` and ``__source_row__``
    name the record and where it came from; ``before``/``after`` are the documents as JSON text expressions
    (`update_documents`). The columns are `CHANGE_COLUMNS`, in order."""

    def optional(column: str, dtype: pl.DataType) -> pl.Expr:
        return pl.col(column) if column in frame.columns else pl.lit(None, dtype=dtype)

    values = {
        "session_id": pl.lit(session_id),
        "entity": pl.lit(entity),
        "record_id": pl.col(RECORD_ID),
        "operation": pl.lit(operation),
        "sheet": optional(SHEET, pl.String()),
        "source_row": optional(SOURCE_ROW, pl.Int64()),
        "before_json": before if before is not None else pl.lit(None, dtype=pl.String),
        "after_json": after if after is not None else pl.lit(None, dtype=pl.String),
    }
    return frame.select(values[name].alias(name) for name in CHANGE_COLUMNS)


BEFORE_PREFIX = "__before_"
"""`update_documents` reads a record's stored values from columns named ``__before_<field>``."""


def update_documents(fields: Sequence[FieldSpec], written: Sequence[FieldSpec]) -> tuple[pl.Expr, pl.Expr]:
    """An update's ``before_json`` and ``after_json`` as JSON text, as `before_document` and `merge_attributes`
    make them: ``written`` are the standard fields whose stored values (``__before_<name>`` columns, with
    ``__before_attributes_json``) go into ``before``; ``after`` holds every incoming field of ``fields`` and the
    stored custom values with the non-blank incoming ones over them (a blank cell never erases)."""
    stored = pl.col(BEFORE_PREFIX + ATTRIBUTES)
    before = with_member(json_object([(f.name, pl.col(BEFORE_PREFIX + f.name)) for f in written]), ATTRIBUTES, stored)
    custom = [(f.name, pl.col(f.name)) for f in fields if f.custom]
    attributes_after = merged(stored, without_nulls(custom)) if custom else stored
    after = with_member(json_object([(f.name, pl.col(f.name)) for f in fields]), ATTRIBUTES, attributes_after)
    return before, after


def before_document(stored: Mapping[str, Any], written: Sequence[FieldSpec]) -> dict[str, Any]:
    """The ``before_json`` of an update: the written standard fields' stored values and every custom value."""
    return {spec.name: stored.get(spec.name) for spec in written} | {ATTRIBUTES: stored_attributes(stored.get(ATTRIBUTES))}


def record_changes(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Write the changeset rows (nothing when there are none)."""
    if rows:
        session.execute(insert(ImportChange.__table__), list(rows))


DELETED_STATE = ("deleted_at", "deleted_by")
"""A record's soft-delete columns; a delete or restore changeset row holds them before and after."""

DISABLED_STATE = ("disabled_at", "disabled_by")
"""A record's disable columns; a disable or enable changeset row holds them before and after."""

REVIEW_STATE = ("needs_review",)
"""The review flag of records created from a listing's names; marking one reviewed (or not) holds it before and after."""

STATE_STAMPS = ("deleted_at", "disabled_at")


def state_row(
    session_id: str, entity: str, record_id: int, key: Mapping[str, Any], columns: Sequence[str],
    before: Mapping[str, Any], after: Mapping[str, Any],
) -> dict[str, Any]:
    """The changeset row of a state change (soft delete or restore, disable or enable): an ``update`` of ``columns``.

    ``key`` is the natural key ({name: value}); ``before``/``after`` hold the
    state ``columns`` (`DELETED_STATE`, `DISABLED_STATE` or `REVIEW_STATE`).
    Undo writes ``before`` back, so undoing a delete restores the record,
    undoing a disable enables it, undoing a review flags it again, and the
    other way round.
    """
    return change_row(
        session_id, entity, record_id, "update",
        before={name: before.get(name) for name in columns},
        after=dict(key) | {name: after.get(name) for name in columns},
    )


def state_columns(before: Mapping[str, Any]) -> dict[str, Any]:
    """The state columns (deleted, disabled, review) a changeset's ``before`` holds, typed for their columns (empty when none)."""
    values: dict[str, Any] = {}
    for name in (*DELETED_STATE, *DISABLED_STATE, *REVIEW_STATE):
        if name not in before:
            continue
        value = before[name]
        values[name] = datetime.fromisoformat(value) if name in STATE_STAMPS and isinstance(value, str) else value
    return values
