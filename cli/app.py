"""The `importer` command line. Exit codes: 0 ok, 1 the data was refused, 2 usage error."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.audit_command import audit_command
from cli.context import use_token
from cli.db_commands import db_app
from cli.fields_commands import fields_app
from cli.history_command import history_command
from cli.import_command import import_command
from cli.profiles_commands import profiles_app
from cli.records_commands import records_app
from cli.schema_command import schema_command
from cli.serve_command import serve_command
from cli.sources_commands import sources_app
from cli.status_command import status_command
from cli.token_commands import token_app
from cli.ui_command import ui_command
from cli.undo_command import undo_command
from cli.users_commands import users_app

IDENTITY_EPILOG = (
    "Identity: with IMPORTER_AUTH_ENABLED off (the default) every command runs as the local user "
    "(IMPORTER_ACTOR) with the admin role. With it on, pass --token or set IMPORTER_TOKEN."
)

app = typer.Typer(
    name="importer",
    help="Import Deal Brain reference data (CPUs, GPUs, listings, valuation rules, ports profiles).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    epilog=IDENTITY_EPILOG,
)
app.add_typer(db_app, name="db")
app.add_typer(fields_app, name="fields")
app.command("import")(import_command)
records_app.command("history")(history_command)
app.add_typer(profiles_app, name="profiles")
app.add_typer(sources_app, name="sources")
app.add_typer(records_app, name="records")
app.command("schema")(schema_command)
app.command("ui")(ui_command)
app.command("undo")(undo_command)
app.add_typer(users_app, name="users")
app.add_typer(token_app, name="token")
app.command("audit")(audit_command)
app.command("status")(status_command)
app.command("serve")(serve_command)


@app.callback()
def identity_options(
    token: Annotated[
        str | None,
        typer.Option("--token", help="Your user token when authentication is on (default: IMPORTER_TOKEN).", show_default=False),
    ] = None,
) -> None:
    """Import Deal Brain reference data (CPUs, GPUs, listings, valuation rules, ports profiles)."""
    use_token(token)


def main() -> None:
    app()
