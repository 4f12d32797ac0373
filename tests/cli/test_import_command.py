"""`importer import` and `importer db` through the real console entry point (typer's runner, in-process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.conftest import CliInvoke
from tests.importing.workbooks import (
    CPU_HEADER,
    CPU_ROWS,
    reference_workbook,
    write_csv,
    write_xlsx,
)

pytestmark = pytest.mark.slow


def _count(url: str, table: str) -> int:
    with create_engine(url).connect() as connection:
        return connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_db_upgrade_then_current(cli: CliInvoke) -> None:
    upgraded = cli("db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    current = cli("db", "current")
    assert "up to date" in current.output


def test_non_embedded_database_behind_head_is_refused(cli: CliInvoke, tmp_path: Path) -> None:
    result = cli("import", str(reference_workbook(tmp_path / "r.xlsx")))
    assert result.exit_code == 1
    assert "importer db upgrade" in result.output


def test_import_commit_json_then_rerun_changes_nothing(cli: CliInvoke, database_url: str, tmp_path: Path) -> None:
    assert cli("db", "upgrade").exit_code == 0
    path = reference_workbook(tmp_path / "r.xlsx")

    first = cli("import", str(path), "--commit", "--json")
    assert first.exit_code == 0, first.output
    summary = json.loads(first.stdout)
    assert summary["status"] == "committed"
    assert summary["counts"]["cpu"] == {"inserted": 3, "updated": 0, "unchanged": 0, "skipped": 0, "rejected": 0}
    assert _count(database_url, "listing") == 2

    again = json.loads(cli("import", str(path), "--commit", "--json").stdout)
    assert again["counts"]["cpu"] == {"inserted": 0, "updated": 0, "unchanged": 3, "skipped": 0, "rejected": 0}
    assert any("uploaded before" in warning for warning in again["warnings"])


def test_refused_data_exits_1_with_the_error_workbook(cli: CliInvoke, tmp_path: Path) -> None:
    assert cli("db", "upgrade").exit_code == 0
    rows = [CPU_HEADER, CPU_ROWS[0], CPU_ROWS[0]]
    result = cli("import", str(write_xlsx(tmp_path / "d.xlsx", {"CPUs": rows})), "--commit", "--json")
    assert result.exit_code == 1
    summary = json.loads(result.stdout)
    assert summary["status"] == "blocked" and summary["duplicates"] == {"cpu": 2}

    kept = cli("import", str(tmp_path / "d.xlsx"), "--commit", "--on-duplicate", "last", "--json")
    assert kept.exit_code == 0 and json.loads(kept.stdout)["counts"]["cpu"]["inserted"] == 1


def test_csv_with_declare_and_config_file(cli: CliInvoke, tmp_path: Path) -> None:
    assert cli("db", "upgrade").exit_code == 0
    path = write_csv(tmp_path / "cpus.csv", [[*CPU_HEADER, "Cache"], *[[*row, 8] for row in CPU_ROWS]])
    config = tmp_path / "run.yaml"
    config.write_text(
        "promote_columns:\n  - {sheet: cpus, column: Cache, key: cache_mb, type: integer}\n", encoding="utf-8"
    )
    result = cli("import", str(path), "--declare", "cpu", "--config", str(config), "--commit")
    assert result.exit_code == 0, result.output
    assert "Committed" in result.output and "importer ui" in result.output


def test_a_file_imported_batch_by_batch_prints_each_batch_as_it_goes(cli: CliInvoke, tmp_path: Path) -> None:
    assert cli("db", "upgrade").exit_code == 0
    lines = ["CPU Name,Cores"] + [f"Test CPU {index:04d},{4 + index % 8}" for index in range(20)]
    path = tmp_path / "cpus.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    batched = {"IMPORTER_IMPORT_BATCH_ABOVE_BYTES": "1", "IMPORTER_IMPORT_BATCH_ROWS": "7"}
    result = cli("import", str(path), "--declare", "cpu", "--commit", env=batched)
    assert result.exit_code == 0, result.output
    printed = result.output.splitlines()
    read = [line.strip() for line in printed if "read, typed and validated" in line]
    assert read == [f"cpus: batch {n} read, typed and validated ({rows} rows so far, 0 invalid)" for n, rows in ((1, 6), (2, 13), (3, 20))]
    written = printed.index(next(line for line in printed if "CPU: batch 3 of 3 written" in line))
    assert printed.index("  ✓ validated rows and planned changes") < written < printed.index("  ✓ committed")
    assert not any("Progress:" in line for line in printed)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["import", "missing.xlsx"], "does not exist"),
        (["import", "{workbook}", "--declare", "cpu"], "SHEET=ENTITY"),
        (["import", "{workbook}", "--on-duplicate", "sometimes"], "'sometimes' is not one of"),
        (["import", "{workbook}", "--declare", "CPUs=laptop"], "declared_entities.CPUs: 'laptop' is not one of 'cpu', 'gpu'"),
    ],
)
def test_usage_errors_exit_2_with_a_message(cli: CliInvoke, tmp_path: Path, arguments: list[str], message: str) -> None:
    workbook = str(reference_workbook(tmp_path / "r.xlsx"))
    result = cli(*(a.replace("{workbook}", workbook) for a in arguments))
    assert result.exit_code == 2
    assert message in result.output


def test_an_unknown_revision_is_a_usage_error_naming_the_known_ones(cli) -> None:
    result = cli("db", "downgrade", "zzz")
    assert result.exit_code == 2
    assert "unknown revision 'zzz'" in result.output and "0001_pre_revamp" in result.output


def test_a_misspelt_nested_setting_is_a_usage_error_naming_it(cli: CliInvoke, tmp_path: Path) -> None:
    config = tmp_path / "run.yaml"
    config.write_text("overrides:\n  - sheet: CPUs\n    action: discard\n    rows: '2'\n    feild: cores\n", encoding="utf-8")
    result = cli("import", str(reference_workbook(tmp_path / "r.xlsx")), "--config", str(config))
    assert result.exit_code == 2
    assert f"Invalid --config {config}: overrides.0.feild: unknown setting; check its spelling" in result.output
    assert "Traceback" not in result.output


def test_an_unreachable_database_is_an_infrastructure_failure_safe_to_retry(
    cli: CliInvoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMPORTER_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:9/nowhere?connect_timeout=2")
    result = cli("import", str(reference_workbook(tmp_path / "r.xlsx")))
    assert result.exit_code == 3, result.output
    assert "nothing was written and retrying is safe" in result.output
    assert "Traceback" not in result.output
