"""End to end through the CLI: create a custom field, import a sheet that fills it, change its options, re-import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import CliInvoke
from tests.importing.workbooks import write_xlsx

pytestmark = pytest.mark.slow
HEADER = ["CPU Name", "Cores", "Form factor"]


def _attributes(url: str) -> dict[str, dict]:
    with create_engine(url).connect() as connection:
        rows = connection.execute(text("SELECT name, attributes_json FROM cpu")).all()
    return {name: json.loads(value) if isinstance(value, str) else value for name, value in rows}


def _ok(result) -> None:
    assert result.exit_code == 0, result.output


def test_custom_field_lifecycle_from_the_cli(cli: CliInvoke, database_url: str, tmp_path: Path) -> None:
    _ok(cli("db", "upgrade"))
    _ok(cli("fields", "create", "cpu", "form_factor", "--type", "enum", "--option", "desktop", "--option", "laptop"))
    first = write_xlsx(tmp_path / "v1.xlsx", {"CPUs": [HEADER, ["Intel Core i7-8700", 6, "Desktop"], ["Intel Core i7-8650U", 4, "laptop"]]})

    _ok(cli("import", str(first), "--commit"))
    assert _attributes(database_url) == {
        "Intel Core i7-8700": {"form_factor": "desktop"},
        "Intel Core i7-8650U": {"form_factor": "laptop"},
    }

    impact = cli("fields", "impact", "cpu", "form_factor", "--option", "desktop", "--json")
    _ok(impact)
    assert json.loads(impact.stdout)["failing_records"] == 1
    refused = cli("fields", "update", "cpu", "form_factor", "--retire-option", "laptop")
    assert refused.exit_code == 1 and "--confirm" in refused.output
    _ok(cli("fields", "update", "cpu", "form_factor", "--rename-option", "laptop=mobile"))
    assert _attributes(database_url)["Intel Core i7-8650U"] == {"form_factor": "mobile"}

    second = write_xlsx(tmp_path / "v2.xlsx", {"CPUs": [HEADER, ["Intel Core i5-1135G7", 4, "Mobile"], ["Intel Core i9-X", 10, "laptop"]]})
    rerun = cli("import", str(second), "--commit", "--json")
    assert rerun.exit_code == 1
    summary = json.loads(rerun.stdout)
    assert summary["status"] == "blocked" and summary["rejected_rows"] == 1

    _ok(cli("import", str(second), "--commit", "--on-invalid", "skip"))
    assert _attributes(database_url)["Intel Core i5-1135G7"] == {"form_factor": "mobile"}
    assert "Intel Core i9-X" not in _attributes(database_url)
