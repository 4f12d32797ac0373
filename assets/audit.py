"""The audit trail in the Dagster UI: recent activity and how often each action happened."""


import dagster as dg

from assets.presentation import markdown, records_markdown
from dealbrain.audit.report import EVENT_COLUMNS, event_row, recent_activity
from dealbrain.auth import Permission, PermissionDeniedError, require
from resources.deployment import Deployment

RECENT_EVENTS = 50
SHOWN_COLUMNS = [column for column in EVENT_COLUMNS if column != "details"]


@dg.asset(group_name="audit", kinds={"sql"}, owners=["team:data-operations"])
def audit_log(context: dg.AssetExecutionContext, deployment: dg.ResourceParam[Deployment]) -> dg.MaterializeResult:
    """Recent activity in the append-only audit log: the last 50 events and the number of events per action."""
    engine = deployment.engine()
    try:
        require(engine, deployment.actor_for(context.run), Permission.READ, action="read the audit log")
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
