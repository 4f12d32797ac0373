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
from sqlalchemy.orm import Session

from dealbrain.db.models import ImportSession
from dealbrain.jsonsafe import to_jsonable
from dealbrain.specs import EntitySpec, FieldSpec
from dealbrain.store.changeset import before_document, change_row, merge_attributes, stored_attributes
from dealbrain.store.frames import RECORD_ID
from dealbrain.store.records import ATTRIBUTES
from dealbrain.store.sessions import SessionStatus

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


def change_rows(
    session_id: str,
    entity: EntitySpec,
    before: pl.DataFrame,
    after: pl.DataFrame,
    fields: Sequence[FieldSpec],
) -> list[dict[str, Any]]:
    """One changeset row per edited record, in the import writer's before/after format."""
    (key,) = entity.natural_key
    standard = [spec for spec in fields if not spec.custom]
    custom = [spec for spec in fields if spec.custom]
    rows = []
    for old, new in zip(before.to_dicts(), after.to_dicts(), strict=True):
        attributes = merge_attributes(stored_attributes(old[ATTRIBUTES]), new, custom, blank_erases=True)
        after_document = {key: new[key]} | {spec.name: new[spec.name] for spec in fields} | {ATTRIBUTES: attributes}
        rows.append(
            change_row(session_id, entity.name, old[RECORD_ID], "update", before=before_document(old, standard), after=after_document)
        )
    return rows
