"""The import_session row: created on first sight of a session, updated by each stage."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dealbrain.audit import AuditAction, record_event
from dealbrain.db.models import ImportSession, RememberedMapping
from dealbrain.errors import UserFacingError
from dealbrain.jsonsafe import to_jsonable


class SessionFinishedError(UserFacingError, ValueError):
    """The session was committed or undone; a new import needs a new session."""


class SessionStatus:
    PARSED = "parsed"
    PREVIEWED = "previewed"
    BLOCKED = "blocked"
    COMMITTED = "committed"
    UNDONE = "undone"


def open_import_session(
    session: Session, *, session_id: str, source_filename: str, checksum: str, actor: str
) -> ImportSession:
    """The session row, created (and audited) the first time this id is seen."""
    row = session.get(ImportSession, session_id)
    if row is None:
        row = ImportSession(
            id=session_id, source_filename=source_filename, checksum_sha256=checksum, status=SessionStatus.PARSED,
            created_by=actor,
        )
        session.add(row)
        session.flush()
        record_event(
            session,
            actor=actor,
            action=AuditAction.SESSION_CREATED,
            import_session_id=session_id,
            payload={"source_filename": source_filename, "sha256": checksum},
        )
    elif row.status in (SessionStatus.COMMITTED, SessionStatus.UNDONE):
        raise SessionFinishedError(
            f"Session {session_id} was already {row.status}; start a new session (a new partition) to import "
            "this file again."
        )
    else:
        row.source_filename, row.checksum_sha256 = source_filename, checksum
    return row


def sessions_with_checksum(session: Session, checksum: str, *, excluding: str) -> list[str]:
    """Earlier sessions that imported the same bytes."""
    statement = select(ImportSession.id).where(
        ImportSession.checksum_sha256 == checksum, ImportSession.id != excluding
    )
    return list(session.scalars(statement.order_by(ImportSession.created_at)))


def update_import_session(session: Session, session_id: str, **values: Any) -> ImportSession:
    row = session.get(ImportSession, session_id)
    if row is None:
        raise LookupError(f"import session {session_id!r} does not exist")
    for name, value in values.items():
        setattr(row, name, to_jsonable(value) if name.endswith("_json") else value)
    return row


def remembered_mapping(session: Session, entity: str, signature: str) -> RememberedMapping | None:
    statement = select(RememberedMapping).where(
        RememberedMapping.entity == entity, RememberedMapping.header_signature == signature
    )
    return session.scalars(statement).one_or_none()


def remember_mapping(
    session: Session, *, entity: str, signature: str, mapping: dict[str, str | None], session_id: str
) -> None:
    """Keep the confirmed mapping for the next sheet with the same headers."""
    row = remembered_mapping(session, entity, signature)
    if row is None:
        session.add(RememberedMapping(entity=entity, header_signature=signature, mapping_json=mapping, session_id=session_id))
    else:
        row.mapping_json, row.session_id, row.updated_at = mapping, session_id, func.now()


def recalled_columns(session: Session, entity: str) -> dict[str, tuple[str, str]]:
    """Column -> (field, session) from every confirmed mapping of the entity, whatever its headers; the latest wins.

    Only columns that were loaded into a field count: a column left out in one
    file says nothing about the same column in another.
    """
    statement = (
        select(RememberedMapping)
        .where(RememberedMapping.entity == entity)
        .order_by(RememberedMapping.updated_at.desc(), RememberedMapping.id.desc())
    )
    recalled: dict[str, tuple[str, str]] = {}
    for row in session.scalars(statement):
        for column, target in (row.mapping_json or {}).items():
            if target:
                recalled.setdefault(column, (target, row.session_id))
    return recalled


STORED_PREVIEW_KEY = "stored_preview_sha256"


def record_stored_preview(session: Session, session_id: str, digest: str) -> None:
    """Remember the sha256 of the commit plan the preview stored: the commit accepts only that one."""
    row = session.get(ImportSession, session_id)
    if row is None:
        raise LookupError(f"import session {session_id!r} does not exist")
    row.preview_json = {**(row.preview_json or {}), STORED_PREVIEW_KEY: digest}


def stored_preview_digest(session: Session, session_id: str) -> str | None:
    row = session.get(ImportSession, session_id)
    return (row.preview_json or {}).get(STORED_PREVIEW_KEY) if row is not None else None
