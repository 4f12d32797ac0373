"""Running the `importer` CLI in-process against the test database, with identity settings per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from sqlalchemy import Engine
from typer.testing import CliRunner

from dealbrain.cli.app import app
from dealbrain.cli.context import cli_database, cli_settings
from dealbrain.db import connect as connect_module

Invoke = Callable[..., Result]
LAUNCH_SECRET = "test-launch-secret-0123456789-abcdefghij"


def _clear_caches() -> None:
    cli_settings.cache_clear()
    cli_database.cache_clear()
    connect_module.connect.cache_clear()


@pytest.fixture
def cli(engine: Engine, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Invoke]:
    """``cli("users", "list")``: the importer CLI on this test's migrated database (authentication off)."""
    monkeypatch.setenv("IMPORTER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("IMPORTER_DATABASE_URL", database_url)
    monkeypatch.setenv("IMPORTER_ACTOR", "local-admin")
    for variable in ("IMPORTER_AUTH_ENABLED", "IMPORTER_TOKEN", "IMPORTER_LAUNCH_SECRET"):
        monkeypatch.delenv(variable, raising=False)
    _clear_caches()
    runner = CliRunner()

    def invoke(*arguments: str, env: dict[str, str] | None = None) -> Result:
        _clear_caches()
        return runner.invoke(app, list(arguments), env=env)

    yield invoke
    _clear_caches()


@pytest.fixture
def auth_on(cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    """Authentication on, with a launch secret (set after `cli` cleared the identity variables)."""
    monkeypatch.setenv("IMPORTER_AUTH_ENABLED", "true")
    monkeypatch.setenv("IMPORTER_LAUNCH_SECRET", LAUNCH_SECRET)
