"""`importer db ...`: migrate and inspect the database schema."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from alembic.script.revision import RevisionError
from alembic.util import CommandError

from cli.context import cli_settings
from cli.output import ExitCode, fail
from dealbrain.db import migrate
from dealbrain.db.backup import (
    MaintenanceError,
    backup_database,
    default_backup_path,
    restore_database,
)
from dealbrain.db.downgrade_guard import check_downgrade, pending_revisions
from dealbrain.db.engine import make_engine


@contextmanager
def _known_revision(revision: str) -> Iterator[None]:
    """An unknown revision is a usage error that names the known ones, not an Alembic traceback."""
    try:
        yield
    except (CommandError, RevisionError):
        known = ", ".join(migrate.revisions())
        fail(f"unknown revision {revision!r}; use head, base or one of: {known}.", ExitCode.USAGE_ERROR)


@contextmanager
def _maintenance() -> Iterator[None]:
    """A refused backup, restore or downgrade is a sentence and exit 1, not a traceback."""
    try:
        yield
    except MaintenanceError as error:
        fail(str(error))


db_app = typer.Typer(help="Create, upgrade and inspect the importer's database.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade_command(
    revision: str = typer.Argument("head", help="Target revision (default: the latest)."),
) -> None:
    """Apply migrations to the configured database (IMPORTER_DATABASE_URL), printing how long each took."""
    engine = make_engine(cli_settings().effective_database_url)
    before = migrate.current_revision(engine)
    url = engine.url.render_as_string(hide_password=True)
    with _known_revision(revision):
        steps = pending_revisions(engine, revision)
        for step in steps:
            started = time.perf_counter()
            migrate.upgrade(engine, step)
            typer.echo(f"  {step}: {time.perf_counter() - started:.2f} s")
    after = migrate.current_revision(engine)
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
    i_have_a_backup: Annotated[
        bool,
        typer.Option("--i-have-a-backup", help="Allow a downgrade that deletes data (take `importer db backup` first)."),
    ] = False,
) -> None:
    """Revert migrations down to REVISION; refused when it would delete data, unless --i-have-a-backup."""
    engine = make_engine(cli_settings().effective_database_url)
    with _known_revision(revision), _maintenance():
        losses = check_downgrade(engine, revision, have_backup=i_have_a_backup)
        for loss in losses:
            typer.echo(f"deleting {loss.describe()}", err=True)
        migrate.downgrade(engine, revision)
    typer.echo(f"Downgraded to {migrate.current_revision(engine) or 'base'}.")


@db_app.command("backup")
def backup_command(
    path: Annotated[
        Path | None,
        typer.Argument(help="File to write (default: a timestamped file in <data folder>/backups).", show_default=False),
    ] = None,
) -> None:
    """Write a consistent backup of the database (SQLite: online backup API; PostgreSQL: pg_dump)."""
    settings = cli_settings()
    engine = make_engine(settings.effective_database_url)
    target = path or default_backup_path(engine, settings.resolved_data_dir / "backups")
    with _maintenance():
        report = backup_database(engine, target)
    typer.echo(f"Backed up {engine.url.render_as_string(hide_password=True)} to {report.path} "
               f"({report.size_bytes:,} bytes, {report.seconds:.2f} s).")


@db_app.command("restore")
def restore_command(
    path: Annotated[Path, typer.Argument(help="A file written by `importer db backup`.")],
    yes: Annotated[bool, typer.Option("--yes", help="Confirm that the database's current contents are replaced.")] = False,
) -> None:
    """Replace the database's contents with a backup taken by `importer db backup`."""
    engine = make_engine(cli_settings().effective_database_url)
    url = engine.url.render_as_string(hide_password=True)
    if not yes:
        fail(f"restoring replaces everything in {url} with the contents of {path}; run again with --yes to do it.",
             ExitCode.USAGE_ERROR)
    with _maintenance():
        restore_database(engine, path)
    typer.echo(f"Restored {url} from {path}; it is at revision {migrate.current_revision(engine) or 'base'}.")
