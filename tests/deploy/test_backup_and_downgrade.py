"""`importer db backup/restore` round trips, and a downgrade that would delete data is refused (both databases)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text

from dealbrain.db import migrate
from tests.importing.workbooks import CPU_HEADER, CPU_ROWS, reference_workbook, write_xlsx
from tests.support.imports import commit_workbook

COUNTED = ("cpu", "listing", "import_change", "import_audit_event", "custom_field_definition")


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() for table in COUNTED}


def _imported(cli, engine: Engine, tmp_path: Path) -> dict[str, int]:
    """A custom field and a committed import: data a backup must keep and a downgrade must not lose."""
    assert cli("fields", "create", "cpu", "cooler_model", "--type", "string").exit_code == 0
    commit_workbook(engine, tmp_path / "uploads", reference_workbook(tmp_path / "reference.xlsx"))
    counts = _counts(engine)
    assert counts["cpu"] == 3 and counts["import_change"] > 0 and counts["custom_field_definition"] == 1
    return counts


def test_backup_then_restore_brings_back_exactly_the_backed_up_data(cli, engine, tmp_path) -> None:
    before = _imported(cli, engine, tmp_path)
    backup = tmp_path / "backups" / "before.bak"
    result = cli("db", "backup", str(backup))
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output and backup.stat().st_size > 0

    more = write_xlsx(tmp_path / "more.xlsx", {"CPUs": [CPU_HEADER, ["AMD Ryzen 9 7950X", "AMD", 16, 32, "170 W", "63,000", 4300, 2022]]})
    commit_workbook(engine, tmp_path / "uploads", more)
    assert _counts(engine)["cpu"] == 4

    refused = cli("db", "restore", str(backup))
    assert refused.exit_code == 2 and "--yes" in refused.output
    assert _counts(engine)["cpu"] == 4

    restored = cli("db", "restore", str(backup), "--yes")
    assert restored.exit_code == 0, restored.output
    engine.dispose()
    assert _counts(engine) == before
    assert migrate.current_revision(engine) == migrate.head_revision()


def test_backup_refuses_to_overwrite_and_restore_refuses_a_foreign_file(cli, engine, tmp_path) -> None:
    existing = tmp_path / "existing.bak"
    existing.write_text("an earlier backup")
    result = cli("db", "backup", str(existing))
    assert result.exit_code == 1 and "already exists" in result.output
    assert existing.read_text() == "an earlier backup"

    result = cli("db", "restore", str(existing), "--yes")
    assert result.exit_code == 1 and "is not" in result.output and "Traceback" not in result.output


def test_a_downgrade_that_deletes_data_is_refused_and_loses_nothing(cli, engine, tmp_path) -> None:
    before = _imported(cli, engine, tmp_path)

    result = cli("db", "downgrade", "0001_pre_revamp")
    assert result.exit_code == 1
    assert f"import_change: {before['import_change']} row(s) of changesets" in result.output
    assert "custom_field_definition: 1 row(s) of custom field definitions" in result.output
    assert "--i-have-a-backup" in result.output and "importer db backup" in result.output
    engine.dispose()
    assert migrate.current_revision(engine) == migrate.head_revision()
    assert _counts(engine) == before


def test_the_flag_lets_the_destructive_downgrade_run(cli, engine, tmp_path) -> None:
    _imported(cli, engine, tmp_path)
    result = cli("db", "downgrade", "0003_remembered_mappings", "--i-have-a-backup")
    assert result.exit_code == 0, result.output
    assert "deleting table import_change" in result.output
    engine.dispose()
    assert migrate.current_revision(engine) == "0003_remembered_mappings"


def test_a_downgrade_of_empty_tables_needs_no_flag(cli, engine) -> None:
    result = cli("db", "downgrade", "0004_import_changes")
    assert result.exit_code == 0, result.output
    engine.dispose()
    assert migrate.current_revision(engine) == "0004_import_changes"


def test_upgrade_prints_each_migration_with_its_duration(cli, bare_engine) -> None:
    result = cli("db", "upgrade")
    assert result.exit_code == 0, result.output
    for revision in migrate.revisions():
        assert f"  {revision}: " in result.output
    assert result.output.count(" s\n") >= len(migrate.revisions())


def test_downgrading_soft_delete_is_refused_while_a_record_is_deleted(cli, engine, tmp_path) -> None:
    _imported(cli, engine, tmp_path)
    with engine.begin() as connection:
        connection.execute(text("UPDATE cpu SET deleted_at = CURRENT_TIMESTAMP WHERE name = 'Intel Core i7-8700'"))
    refused = cli("db", "downgrade", "0008_valuation_rule_reference")
    assert refused.exit_code == 1
    assert "cpu.deleted_at: 1 row(s) of soft-deleted records" in refused.output
    with engine.begin() as connection:
        connection.execute(text("UPDATE cpu SET deleted_at = NULL"))
        connection.execute(text("DELETE FROM import_session_profile"))  # what 0011 drops: the import's options record
    downgraded = cli("db", "downgrade", "0008_valuation_rule_reference")
    assert downgraded.exit_code == 0, downgraded.output
    engine.dispose()
    assert migrate.current_revision(engine) == "0008_valuation_rule_reference"
