"""`importer undo SESSION`: revert a committed import, or say why not.

Exit codes: 0 undone, 1 refused (unknown, uncommitted or already undone
session, records touched since, permission), 2 usage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.context import cli_actor, cli_database, reporting_changes
from cli.output import ExitCode, fail, print_json, warn
from dealbrain.auth import PermissionDeniedError
from dealbrain.db.migrate import SchemaOutdatedError

if TYPE_CHECKING:
    from dealbrain.importing.undo import UndoResult

SHOWN_SKIPPED = 50


def undo_command(
    session: Annotated[
        str, typer.Argument(metavar="SESSION", help="The committed import session to undo (the id `importer import` printed).")
    ],
    only_untouched: Annotated[
        bool,
        typer.Option("--only-untouched", help="Keep the records later imports changed or use, and revert the rest."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object instead of the summary.")] = False,
) -> None:
    """Undo a committed import: delete the records it inserted and restore the ones it updated."""
    from dealbrain.importing.undo import UndoRefusedError, undo_import  # the writer loads psycopg: only for this command

    session_id = session.strip()
    if not session_id:
        fail("SESSION is empty; pass the id of a committed import session.", ExitCode.USAGE_ERROR)
    try:
        engine = cli_database()
        with reporting_changes():
            result = undo_import(engine, cli_actor(), session_id, only_untouched=only_untouched)
    except (UndoRefusedError, PermissionDeniedError, SchemaOutdatedError) as refusal:
        if as_json:
            print_json({"session_id": session_id, "status": "refused", "error": str(refusal)})
        fail(str(refusal))
    for warning in result.warnings:  # undone, but Dagster was not told
        warn(warning)
    if as_json:
        print_json(_summary(result))
    else:
        _print_summary(result)


def _summary(result: UndoResult) -> dict[str, Any]:
    return {"session_id": result.session_id, "status": "undone", "counts": result.counts(), "skipped": result.skipped,
            "warnings": result.warnings}


def _print_summary(result: UndoResult) -> None:
    from dealbrain.importing.undo_touched import describe_skipped

    typer.echo(f"Undid import session {result.session_id}:")
    for entity, counts in result.counts().items():
        typer.echo(f"  {entity}: {counts['deleted']} deleted, {counts['restored']} restored, {counts['skipped']} kept")
    if not result.skipped:
        return
    typer.echo(f"Kept {len(result.skipped)} record(s) touched since (undo the later sessions to revert them):")
    for item in result.skipped[:SHOWN_SKIPPED]:
        typer.echo(f"  - {describe_skipped(item)}")
    if len(result.skipped) > SHOWN_SKIPPED:
        typer.echo(f"  … and {len(result.skipped) - SHOWN_SKIPPED} more (see --json)")
