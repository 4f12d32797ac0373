"""Import metrics for analysts: how much was imported, held, refused and edited, per day and per entity.

Computed from the database alone (sessions, the audit log, the stored
records), for the last ``days`` days up to ``today``:

- imports per day: *previewed* (sessions created that day that reached a
  preview), *committed* (sessions committed that day), *held* (sessions
  created that day still waiting for a person: blocked or held), *refused*
  (commits refused that day);
- rows inserted, updated and rejected per entity (from the commit events);
- custom field usage: the active fields and how many records carry a value
  for each;
- record edits and bulk updates per day;
- the median preview and commit times, from the durations the caller hands
  over (the Dagster runs' step timings: the database does not keep them).
"""

from __future__ import annotations

import json
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dealbrain.audit.actions import AuditAction
from dealbrain.customfields import active_field_specs
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportAuditEvent, ImportSession
from dealbrain.records.changeset import EDIT_SOURCE
from dealbrain.specs import ENTITY_NAMES, get_entity_spec
from dealbrain.store.records import ATTRIBUTES, entity_table
from dealbrain.store.sessions import SessionStatus

WAITING = {SessionStatus.BLOCKED, "held"}
"""Session statuses that wait for a person's decision."""
PREVIEWED = {SessionStatus.PREVIEWED, SessionStatus.COMMITTED, SessionStatus.UNDONE} | WAITING
ROW_COUNTS = ("inserted", "updated", "rejected")
DAY_COLUMNS = ("day", "previewed", "committed", "held", "refused", "rows_inserted", "rows_updated", "rows_rejected",
               "edits", "bulk_updates")


@dataclass(frozen=True)
class Timing:
    """How long one preview or one commit took (``stage`` is ``preview`` or ``commit``), on ``day``."""

    day: date
    stage: str
    seconds: float


@dataclass
class ImportMetrics:
    since: date
    until: date
    days: list[dict[str, Any]]
    """One row per day, oldest first, with `DAY_COLUMNS`."""
    rows_by_entity: dict[str, dict[str, int]]
    """Entity -> inserted, updated, rejected over the window."""
    custom_fields: list[dict[str, Any]]
    """One row per active custom field: entity, field, records carrying a value, records stored."""
    median_preview_seconds: float | None = None
    median_commit_seconds: float | None = None
    totals: dict[str, int] = field(default_factory=dict)

    def figures(self) -> dict[str, float]:
        """Every figure as one flat number, named for a chart (totals over the window, then per entity)."""
        figures: dict[str, float] = {f"{name}_{len(self.days)}d": value for name, value in self.totals.items()}
        for entity, counts in self.rows_by_entity.items():
            figures |= {f"{entity}_rows_{name}_{len(self.days)}d": counts[name] for name in ROW_COUNTS}
        figures["custom_fields_defined"] = len(self.custom_fields)
        figures["records_with_custom_values"] = sum(row["records_with_value"] for row in self.custom_fields)
        if self.median_preview_seconds is not None:
            figures["median_preview_seconds"] = self.median_preview_seconds
        if self.median_commit_seconds is not None:
            figures["median_commit_seconds"] = self.median_commit_seconds
        return figures


def import_metrics(engine: Engine, today: date, timings: Iterable[Timing] = (), days: int = 30) -> ImportMetrics:
    """The metrics of the ``days`` days ending with ``today`` (dates as the database stores them, UTC)."""
    since = today - timedelta(days=days - 1)
    start = datetime.combine(since, time.min)
    table: dict[date, Counter[str]] = {since + timedelta(days=n): Counter() for n in range(days)}
    rows_by_entity: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ROW_COUNTS, 0))
    with transaction(engine) as session:
        _count_sessions(session, start, table)
        _count_events(session, start, table, rows_by_entity)
        usage = _custom_field_usage(session)
    chosen = [t for t in timings if since <= t.day <= today]
    totals = {name: sum(day[name] for day in table.values()) for name in DAY_COLUMNS[1:]}
    return ImportMetrics(
        since=since, until=today,
        days=[{"day": day.isoformat(), **{name: counts[name] for name in DAY_COLUMNS[1:]}} for day, counts in table.items()],
        rows_by_entity={name: rows_by_entity[name] for name in sorted(rows_by_entity)},
        custom_fields=usage,
        median_preview_seconds=_median(t.seconds for t in chosen if t.stage == "preview"),
        median_commit_seconds=_median(t.seconds for t in chosen if t.stage == "commit"),
        totals=totals,
    )


def _count_sessions(session: Session, start: datetime, table: dict[date, Counter[str]]) -> None:
    statement = select(ImportSession.created_at, ImportSession.status).where(
        ImportSession.created_at >= start, ImportSession.source_filename != EDIT_SOURCE
    )
    for created_at, status in session.execute(statement):
        counts = table.get(created_at.date())
        if counts is None:
            continue
        counts["previewed"] += status in PREVIEWED
        counts["held"] += status in WAITING


def _count_events(
    session: Session, start: datetime, table: dict[date, Counter[str]], rows_by_entity: dict[str, dict[str, int]]
) -> None:
    actions = [AuditAction.COMMIT, AuditAction.COMMIT_REFUSED, AuditAction.RECORD_UPDATED, AuditAction.BULK_UPDATE]
    statement = (
        select(ImportAuditEvent.created_at, ImportAuditEvent.action, ImportAuditEvent.session_id,
               ImportAuditEvent.entity, ImportAuditEvent.payload_json)
        .where(ImportAuditEvent.created_at >= start, ImportAuditEvent.action.in_([str(a) for a in actions]))
        .order_by(ImportAuditEvent.id)
    )
    committed: set[str | None] = set()
    for created_at, action, session_id, entity, payload in session.execute(statement):
        counts = table.get(created_at.date())
        if counts is None:
            continue
        if action == AuditAction.COMMIT:
            if session_id not in committed:
                committed.add(session_id)
                counts["committed"] += 1
            for name in ROW_COUNTS:
                value = int((payload or {}).get(name) or 0)
                counts[f"rows_{name}"] += value
                if entity:
                    rows_by_entity[entity][name] += value
        elif action == AuditAction.COMMIT_REFUSED:
            counts["refused"] += 1
        elif action == AuditAction.RECORD_UPDATED:
            counts["edits"] += 1
        else:
            counts["bulk_updates"] += 1


def _custom_field_usage(session: Session) -> list[dict[str, Any]]:
    usage = []
    for name in ENTITY_NAMES:
        fields = active_field_specs(session, name)
        if not fields:
            continue
        table = entity_table(get_entity_spec(name))
        carried: Counter[str] = Counter()
        stored = 0
        for (attributes,) in session.execute(select(table.c[ATTRIBUTES])):
            stored += 1
            values = _attributes(attributes)
            carried.update(key for key, value in values.items() if value is not None)
        usage += [
            {"entity": name, "field": spec.name, "records_with_value": carried[spec.name], "records": stored}
            for spec in fields
        ]
    return usage


def _attributes(value: Any) -> dict[str, Any]:
    if isinstance(value, str):
        return json.loads(value or "{}")
    return value or {}


def _median(values: Iterable[float]) -> float | None:
    chosen = list(values)
    return round(statistics.median(chosen), 3) if chosen else None
