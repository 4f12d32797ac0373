"""The `importer` CLI for the identity tests: the shared runner, acting as a named local admin."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.conftest import CliInvoke

Invoke = CliInvoke
LAUNCH_SECRET = "test-launch-secret-0123456789-abcdefghij"


@pytest.fixture
def cli(cli: CliInvoke, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> CliInvoke:
    """``cli("users", "list")`` on this test's migrated database, authentication off, as ``local-admin``."""
    monkeypatch.setenv("IMPORTER_ACTOR", "local-admin")
    return cli


@pytest.fixture
def auth_on(cli: CliInvoke, monkeypatch: pytest.MonkeyPatch) -> None:
    """Authentication on, with a launch secret (set after `cli` cleared the identity variables)."""
    monkeypatch.setenv("IMPORTER_AUTH_ENABLED", "true")
    monkeypatch.setenv("IMPORTER_LAUNCH_SECRET", LAUNCH_SECRET)
