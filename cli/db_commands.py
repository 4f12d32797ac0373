"""`importer db ...`: migrate and inspect the database schema."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from alembic.util import CommandError

from cli.context import cli_settings
from cli.output import ExitCode, fail
from dealbrain.db import migrate
from dealbrain.db.engine import make_engine


@contextmanager
def _known_revision(revision: str) -> Iterator[None]:
    """An unknown revision is a usage error that names the known ones, not an Alembic traceback."""
    try:
        yield
    except CommandError:
        known = ", ".join(migrate.revisions())
        fail(f"unknown revision {revision!r}; use head, base or one of: {known}.", ExitCode.USAGE_ERROR)


db_app = typer.Typer(help="Create, upgrade and inspect the importer's database.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade_command(
    revision: str = typer.Argument("head", help="Target revision (default: the latest)."),
) -> None:
    """Apply migrations to the configured database (IMPORTER_DATABASE_URL)."""
    engine = make_engine(cli_settings().effective_database_url)
    before = migrate.current_revision(engine)
    with _known_revision(revision):
        migrate.upgrade(engine, revision)
    after = migrate.current_revision(engine)
    url = engine.url.render_as_string(hide_password=True)
    if before == after:
        typer.echo(f"{url} is already at {after}.")
    else:
        typer.echo(f"Upgraded {url} from {before or 'an empty database'} to {after}.")


@db_app.command("current")
def current_command() -> None:
    """Show the database's revision and whether it is the latest."""
    engine = make_engine(cli_settings().effective_database_url)
    current, head = migrate.current_revision(engine), migrate.head_revision()
    state = "up to date" if current == head else f"behind; the latest is {head} (run `importer db upgrade`)"
    typer.echo(f"{engine.url.render_as_string(hide_password=True)}: {current or 'empty'} ({state})")


@db_app.command("downgrade")
def downgrade_command(
    revision: str = typer.Argument(..., help="Target revision, or 'base' to remove every table."),
) -> None:
    """Revert migrations down to REVISION."""
    engine = make_engine(cli_settings().effective_database_url)
    with _known_revision(revision):
        migrate.downgrade(engine, revision)
    typer.echo(f"Downgraded to {migrate.current_revision(engine) or 'base'}.")
