"""Audit events as rows people read: in the CLI, in CSV/JSON, and in the Dagster UI."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine

from dealbrain.audit.log import AuditFilter, count_by_action, query_events
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportAuditEvent

EVENT_COLUMNS = ("time", "actor", "action", "entity", "session", "details")
_CONTROL = {code: " " for code in [*range(0, 32), 127, *range(128, 160)]}


def printable(text: Any, width: int | None = None) -> str:
    """``text`` without control characters (no terminal escapes from stored values), cut to ``width``."""
    cleaned = ("" if text is None else str(text)).translate(_CONTROL)
    if width is not None and len(cleaned) > width:
        return cleaned[: width - 1] + "…"
    return cleaned


def event_time(event: ImportAuditEvent) -> str:
    """The event's time as ISO 8601 UTC (SQLite hands back naive UTC timestamps)."""
    moment = event.created_at
    if moment is None:
        return ""
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return moment.isoformat(timespec="seconds")


def event_record(event: ImportAuditEvent) -> dict[str, Any]:
    """Every field of an event, the payload as a mapping: for JSON output."""
    return {
        "id": event.id,
        "time": event_time(event),
        "actor": event.actor,
        "action": event.action,
        "entity": event.entity,
        "session": event.session_id,
        "payload": event.payload_json or {},
    }


def event_row(event: ImportAuditEvent, details_width: int | None = 80) -> dict[str, str]:
    """An event as flat text cells (the payload as compact JSON): for tables and CSV."""
    details = json.dumps(event.payload_json or {}, separators=(",", ":"), ensure_ascii=False)
    return {
        "time": event_time(event),
        "actor": printable(event.actor),
        "action": printable(event.action),
        "entity": printable(event.entity),
        "session": printable(event.session_id),
        "details": printable(details, details_width),
    }


@dataclass(frozen=True)
class Activity:
    """The latest events (newest first) and how many events of each action the log holds."""

    recent: list[ImportAuditEvent]
    per_action: dict[str, int]
    read_at: datetime

    @property
    def total(self) -> int:
        return sum(self.per_action.values())


def recent_activity(engine: Engine, limit: int | AuditFilter = 50) -> Activity:
    """The latest ``limit`` events, or those matching a filter (as `importer audit` builds it), and the counts."""
    criteria = limit if isinstance(limit, AuditFilter) else AuditFilter(limit=limit, newest_first=True)
    with transaction(engine) as session:
        recent = list(query_events(session, criteria))
        return Activity(recent=recent, per_action=count_by_action(session), read_at=datetime.now(UTC))
