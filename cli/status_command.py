"""`importer status`: the environment in force, its switches, the executor and the database's revision."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy.exc import SQLAlchemyError

from cli.context import cli_settings
from cli.output import print_json
from dealbrain.db import migrate
from dealbrain.db.engine import make_engine
from dealbrain.environment import environment_problems
from dealbrain.settings import ImporterSettings
from dealbrain.tables import text_table


def status_document(settings: ImporterSettings) -> dict[str, object]:
    """Everything `importer status` shows, as plain data."""
    environment = settings.environment
    engine = make_engine(settings.effective_database_url)
    try:
        current = migrate.current_revision(engine)
        revision = {"current": current, "latest": migrate.head_revision(), "reachable": True}
    except SQLAlchemyError as error:
        revision = {"current": None, "latest": migrate.head_revision(), "reachable": False,
                    "error": str(error).splitlines()[0]}
    finally:
        engine.dispose()
    return {
        "environment": str(environment.name),
        "authentication": {"required": environment.authentication_required, "enabled": settings.auth_enabled},
        "automatic_migration": environment.automatic_migration and settings.uses_embedded_database,
        "inbox_sensor_running_by_default": environment.inbox_sensor_running,
        "switches": {name: on for name, on, _ in environment.switch_table()},
        "switch_sources": {name: source for name, _, source in environment.switch_table()},
        "executor": settings.executor,
        "database": {"url": engine.url.render_as_string(hide_password=True), **revision},
        "problems": environment_problems(environment, auth_enabled=settings.auth_enabled),
    }


def status_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print the status as JSON.")] = False,
) -> None:
    """Show the environment (IMPORTER_ENV), its feature switches, the executor and the database revision."""
    document = status_document(cli_settings())
    if as_json:
        print_json(document)
        return
    database = document["database"]
    auth = document["authentication"]
    if database["reachable"]:
        state = "up to date" if database["current"] == database["latest"] else f"behind {database['latest']}"
        revision = f"{database['current'] or 'empty'} ({state})"
    else:
        revision = f"not reachable: {database['error']}"
    typer.echo(f"environment:  {document['environment']}")
    typer.echo(f"auth:         {'on' if auth['enabled'] else 'off'} (required: {'yes' if auth['required'] else 'no'})")
    typer.echo(f"auto-migrate: {'yes' if document['automatic_migration'] else 'no'}")
    typer.echo(f"inbox sensor: {'on' if document['inbox_sensor_running_by_default'] else 'off'} by default")
    typer.echo(f"executor:     {document['executor']}")
    typer.echo(f"database:     {database['url']} at {revision}")
    rows = [{"switch": name, "state": "on" if on else "off", "from": document["switch_sources"][name]}
            for name, on in document["switches"].items()]
    typer.echo("\n" + text_table(rows, ["switch", "state", "from"]))
    for problem in document["problems"]:
        typer.echo(f"warning: {problem}", err=True)
