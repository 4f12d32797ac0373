"""`importer records show|update|bulk-update|review`: read and edit stored records after an import.

Values are typed as they would be in a spreadsheet cell (``--set ram_gb=16GB``,
``--set price_usd='$1,064.00'``); ``--set FIELD=`` clears a field. Every
edit is validated like an import and can be reverted with `importer undo`.

Exit codes: 0 done (or nothing to change), 1 refused (no such record,
invalid value, filter selecting nothing, permission), 2 usage (unknown
entity or field, malformed --set or --where).
"""

from __future__ import annotations

from typing import Annotated, NoReturn

import typer

from cli.context import cli_actor, cli_database, reporting_changes
from cli.output import ExitCode, fail, print_json, warn
from dealbrain.auth import PermissionDeniedError
from dealbrain.db.migrate import SchemaOutdatedError
from dealbrain.records import RecordRefusedError, RecordUsageError
from dealbrain.specs import (
    ENTITY_NAMES,
    EntitySpec,
    UnknownEntityError,
    get_entity_spec,
)

SHOWN_RECORDS = 50
"""Changed records listed by a bulk edit in text form; --json lists them all."""

records_app = typer.Typer(
    name="records",
    help="Show and edit stored records (one, or many selected by a filter), validated like an import and undoable.",
    no_args_is_help=True,
)

EntityArgument = Annotated[str, typer.Argument(metavar="ENTITY", help=f"One of: {', '.join(ENTITY_NAMES)}.")]
KeyArgument = Annotated[
    str, typer.Argument(metavar="KEY", help="The record's name (title for listings); letter case does not matter.")
]
SetOption = Annotated[
    list[str],
    typer.Option(
        "--set",
        metavar="FIELD=VALUE",
        help="A new value, typed as in a spreadsheet cell (16GB, $1,064.00, Refurb); FIELD= clears. Repeatable.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object instead of text.")]


@records_app.command("show")
def show_command(entity: EntityArgument, key: KeyArgument, as_json: JsonOption = False) -> None:
    """Show one record: its fields (references by name) and its custom values."""
    from dealbrain.records import RecordService  # pandera and polars: loaded by the command that needs them
    from dealbrain.records.presentation import record_lines

    spec = _entity(entity)
    try:
        document = RecordService(cli_database(), cli_actor()).get(spec.name, key)
    except (RecordUsageError, RecordRefusedError, PermissionDeniedError, SchemaOutdatedError) as error:
        _refuse(error, as_json)
    if as_json:
        print_json(document)
        return
    for line in record_lines(document, spec):
        typer.echo(line)


@records_app.command("update")
def update_command(entity: EntityArgument, key: KeyArgument, values: SetOption, as_json: JsonOption = False) -> None:
    """Change fields of one record; refused as a whole if any value is unreadable or breaks a rule."""
    from dealbrain.records import RecordService  # pandera and polars: loaded by the command that needs them
    from dealbrain.records.presentation import update_lines

    spec = _entity(entity)
    changes = parse_assignments(values)
    try:
        with reporting_changes():
            change = RecordService(cli_database(), cli_actor()).update(spec.name, key, changes)
    except (RecordUsageError, RecordRefusedError, PermissionDeniedError, SchemaOutdatedError) as error:
        _refuse(error, as_json)
    for warning in change.warnings:  # saved, but Dagster was not told
        warn(warning)
    if as_json:
        print_json(change.as_dict())
        return
    for line in update_lines(change, spec):
        typer.echo(line)


@records_app.command("bulk-update")
def bulk_update_command(
    entity: EntityArgument,
    where: Annotated[
        str,
        typer.Option(
            "--where", metavar="EXPR", show_default=False,
            help="Which records to change, in the filter language of bulk overrides, "
            "e.g. 'manufacturer = \"Intel\" and cores >= 8'.",
        ),
    ],
    values: SetOption,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Check the edit and show what would change; write nothing.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Change fields of every record a filter selects: all of them, or none if any would be invalid."""
    from dealbrain.records import RecordService  # pandera and polars: loaded by the command that needs them
    from dealbrain.records.presentation import bulk_lines

    spec = _entity(entity)
    changes = parse_assignments(values)
    try:
        with reporting_changes():
            change = RecordService(cli_database(), cli_actor()).bulk_update(spec.name, where, changes, dry_run=dry_run)
    except (RecordUsageError, RecordRefusedError, PermissionDeniedError, SchemaOutdatedError) as error:
        _refuse(error, as_json)
    for warning in change.warnings:  # saved, but Dagster was not told
        warn(warning)
    if as_json:
        print_json(change.as_dict())
        return
    for line in bulk_lines(change, spec, SHOWN_RECORDS):
        typer.echo(line)


@records_app.command("review")
def review_command(entity: EntityArgument, key: KeyArgument, as_json: JsonOption = False) -> None:
    """Mark one record an import created from a listing's names (a CPU, GPU or ports profile) reviewed; undoable."""
    from dealbrain.records import RecordService  # pandera and polars: loaded by the command that needs them

    spec = _entity(entity)
    try:
        with reporting_changes():
            change = RecordService(cli_database(), cli_actor()).mark_reviewed(spec.name, key)
    except (RecordUsageError, RecordRefusedError, PermissionDeniedError, SchemaOutdatedError) as error:
        _refuse(error, as_json)
    if as_json:
        print_json(change.as_dict())
        return
    if change.updated == 0:
        typer.echo(f"{spec.label} {key!r} needs no review: nothing changed.")
        return
    typer.echo(f"{spec.label} {change.records[0]['record']!r} marked reviewed (edit session {change.session_id}; "
               f"`importer undo {change.session_id}` flags it again).")


def parse_assignments(values: list[str] | None) -> dict[str, str]:
    """``["ram_gb=16GB", "notes="]`` as ``{"ram_gb": "16GB", "notes": ""}``; exit 2 when one is malformed."""
    if not values:
        fail("give at least one --set FIELD=VALUE (FIELD= clears the field).", ExitCode.USAGE_ERROR)
    changes: dict[str, str] = {}
    for item in values:
        field, equals, value = item.partition("=")
        field = field.strip()
        if not equals or not field:
            fail(f"--set {item!r} is not FIELD=VALUE; write e.g. --set ram_gb=16GB (or --set notes= to clear).",
                 ExitCode.USAGE_ERROR)
        if field.lower() in {name.lower() for name in changes}:
            fail(f"--set gives {field} more than once; give each field one value.", ExitCode.USAGE_ERROR)
        changes[field] = value
    return changes


def _entity(name: str) -> EntitySpec:
    try:
        return get_entity_spec(name)
    except UnknownEntityError as error:
        fail(str(error), ExitCode.USAGE_ERROR)


def _refuse(error: Exception, as_json: bool) -> NoReturn:
    code = ExitCode.USAGE_ERROR if isinstance(error, RecordUsageError) else ExitCode.DATA_REFUSED
    if as_json:
        print_json({"status": "refused", "error": str(error)})
    fail(str(error), code)
