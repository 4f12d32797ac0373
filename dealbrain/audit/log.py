"""Writing and reading the append-only audit log."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dealbrain.audit.actions import AuditAction
from dealbrain.db.models import ImportAuditEvent
from dealbrain.jsonsafe import to_jsonable


def record_event(
    session: Session,
    *,
    actor: str,
    action: AuditAction,
    entity: str | None = None,
    import_session_id: str | None = None,
    payload: dict[str, Any] | None = None,
) -> ImportAuditEvent:
    """Append one event in the caller's transaction (so it commits or rolls back with the change)."""
    event = ImportAuditEvent(
        actor=actor,
        action=str(action),
        entity=entity,
        session_id=import_session_id,
        payload_json=to_jsonable(payload or {}),
    )
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class AuditFilter:
    """Which events to read; every criterion is optional."""

    import_session_id: str | None = None
    entity: str | None = None
    actor: str | None = None
    action: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int | None = None
    newest_first: bool = False
    """Order (and so which events ``limit`` keeps): the most recent first instead of the oldest."""


def query_events(session: Session, criteria: AuditFilter) -> Sequence[ImportAuditEvent]:
    """Events matching ``criteria``, oldest first (newest first with ``newest_first``)."""
    statement = select(ImportAuditEvent)
    if criteria.import_session_id:
        statement = statement.where(ImportAuditEvent.session_id == criteria.import_session_id)
    if criteria.entity:
        statement = statement.where(ImportAuditEvent.entity == criteria.entity)
    if criteria.actor:
        statement = statement.where(ImportAuditEvent.actor == criteria.actor)
    if criteria.action:
        statement = statement.where(ImportAuditEvent.action == criteria.action)
    if criteria.since:
        statement = statement.where(ImportAuditEvent.created_at >= criteria.since)
    if criteria.until:
        statement = statement.where(ImportAuditEvent.created_at <= criteria.until)
    if criteria.newest_first:
        statement = statement.order_by(ImportAuditEvent.created_at.desc(), ImportAuditEvent.id.desc())
    else:
        statement = statement.order_by(ImportAuditEvent.created_at, ImportAuditEvent.id)
    if criteria.limit:
        statement = statement.limit(criteria.limit)
    return session.scalars(statement).all()


def count_by_action(session: Session) -> dict[str, int]:
    """How many events of each action the log holds, most frequent first."""
    count = func.count(ImportAuditEvent.id)
    statement = select(ImportAuditEvent.action, count).group_by(ImportAuditEvent.action)
    rows = session.execute(statement.order_by(count.desc(), ImportAuditEvent.action)).all()
    return {action: total for action, total in rows}
