"""One page of the audit log with the CLI's filters (`importer audit --help`), for the Audit page.

The same criteria as `importer audit` and ``GET /v1/audit`` (session, entity,
actor, action, since, until), newest first, read one page past the window to
know whether an older page exists. Bad dates or actions are refused with the
sentence the CLI would print.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from api.session_reads import is_import

from dealbrain.audit import AuditAction, AuditFilter, query_events
from dealbrain.audit.moments import parse_moment
from dealbrain.audit.report import event_record
from dealbrain.auth import Actor, Permission, require
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportSession
from dealbrain.errors import UserFacingError

ENTITY_PATHS = {"cpu": "/cpus", "gpu": "/gpus", "listing": "/listings", "valuation_rule": "/valuation-rules",
                "ports_profile": "/ports-profiles"}


class AuditFilterRefused(UserFacingError):
    """A filter the log cannot be read with (a date that is not a date, an unknown action)."""


@dataclass
class AuditCriteria:
    """The filters as typed on the page; empty text means "any"."""

    session: str = ""
    entity: str = ""
    actor: str = ""
    action: str = ""
    since: str = ""
    until: str = ""


@dataclass(frozen=True)
class AuditPage:
    events: list[dict[str, Any]]
    offset: int
    has_older: bool


def read_audit_page(engine: Engine, actor: Actor, criteria: AuditCriteria, *, offset: int, limit: int) -> AuditPage:
    """Events ``offset`` to ``offset + limit`` (newest first) matching ``criteria``; checks READ."""
    query = AuditFilter(
        import_session_id=criteria.session.strip() or None, entity=criteria.entity.strip() or None,
        actor=criteria.actor.strip() or None, action=_action(criteria.action),
        since=_moment("Since", criteria.since, end_of_day=False), until=_moment("Until", criteria.until, end_of_day=True),
        limit=offset + limit + 1, newest_first=True,
    )
    require(engine, actor, Permission.READ, action="read the audit log", entity=query.entity)
    with transaction(engine) as work:
        window = list(query_events(work, query))
        events = [event_record(event) for event in window[offset: offset + limit]]
        sessions = {event["session"] for event in events if event["session"]}
        rows = work.scalars(select(ImportSession).where(ImportSession.id.in_(sessions))) if sessions else []
        imports = {row.id for row in rows if is_import(row)}
    for event in events:
        event["import_session"] = event["session"] in imports
    return AuditPage(events, offset, len(window) > offset + limit)


def event_links(event: dict[str, Any], dagster_ui_url: str | None = None) -> dict[str, str]:
    """Where an event points: its import session (Imports page, Dagster UI) and its record (the grid, drawer open).

    ``session``: the Imports page with the session shown; ``dagster``: the
    session's preview partition in the Dagster UI (when its address is
    given). A record edit keeps its changeset in a session too, but that is
    no import session: it gets no session link. ``record``: the entity's grid
    with the record's details drawer open, for an event about one record (or
    the first of a bulk change's records).
    """
    links: dict[str, str] = {}
    session, payload = event.get("session"), event.get("payload") or {}
    if session and event.get("import_session"):
        links["session"] = f"/imports?session={urllib.parse.quote(session)}"
        if dagster_ui_url:
            links["dagster"] = (f"{dagster_ui_url.rstrip('/')}/assets/validated_preview?partition="
                                f"{urllib.parse.quote(session)}")
    record_id, path = _record_id(payload), ENTITY_PATHS.get(event.get("entity") or "")
    if record_id is not None and path:
        links["record"] = f"{path}?record={record_id}"
    return links


def _record_id(payload: dict[str, Any]) -> int | None:
    """The record an event is about: its ``record_id``, else the first of its ``records``."""
    if isinstance(payload.get("record_id"), int):
        return payload["record_id"]
    records = payload.get("records")
    if isinstance(records, list) and records and isinstance(records[0], dict):
        first = records[0].get("record_id")
        return first if isinstance(first, int) else None
    return None


def _action(name: str) -> str | None:
    if not name.strip():
        return None
    try:
        return AuditAction(name.strip().lower()).value
    except ValueError:
        valid = ", ".join(action.value for action in AuditAction)
        raise AuditFilterRefused(f"Action {name!r} is not an audited action; use one of {valid}.") from None


def _moment(label: str, text: str, *, end_of_day: bool) -> datetime | None:
    if not text.strip():
        return None
    try:
        return parse_moment(text, end_of_day=end_of_day)
    except ValueError as error:
        raise AuditFilterRefused(f"{label}: {error}.") from None
