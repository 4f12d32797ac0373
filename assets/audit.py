"""The audit trail in the Dagster UI: recent activity and how often each action happened."""

from __future__ import annotations

import dagster as dg

from assets.presentation import markdown, records_markdown
from dealbrain.audit.report import EVENT_COLUMNS, event_row, recent_activity
from dealbrain.auth import Permission, PermissionDeniedError, require
from resources.database import DatabaseResource
from resources.identity import ActorResource

RECENT_EVENTS = 50
SHOWN_COLUMNS = [column for column in EVENT_COLUMNS if column != "details"]


@dg.asset(group_name="audit", kinds={"sql"}, owners=["team:data-operations"])
def audit_log(database: DatabaseResource, identity: ActorResource) -> dg.MaterializeResult:
    """Recent activity in the append-only audit log: the last 50 events and the number of events per action."""
    engine = database.engine()
    try:
        require(engine, identity.actor(), Permission.READ, action="read the audit log")
    except PermissionDeniedError as refusal:
        raise dg.Failure(description=str(refusal), allow_retries=False) from None
    activity = recent_activity(engine, RECENT_EVENTS)
    counts = [{"action": action, "events": count} for action, count in activity.per_action.items()]
    latest = event_row(activity.recent[0])["time"] if activity.recent else None
    return dg.MaterializeResult(
        metadata={
            "recent_events": markdown(records_markdown([event_row(e) for e in activity.recent], SHOWN_COLUMNS)),
            "events_per_action": markdown(records_markdown(counts, ["action", "events"])),
            "dagster/row_count": activity.total,
            "latest_event_at": latest or "none yet",
            "read_at": activity.read_at.isoformat(timespec="seconds"),
        }
    )
