"""Recording an edit the way an import records its writes, so provenance and undo keep working.

Each edit is an ``import_session`` row (``edit-<UTC time>-<6 hex>``, source
"(record edit)", committed) with one ``import_change`` row per record, in
the import writer's format: ``before_json`` holds the previous values of the
standard fields written (references by the referenced record's name) and
the full previous ``attributes_json``; ``after_json`` the natural key, the
new values and the new ``attributes_json``. `importer undo <edit session>`
therefore reverts an edit, and undoing an earlier import sees the record
was changed later.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import polars as pl
from sqlalchemy import insert
from sqlalchemy.orm import Session

from dealbrain.db.models import ImportChange, ImportSession
from dealbrain.importing.existing_records import ATTRIBUTES
from dealbrain.importing.frames import RECORD_ID
from dealbrain.importing.session_store import SessionStatus
from dealbrain.jsonsafe import to_jsonable
from dealbrain.specs import EntitySpec, FieldSpec

EDIT_SOURCE = "(record edit)"


def new_edit_session_id() -> str:
    """``edit-20250131T120501Z-1a2b3c``: when, plus six random hex digits."""
    return f"edit-{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


def open_edit_session(
    session: Session, session_id: str, actor: str, request: dict[str, Any], result: dict[str, Any]
) -> None:
    """The committed session row the edit's changeset and audit event belong to."""
    document = json.dumps(to_jsonable(request), sort_keys=True, ensure_ascii=False)
    session.add(
        ImportSession(
            id=session_id,
            source_filename=EDIT_SOURCE,
            checksum_sha256=hashlib.sha256(document.encode()).hexdigest(),
            status=SessionStatus.COMMITTED,
            result_json=result,
            created_by=actor,
        )
    )
    session.flush()


def attributes_after(old: dict[str, Any], row: dict[str, Any], custom: Sequence[FieldSpec]) -> dict[str, Any]:
    """The stored custom values with the edited ones replaced (a cleared one removed)."""
    merged = dict(old)
    for spec in custom:
        if row[spec.name] is None:
            merged.pop(spec.name, None)
        else:
            merged[spec.name] = to_jsonable(row[spec.name])
    return merged


def change_rows(
    session_id: str,
    entity: EntitySpec,
    before: pl.DataFrame,
    after: pl.DataFrame,
    fields: Sequence[FieldSpec],
) -> list[dict[str, Any]]:
    """One ``import_change`` row per record, in the import writer's before/after format."""
    (key,) = entity.natural_key
    standard = [spec for spec in fields if not spec.custom]
    custom = [spec for spec in fields if spec.custom]
    rows = []
    for old, new in zip(before.to_dicts(), after.to_dicts(), strict=True):
        old_attributes = json.loads(old[ATTRIBUTES] or "{}")
        before_json = {spec.name: old[spec.name] for spec in standard} | {ATTRIBUTES: old_attributes}
        after_json = (
            {key: new[key]}
            | {spec.name: new[spec.name] for spec in fields}
            | {ATTRIBUTES: attributes_after(old_attributes, new, custom)}
        )
        rows.append({
            "session_id": session_id,
            "entity": entity.name,
            "record_id": old[RECORD_ID],
            "operation": "update",
            "sheet": None,
            "source_row": None,
            "before_json": to_jsonable(before_json),
            "after_json": to_jsonable(after_json),
        })
    return rows


def record_changeset(session: Session, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(ImportChange.__table__), rows)
