"""Shared fixtures: a fresh, migrated database per test on SQLite or PostgreSQL.

The suite runs against SQLite by default. Set IMPORTER_TEST_DATABASE_URL to a
PostgreSQL URL (``postgresql+psycopg://postgres@127.0.0.1:5432/test``) to run
every database test there instead; each test then gets its own schema.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from typer.testing import CliRunner, Result

from dealbrain.cli.app import app
from dealbrain.cli.context import cli_database, cli_settings
from dealbrain.db import migrate
from dealbrain.db.connect import connect
from dealbrain.db.engine import make_engine
from dealbrain.settings import ImporterSettings

TEST_DATABASE_URL_VARIABLE = "IMPORTER_TEST_DATABASE_URL"


def _postgres_schema_url(base_url: str, schema: str) -> str:
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database that lives as long as the test."""
    base_url = os.environ.get(TEST_DATABASE_URL_VARIABLE)
    if not base_url:
        yield f"sqlite:///{tmp_path / 'importer.db'}"
        return
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield _postgres_schema_url(base_url, schema)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def bare_engine(database_url: str) -> Iterator[Engine]:
    """An engine on the empty test database (no migrations applied)."""
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(bare_engine: Engine) -> Engine:
    """An engine on a test database migrated to the latest revision."""
    migrate.upgrade(bare_engine)
    return bare_engine


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> ImporterSettings:
    """Settings pointing every folder and the database at this test's own places."""
    return ImporterSettings(data_dir=tmp_path / "data", database_url=database_url)


CliInvoke = Callable[..., Result]
IDENTITY_VARIABLES = ("IMPORTER_AUTH_ENABLED", "IMPORTER_TOKEN", "IMPORTER_LAUNCH_SECRET")


def _clear_cli_caches() -> None:
    cli_settings.cache_clear()
    cli_database.cache_clear()
    connect.cache_clear()


@pytest.fixture
def cli(tmp_path: Path, database_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliInvoke]:
    """``cli("import", path, "--commit")``: the real `importer` app on this test's database and data folder.

    Authentication is off unless a test sets the identity variables; caches of
    settings and engines are cleared around every invocation so each sees the
    environment as the test left it. The database is not migrated here: ask
    for the ``engine`` fixture too when the command needs the tables.
    """
    monkeypatch.setenv("IMPORTER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("IMPORTER_DATABASE_URL", database_url)
    for variable in IDENTITY_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    runner = CliRunner()

    def invoke(*arguments: str, env: dict[str, str] | None = None) -> Result:
        _clear_cli_caches()
        return runner.invoke(app, list(arguments), env=env)

    yield invoke
    _clear_cli_caches()
