"""`/v1/audit`: the audit log with the CLI's filters, paginated, as JSON or CSV."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel

from api.deps import ActorDep, EngineDep
from api.errors import ApiError
from api.schemas.common import ERROR_RESPONSES
from dealbrain.audit import AuditAction, AuditFilter, query_events
from dealbrain.audit.moments import parse_moment
from dealbrain.audit.report import EVENT_COLUMNS, event_record, event_row
from dealbrain.auth import Permission, require
from dealbrain.db.engine import transaction
from dealbrain.export.safe_cells import neutralize

router = APIRouter(prefix="/v1/audit", tags=["audit"], responses=ERROR_RESPONSES)
MAX_PAGE = 1000
MAX_WINDOW = 100_000


class AuditPage(BaseModel):
    total_returned: int
    limit: int
    offset: int
    next_offset: int | None
    events: list[dict[str, Any]]


def _moment(name: str, text: str | None, *, end_of_day: bool) -> datetime | None:
    if text is None or not text.strip():
        return None
    try:
        return parse_moment(text, end_of_day=end_of_day)
    except ValueError as error:
        raise ApiError(f"{name}: {error}") from None


def _action(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return AuditAction(name.strip().lower()).value
    except ValueError:
        valid = ", ".join(action.value for action in AuditAction)
        raise ApiError(f"action: {name!r} is not an audited action; use one of {valid}.") from None


@router.get("", response_model=AuditPage, responses={200: {"content": {"text/csv": {}}}})
def audit(
    engine: EngineDep,
    actor: ActorDep,
    session: Annotated[str | None, Query(max_length=64)] = None,
    entity: Annotated[str | None, Query(max_length=32)] = None,
    actor_name: Annotated[str | None, Query(alias="actor", max_length=128)] = None,
    action: Annotated[str | None, Query(max_length=64)] = None,
    since: Annotated[str | None, Query(max_length=40)] = None,
    until: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_WINDOW)] = 0,
    format: Annotated[Literal["json", "csv"], Query()] = "json",  # noqa: A002 - the query parameter's name
) -> Any:
    """Who did what and when, newest first; ``next_offset`` pages on."""
    criteria = AuditFilter(
        import_session_id=session or None, entity=entity or None, actor=actor_name or None, action=_action(action),
        since=_moment("since", since, end_of_day=False), until=_moment("until", until, end_of_day=True),
        limit=offset + limit + 1, newest_first=True,
    )
    require(engine, actor, Permission.READ, action="read the audit log", entity=entity or None)
    with transaction(engine) as work:
        window = list(query_events(work, criteria))
        events = window[offset: offset + limit]
        more = len(window) > offset + limit
        if format == "csv":
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=list(EVENT_COLUMNS))
            writer.writeheader()
            for event in events:
                writer.writerow({k: neutralize(v) for k, v in event_row(event, details_width=None).items()})
            return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8")
        records = [event_record(event) for event in events]
    return {"total_returned": len(records), "limit": limit, "offset": offset,
            "next_offset": offset + limit if more else None, "events": records}
