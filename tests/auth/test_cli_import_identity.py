"""`importer import` with authentication on: the run acts as the CLI's user through a launch token."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine

from dealbrain.audit import AuditAction, AuditFilter, query_events
from dealbrain.db.engine import transaction
from tests.auth.cli_runner import Invoke
from tests.importing.workbooks import CPU_HEADER, CPU_ROWS, write_xlsx

pytestmark = pytest.mark.slow


@pytest.fixture
def tokens(cli: Invoke, auth_on: None) -> dict[str, str]:
    """An admin, an operator and an analyst, with their tokens."""
    root = cli("users", "add", "root", "--admin").stdout.strip()
    made = {"root": root}
    for name, role in (("olga", "operator"), ("anna", "analyst")):
        made[name] = cli("--token", root, "users", "add", name, "--role", role).stdout.strip()
    return made


def test_the_run_acts_as_the_authenticated_user(cli: Invoke, engine: Engine, tokens: dict[str, str], tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": [CPU_HEADER, *CPU_ROWS]})
    result = cli("--token", tokens["olga"], "import", str(path), "--commit", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["status"] == "committed"
    with transaction(engine) as session:
        (commit,) = query_events(session, AuditFilter(action=AuditAction.COMMIT))
    assert commit.actor == "olga"


def test_an_analyst_cannot_import(cli: Invoke, tokens: dict[str, str], tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": [CPU_HEADER, *CPU_ROWS]})
    result = cli("--token", tokens["anna"], "import", str(path), "--commit", "--json")
    assert result.exit_code == 1
    assert any("anna (analyst) may not preview an import" in error for error in json.loads(result.stdout)["errors"])


def test_without_a_launch_secret_no_run_starts(
    cli: Invoke, tokens: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("IMPORTER_LAUNCH_SECRET")
    path = write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": [CPU_HEADER, *CPU_ROWS]})
    result = cli("--token", tokens["olga"], "import", str(path))
    assert result.exit_code == 2 and "IMPORTER_LAUNCH_SECRET is not set" in result.stderr
