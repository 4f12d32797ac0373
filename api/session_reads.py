"""Reading import sessions for the API: the rows, checked for READ, and their snapshots."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, select

from api.errors import NotFound
from api.session_snapshot import snapshot
from dealbrain.auth import Actor, Permission, require
from dealbrain.customfields import active_field_specs
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportSession, SessionProfileUse

EDIT_SESSION_KIND = "record_edit"


def is_import(row: ImportSession) -> bool:
    """Record edits keep their changeset in an import_session row too; they are not import sessions."""
    return (row.result_json or {}).get("kind") != EDIT_SESSION_KIND


def session_row(engine: Engine, actor: Actor, session_id: str) -> ImportSession:
    require(engine, actor, Permission.READ, action="read import sessions", import_session_id=None)
    with transaction(engine) as session:
        row = session.get(ImportSession, session_id)
        if row is None or not is_import(row):
            raise NotFound(f"There is no import session {session_id!r}; GET /v1/imports/sessions lists them.")
        session.expunge(row)
        return row


def session_snapshot(engine: Engine, row: ImportSession) -> dict[str, Any]:
    with transaction(engine) as session:
        entities = {stored.get("entity") for stored in (row.mappings_json or {}).values()} - {None}
        custom = {entity: active_field_specs(session, entity) for entity in entities}
        use = session.get(SessionProfileUse, row.id)
        profile = f"{use.profile_name}@{use.profile_version}" if use is not None and use.profile_name else None
    return snapshot(row, custom) | {"profile": profile}


def snapshot_of(engine: Engine, actor: Actor, session_id: str) -> dict[str, Any]:
    return session_snapshot(engine, session_row(engine, actor, session_id))


def list_snapshots(engine: Engine, actor: Actor, limit: int, offset: int) -> list[dict[str, Any]]:
    require(engine, actor, Permission.READ, action="read import sessions")
    with transaction(engine) as session:
        rows = [row for row in session.scalars(select(ImportSession).order_by(ImportSession.created_at.desc(),
                                                                                ImportSession.id.desc())) if is_import(row)]
        rows = rows[offset: offset + limit]
        for row in rows:
            session.expunge(row)
    return [session_snapshot(engine, row) for row in rows]
