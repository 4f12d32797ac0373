"""A fresh database per test, on SQLite or PostgreSQL, migrated from a template made once per test session.

The suite runs on SQLite by default. Set IMPORTER_TEST_DATABASE_URL to a
PostgreSQL URL (``postgresql+psycopg://postgres@127.0.0.1:5432/test``) to run
every database test there instead.

A test that asks for ``engine`` gets a database already at the latest
migration: Alembic runs once per session into a template (an SQLite file, or
a PostgreSQL template database), and each such test gets a copy (a file
copy, or ``CREATE DATABASE ... TEMPLATE``). Any other test gets an empty
database (``bare_engine``; on PostgreSQL, a schema of its own), so migration
tests and "the database is behind" tests still start from nothing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from dealbrain.db import migrate
from dealbrain.db.engine import make_engine

TEST_DATABASE_URL_VARIABLE = "IMPORTER_TEST_DATABASE_URL"


@dataclass(frozen=True)
class Template:
    """Where the migrated template lives: an SQLite file, or a PostgreSQL database name."""

    sqlite_file: Path | None = None
    postgres_database: str | None = None


def postgres_url(base_url: str, **changes: object) -> str:
    return make_url(base_url).set(**changes).render_as_string(hide_password=False)


def _schema_url(base_url: str, schema: str) -> str:
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def admin_engine(base_url: str) -> Engine:
    return create_engine(base_url, isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    """The latest schema, migrated once for the whole session."""
    base_url = os.environ.get(TEST_DATABASE_URL_VARIABLE)
    if not base_url:
        file = tmp_path_factory.mktemp("template") / "importer.db"
        engine = make_engine(f"sqlite:///{file}")
        migrate.upgrade(engine)
        engine.dispose()
        yield Template(sqlite_file=file)
        return
    name = f"importer_template_{uuid.uuid4().hex[:10]}"
    admin = admin_engine(base_url)
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine = make_engine(postgres_url(base_url, database=name))
    migrate.upgrade(engine)
    engine.dispose()
    try:
        yield Template(postgres_database=name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of this test's own database: migrated (or seeded, see `tests.support.seeds`) when the test asks
    for ``engine``, empty otherwise."""
    base_url = os.environ.get(TEST_DATABASE_URL_VARIABLE)
    migrated = "engine" in request.fixturenames
    template: Template | None = request.getfixturevalue("database_template") if migrated else None
    if not base_url:
        file = tmp_path / "importer.db"
        if template is not None:
            shutil.copyfile(template.sqlite_file, file)
        yield f"sqlite:///{file}"
        return
    admin = admin_engine(base_url)
    name = f"test_{uuid.uuid4().hex[:12]}"
    if template is not None:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template.postgres_database}"'))
        url, drop = postgres_url(base_url, database=name), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    else:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE SCHEMA "{name}"'))
        url, drop = _schema_url(base_url, name), f'DROP SCHEMA "{name}" CASCADE'
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(text(drop))
        admin.dispose()


@pytest.fixture
def bare_engine(database_url: str) -> Iterator[Engine]:
    """An engine on the empty test database (no migrations applied)."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on this test's database, at the latest migration (a copy of the session's template)."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@contextmanager
def database_copy(url: str, folder: Path) -> Iterator[str]:
    """A copy of the database at ``url`` as it stands now (on SQLite, a file in ``folder``); dropped afterwards.

    Nothing may be writing to the original meanwhile. On PostgreSQL the copy is
    ``CREATE DATABASE ... TEMPLATE``, which needs the original to have no open
    connections: those left in other engines' pools are closed first.
    """
    source = make_url(url)
    if source.get_backend_name() == "sqlite":
        file = folder / f"copy_{uuid.uuid4().hex[:8]}.db"
        with closing(sqlite3.connect(source.database)) as connection:
            connection.execute("VACUUM INTO ?", (str(file),))
        yield f"sqlite:///{file}"
        return
    name = f"copy_{uuid.uuid4().hex[:12]}"
    admin = admin_engine(postgres_url(url, database="postgres"))
    try:
        with admin.connect() as connection:
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"),
                {"name": source.database},
            )
            connection.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{source.database}"'))
        yield postgres_url(url, database=name)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
