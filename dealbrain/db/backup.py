"""Backing up and restoring the importer database.

SQLite: the online backup API, page by page, consistent even while the
importer is writing. PostgreSQL: ``pg_dump`` in its custom format, restricted
to the schema the importer uses, and ``pg_restore`` into that schema. Where
the PostgreSQL client tools are not installed the error names the equivalent
(``pg_dump -Fc -n SCHEMA`` from any machine that has them).
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import URL

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"


class MaintenanceError(Exception):
    """A backup, restore or migration step that cannot be done as asked; the message says what to do."""


@dataclass(frozen=True)
class BackupReport:
    path: Path
    backend: str
    size_bytes: int
    seconds: float


def default_backup_path(engine: Engine, folder: Path) -> Path:
    """``<folder>/importer-<backend>-<UTC timestamp>.<ext>``."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    extension = "sqlite" if engine.dialect.name == "sqlite" else "dump"
    return folder / f"importer-{engine.dialect.name}-{stamp}.{extension}"


def backup_database(engine: Engine, path: Path) -> BackupReport:
    """Write a consistent copy of the database behind ``engine`` to ``path`` (which must not exist)."""
    path = path.expanduser().resolve()
    if path.exists():
        raise MaintenanceError(f"{path} already exists; choose a new file name so no earlier backup is overwritten.")
    path.parent.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    if engine.dialect.name == "sqlite":
        _sqlite_backup(engine, path)
    elif engine.dialect.name == "postgresql":
        _pg_dump(engine, path)
    else:
        raise MaintenanceError(f"backups of {engine.dialect.name} databases are not supported (SQLite and PostgreSQL are).")
    seconds = (datetime.now(UTC) - started).total_seconds()
    return BackupReport(path, engine.dialect.name, path.stat().st_size, seconds)


def restore_database(engine: Engine, path: Path) -> None:
    """Replace every table of the database behind ``engine`` with the contents of the backup at ``path``."""
    path = path.expanduser().resolve()
    if not path.is_file():
        raise MaintenanceError(f"{path} is not a file; give the path a backup was written to.")
    header = path.read_bytes()[: len(SQLITE_HEADER)]
    if engine.dialect.name == "sqlite":
        if not header.startswith(SQLITE_HEADER):
            raise MaintenanceError(f"{path} is not an SQLite backup; restore it into the database it was taken from.")
        _sqlite_restore(engine, path)
    elif engine.dialect.name == "postgresql":
        if not header.startswith(PG_DUMP_HEADER):
            raise MaintenanceError(f"{path} is not a pg_dump backup; restore it into the database it was taken from.")
        _pg_restore(engine, path)
    else:
        raise MaintenanceError(f"restoring {engine.dialect.name} databases is not supported (SQLite and PostgreSQL are).")
    engine.dispose()


def _sqlite_backup(engine: Engine, path: Path) -> None:
    raw = engine.raw_connection()
    try:
        target = sqlite3.connect(path)
        try:
            raw.driver_connection.backup(target)
        finally:
            target.close()
    finally:
        raw.close()


def _sqlite_restore(engine: Engine, path: Path) -> None:
    engine.dispose()
    raw = engine.raw_connection()
    try:
        source = sqlite3.connect(path)
        try:
            source.backup(raw.driver_connection)
        finally:
            source.close()
    finally:
        raw.close()


def _schema(engine: Engine) -> str:
    with engine.connect() as connection:
        return connection.execute(text("SELECT current_schema()")).scalar_one()


def _libpq_url(url: URL) -> str:
    """The SQLAlchemy URL as libpq understands it (no ``+driver``, query options kept)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise MaintenanceError(
            f"{name} is not installed on this machine. Install the PostgreSQL client tools, or take the backup "
            f"elsewhere with `pg_dump --format=custom --schema=SCHEMA --file=FILE DATABASE_URL` "
            f"(and restore with `pg_restore --no-owner --dbname=DATABASE_URL FILE` into an emptied schema)."
        )
    return found


def _run(arguments: list[str], what: str) -> None:
    completed = subprocess.run(arguments, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise MaintenanceError(f"{what} failed: {completed.stderr.strip() or completed.stdout.strip()}")


def _pg_dump(engine: Engine, path: Path) -> None:
    schema = _schema(engine)
    _run(
        [_tool("pg_dump"), "--format=custom", f"--schema={schema}", "--no-owner", f"--file={path}",
         f"--dbname={_libpq_url(engine.url)}"],
        "pg_dump",
    )


def _pg_restore(engine: Engine, path: Path) -> None:
    """Empty the importer's schema and replay the dump into it, in one transaction: all or nothing.

    ``pg_restore`` turns the dump into SQL and ``psql --single-transaction``
    runs the schema's removal and the dump together, so a dump that fails
    half-way leaves the database exactly as it was.
    """
    restore_tool, psql_tool = _tool("pg_restore"), _tool("psql")
    schema = _schema(engine)
    engine.dispose()
    url = _libpq_url(engine.url)
    listing = subprocess.run([restore_tool, "--list", str(path)], capture_output=True, text=True, check=False)
    if listing.returncode != 0:
        raise MaintenanceError(f"pg_restore cannot read {path}: {listing.stderr.strip()}")
    if f"SCHEMA - {schema} " not in listing.stdout and f"SCHEMA - {schema}\n" not in listing.stdout:
        raise MaintenanceError(f"{path} holds no schema {schema!r}; restore it into the database and schema it was taken from.")
    replay = [psql_tool, "--quiet", "--no-psqlrc", "--single-transaction", "--set=ON_ERROR_STOP=1",
              f'--command=DROP SCHEMA IF EXISTS "{schema}" CASCADE', "--file=-", f"--dbname={url}"]
    with subprocess.Popen([restore_tool, "--no-owner", "--file=-", str(path)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as script:
        completed = subprocess.run(replay, stdin=script.stdout, capture_output=True, text=True, check=False)
        script.stdout.close()
        script_errors = script.stderr.read().decode(errors="replace")
    if script.returncode != 0:
        raise MaintenanceError(f"pg_restore failed: {script_errors.strip()}")
    if completed.returncode != 0:
        raise MaintenanceError(f"restoring {path} failed and nothing was changed: {completed.stderr.strip()}")
