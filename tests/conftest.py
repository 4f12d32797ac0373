"""Shared fixtures: settings on the test's own database and folders, and the CLI runner.

The databases themselves come from the `tests.support.databases` plugin, data many tests start from
from `tests.support.seeds`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from cli.app import app
from cli.context import cli_database, cli_settings
from dealbrain.db.connect import connect
from dealbrain.settings import ImporterSettings

pytest_plugins = ["tests.support.databases", "tests.support.seeds"]


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
