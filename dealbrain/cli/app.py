"""The `importer` command line. Exit codes: 0 ok, 1 the data was refused, 2 usage error."""

from __future__ import annotations

import typer

from dealbrain.cli.db_commands import db_app
from dealbrain.cli.fields_commands import fields_app
from dealbrain.cli.import_command import import_command
from dealbrain.cli.schema_command import schema_command
from dealbrain.cli.ui_command import ui_command

app = typer.Typer(
    name="importer",
    help="Import Deal Brain reference data (CPUs, GPUs, listings, valuation rules, ports profiles).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(db_app, name="db")
app.add_typer(fields_app, name="fields")
app.command("import")(import_command)
app.command("schema")(schema_command)
app.command("ui")(ui_command)


def main() -> None:
    app()
