"""`importer records history ENTITY KEY [--field F]`: where each stored value of a record came from.

For every value set on the record, oldest first: the session that set it
(an import: its file, sheet, source row and source column; an edit: the edit
session), when and by whom, and the value it replaced. Undone sessions are
listed and marked. Exit codes: 0 shown, 1 refused (no such record,
permission), 2 usage (unknown entity or field).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.context import cli_actor, cli_database
from cli.output import ExitCode, fail, print_json
from cli.records_commands import EntityArgument, JsonOption, KeyArgument
from dealbrain.auth import PermissionDeniedError
from dealbrain.db.migrate import SchemaOutdatedError
from dealbrain.records import RecordRefusedError, RecordUsageError
from dealbrain.specs import UnknownEntityError

if TYPE_CHECKING:
    from dealbrain.provenance import RecordHistory


def history_command(
    entity: EntityArgument,
    key: KeyArgument,
    field: Annotated[
        str | None, typer.Option("--field", metavar="FIELD", help="Only this field (a custom field's key works too).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Show where each value of one record came from: file, sheet, row and column, or the edit that set it."""
    from dealbrain.provenance import record_history  # polars: loaded by the command that needs it

    try:
        history = record_history(cli_database(), cli_actor(), entity, key, field)
    except (UnknownEntityError, RecordUsageError) as error:
        _refuse(error, as_json, ExitCode.USAGE_ERROR)
    except (RecordRefusedError, PermissionDeniedError, SchemaOutdatedError) as error:
        _refuse(error, as_json, ExitCode.DATA_REFUSED)
    if as_json:
        print_json(history.as_dict())
        return
    for line in history_lines(history):
        typer.echo(line)


def history_lines(history: RecordHistory) -> list[str]:
    """The history as text: one block per field, its changes oldest first, the current value marked."""
    lines = [f"{history.entity} {history.key!r} (id {history.record_id})"]
    if not history.changes:
        return [*lines, "  no recorded changes (stored before changesets were kept, or nothing set)"]
    current = history.current()
    fields: dict[str, list[Any]] = {}
    for change in history.changes:
        fields.setdefault(change.field, []).append(change)
    for name, changes in fields.items():
        lines.append(f"  {name}:")
        for change in changes:
            mark = "*" if current.get(name) is change else " "
            when = f"{change.at:%Y-%m-%d %H:%M:%S}" if change.at else "?"
            replaced = "new" if change.operation == "insert" else f"was {_shown(change.before)}"
            undone = " [undone]" if change.undone else ""
            lines.append(f"   {mark} {_shown(change.value)} ({replaced}) at {when} from {change.origin()}{undone}")
    lines.append("  (* the change that set the value stored now)")
    return lines


def _shown(value: Any) -> str:
    return "(blank)" if value is None else repr(value) if isinstance(value, str) else str(value)


def _refuse(error: Exception, as_json: bool, code: ExitCode) -> None:
    if as_json:
        print_json({"status": "refused", "error": str(error)})
    fail(str(error), code)
