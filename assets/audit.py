"""The audit trail in the Dagster UI: the matching events and how often each action happened.

The `audit_log` asset refreshes after every import, commit, undo and
custom-field run (the sensors in `pipelines/audit_refresh.py`) and can be
filtered from the Launchpad with the same criteria as `importer audit`.
"""

import json
from enum import Enum
from typing import Optional  # noqa: UP035 - Dagster reads Optional for optional config fields

import dagster as dg
from pydantic import Field

from assets.presentation import records_table
from dealbrain.audit import AuditAction, AuditFilter
from dealbrain.audit.moments import EXPECTED, parse_moment
from dealbrain.audit.report import EVENT_COLUMNS, event_row, printable, recent_activity
from dealbrain.db.models import ImportAuditEvent
from dealbrain.auth import Permission, PermissionDeniedError, require
from resources.deployment import Deployment

RECENT_EVENTS = 50
MAX_EVENTS = 10_000
AUDIT_GROUP = "audit"

AuditActionChoice = Enum("AuditActionChoice", {action.value: action.value for action in AuditAction})
"""The audited actions as Launchpad choices (a misspelt action is refused before the run starts)."""


class AuditLogConfig(dg.Config):
    """Which events to show; every filter is optional, as in `importer audit`."""

    session: Optional[str] = Field(default=None, description="Only this import session's events.")  # noqa: UP045
    entity: Optional[str] = Field(default=None, description="Only events about this entity (cpu, gpu, ...).")  # noqa: UP045
    actor: Optional[str] = Field(default=None, description="Only events by this user.")  # noqa: UP045
    action: Optional[AuditActionChoice] = Field(default=None, description="Only this audited action.")  # noqa: UP045
    since: Optional[str] = Field(default=None, description=f"From this moment: {EXPECTED}.")  # noqa: UP045
    until: Optional[str] = Field(default=None, description="Up to this moment (a date means the whole day).")  # noqa: UP045
    limit: int = Field(default=RECENT_EVENTS, ge=1, le=MAX_EVENTS, description="Show at most this many of the latest events.")

    def criteria(self) -> AuditFilter:
        """The filter `importer audit` would build; a bad date is a failed step saying which and why."""
        try:
            since = parse_moment(self.since) if self.since else None
            until = parse_moment(self.until, end_of_day=True) if self.until else None
        except ValueError as error:
            raise dg.Failure(description=f"since/until: {error}.", allow_retries=False) from None
        return AuditFilter(
            import_session_id=self.session or None, entity=self.entity or None, actor=self.actor or None,
            action=self.action.value if self.action else None, since=since, until=until,
            limit=self.limit, newest_first=True,
        )

    def described(self) -> str:
        chosen = {name: value for name, value in self.model_dump(mode="json").items() if value and name != "limit"}
        return ", ".join(f"{name} = {value}" for name, value in chosen.items()) or "none (every event)"


def _shown(event: ImportAuditEvent) -> dict[str, str]:
    """An event's cells, the payload in full with spaces after separators so the UI can wrap it."""
    return event_row(event, None) | {"details": printable(json.dumps(event.payload_json or {}, ensure_ascii=False))}


@dg.asset(group_name=AUDIT_GROUP, kinds={"sql"}, owners=["team:data-operations"])
def audit_log(
    context: dg.AssetExecutionContext, config: AuditLogConfig, deployment: dg.ResourceParam[Deployment]
) -> dg.MaterializeResult:
    """The append-only audit log: the latest matching events (newest first) and the number of events per action."""
    engine = deployment.engine()
    try:
        require(engine, deployment.actor_for(context.run), Permission.READ, action="read the audit log")
    except PermissionDeniedError as refusal:
        raise dg.Failure(description=str(refusal), allow_retries=False) from None
    activity = recent_activity(engine, config.criteria())
    counts = [{"action": action, "events": count} for action, count in activity.per_action.items()]
    latest = event_row(activity.recent[0])["time"] if activity.recent else None
    return dg.MaterializeResult(
        metadata={
            "filters": config.described(),
            "recent_events": records_table([_shown(e) for e in activity.recent], EVENT_COLUMNS),
            "events_per_action": records_table(counts, ["action", "events"], {"events": "integer"}),
            "shown_events": len(activity.recent),
            "dagster/row_count": activity.total,
            "latest_event_at": latest or "none yet",
            "read_at": activity.read_at.isoformat(timespec="seconds"),
        }
    )
