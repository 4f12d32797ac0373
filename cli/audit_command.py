"""`importer audit`: read the audit trail, filtered, as a table, JSON or CSV.

Shows the most recent ``--limit`` matching events, oldest of them first.
Times are UTC. Exit codes: 0 done, 1 refused (permission), 2 usage (a bad
date, action or output choice).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from typing import Annotated

import typer

from cli.context import cli_actor, cli_database
from cli.output import ExitCode, fail, print_json
from dealbrain.audit import AuditAction, AuditFilter, query_events
from dealbrain.audit.moments import parse_moment
from dealbrain.audit.report import EVENT_COLUMNS, event_record, event_row
from dealbrain.auth import Permission, PermissionDeniedError, require
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportAuditEvent
from dealbrain.export.safe_cells import neutralize
from dealbrain.tables import text_table

_ACTIONS = ", ".join(action.value for action in AuditAction)
MAX_LIMIT = 10_000


def audit_command(
    session: Annotated[str | None, typer.Option("--session", help="Only this import session's events.")] = None,
    entity: Annotated[str | None, typer.Option(help="Only events about this entity (cpu, gpu, ...).")] = None,
    actor: Annotated[str | None, typer.Option(help="Only events by this user.")] = None,
    action: Annotated[str | None, typer.Option(help=f"Only this action: {_ACTIONS}.")] = None,
    since: Annotated[str | None, typer.Option(help="From this date or ISO datetime (UTC unless an offset is given).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this date (the whole day) or ISO datetime.")] = None,
    limit: Annotated[int, typer.Option(min=1, max=MAX_LIMIT, help="Show at most this many of the latest events.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (payloads in full).")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV (safe to open in a spreadsheet).")] = False,
) -> None:
    """Show who did what and when: imports, mappings, commits, custom fields, users, refusals."""
    if as_json and as_csv:
        fail("--json and --csv are exclusive; pick one.", ExitCode.USAGE_ERROR)
    criteria = AuditFilter(
        import_session_id=session, entity=entity, actor=actor, action=_action(action),
        since=_moment("--since", since, end_of_day=False), until=_moment("--until", until, end_of_day=True),
        limit=limit, newest_first=True,
    )
    engine, who = cli_database(), cli_actor()
    try:
        require(engine, who, Permission.READ, action="read the audit log", entity=entity)
    except PermissionDeniedError as refusal:
        fail(str(refusal))
    with transaction(engine) as work:
        events = list(reversed(query_events(work, criteria)))
    if as_json:
        print_json([event_record(event) for event in events])
    elif as_csv:
        _write_csv(events)
    elif not events:
        typer.echo("No audit events match.")
    else:
        typer.echo(text_table([event_row(event) for event in events], EVENT_COLUMNS))


def _action(name: str | None) -> str | None:
    if name is None:
        return None
    try:
        return AuditAction(name.strip().lower()).value
    except ValueError:
        fail(f"--action {name!r} is not an audited action; use one of {_ACTIONS}.", ExitCode.USAGE_ERROR)


def _moment(option: str, text: str | None, *, end_of_day: bool) -> datetime | None:
    if text is None:
        return None
    try:
        return parse_moment(text, end_of_day=end_of_day)
    except ValueError as error:
        fail(f"{option}: {error}.", ExitCode.USAGE_ERROR)


def _write_csv(events: list[ImportAuditEvent]) -> None:
    """One row per event, the payload as JSON; cells that look like formulas are neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EVENT_COLUMNS)
    for event in events:
        row = event_row(event, details_width=None)
        row["details"] = json.dumps(event.payload_json or {}, ensure_ascii=False)
        writer.writerow([neutralize(row[column]) for column in EVENT_COLUMNS])
    typer.echo(buffer.getvalue(), nl=False)
