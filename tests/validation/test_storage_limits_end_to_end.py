"""Imports and record edits refuse what either database cannot store, with one message on both.

Run on SQLite (default) and on PostgreSQL (``IMPORTER_TEST_DATABASE_URL``):
the expected reasons below are literal, so passing on both proves the same
words on both. Each refusal names the sheet, the row, the column and the
limit, and leaves every table as it was (a preview may add its session and
audit events, nothing else).
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine

from dealbrain.auth import Actor, Role
from dealbrain.customfields import CustomFieldService
from dealbrain.customfields.inputs import FieldInputs
from dealbrain.importing.request import InvalidRowPolicy
from dealbrain.ingest import FileRejected
from dealbrain.records import InvalidValueError, RecordService, RecordValidationError
from tests.hostile.snapshots import BOOKKEEPING_TABLES, snapshot_database
from tests.importing.conftest import ImportRunner, run, upload_store  # noqa: F401 - fixtures used here
from tests.importing.workbooks import CPU_HEADER, CPU_ROWS, write_xlsx

ADMIN = Actor("ada", Role.ADMIN)
TOO_BIG = "must be at most 2,147,483,647, the largest whole number the database stores here"
TOO_LARGE_TEXT = "'99999999999999999999' is too large: cpu_mark_multi takes whole numbers up to 2,147,483,647"
NUL = "must not contain the NUL character (code 0, written _x0000_ in xlsx files): {} cannot store it; remove it from the cell"


def _cpu(name: str, mark: object) -> list[object]:
    return [name, "Intel", 6, 12, 65, mark, 2000, 2020]


def _failures(outcome) -> set[tuple]:
    return set(outcome.preview.failures.select("__sheet__", "__source_row__", "column", "reason").rows())


def test_hostile_values_in_an_xlsx_are_row_failures_naming_sheet_row_column_and_limit(
    run: ImportRunner, engine: Engine, tmp_path: Path  # noqa: F811
) -> None:
    rows = [CPU_HEADER, CPU_ROWS[0], _cpu("Intel_x0000_Core i9", 100), _cpu("Big", 3_000_000_000), _cpu("Huge", "99999999999999999999")]
    path = write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": rows})
    before = snapshot_database(engine)

    outcome = run(path)

    assert outcome.result is None
    assert any("3 row(s) failed validation" in reason for reason in outcome.preview.blocking)
    assert _failures(outcome) == {
        ("CPUs", 3, "CPU Name", NUL.format("the database")),
        ("CPUs", 4, "CPU Mark", TOO_BIG),
        ("CPUs", 5, "CPU Mark", TOO_LARGE_TEXT),
    }
    assert before.changed_tables(snapshot_database(engine)) <= BOOKKEEPING_TABLES
    sheet = openpyxl.load_workbook(outcome.preview.error_workbook)["CPUs"]
    header = [cell.value for cell in sheet[1]]
    names = [row[header.index("CPU Name")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    marks = [row[header.index("CPU Mark")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Intel\ufffdCore i9", "Big", "Huge"], "the NUL is shown, not written (xlsx cannot hold it)"
    assert marks == [100, 3_000_000_000, "99999999999999999999"], "numbers stay numbers; 20 digits stay text"


def test_skipping_invalid_rows_stores_the_good_ones_and_nothing_a_database_would_refuse(
    run: ImportRunner, engine: Engine, tmp_path: Path  # noqa: F811
) -> None:
    rows = [CPU_HEADER, CPU_ROWS[0], _cpu("Intel_x0000_Core i9", 100), _cpu("Big", 3_000_000_000), _cpu("Edge", 2**31 - 1)]
    outcome = run(write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": rows}), on_invalid=InvalidRowPolicy.SKIP)

    assert outcome.result.counts()["cpu"]["inserted"] == 2 and outcome.result.counts()["cpu"]["rejected"] == 2
    stored = {row[1]: row for row in snapshot_database(engine).rows["cpu"]}
    assert set(stored) == {"Intel Core i7-8700", "Edge"}
    assert not any("\x00" in name for name in stored)


def test_a_nul_in_a_csv_is_refused_with_the_row_and_nothing_is_written(
    run: ImportRunner, engine: Engine, tmp_path: Path  # noqa: F811
) -> None:
    path = tmp_path / "cpus.csv"
    path.write_bytes(b"CPU Name,Manufacturer,CPU Mark\nIntel Core i7-8700,Intel,13875\nIntel\x00Core,Intel,100\n")
    before = snapshot_database(engine)

    with pytest.raises(FileRejected, match=r"File 'cpus.csv', row 3: the file contains NUL bytes"):
        run(path, declared_entities={"cpus": "cpu"})

    assert snapshot_database(engine).rows == before.rows


def test_a_custom_field_value_with_a_nul_is_refused(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:  # noqa: F811
    CustomFieldService(engine, ADMIN).create("cpu", "asset_tag", FieldInputs(type="string"))
    rows = [[*CPU_HEADER, "Asset tag"], [*CPU_ROWS[0], "AT-1"], [*_cpu("Intel Core i5", 100), "AT_x0000_2"]]
    before = snapshot_database(engine)

    outcome = run(write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": rows}))

    assert outcome.result is None
    assert _failures(outcome) == {("CPUs", 3, "Asset tag", NUL.format("a custom field"))}
    assert before.changed_tables(snapshot_database(engine)) <= BOOKKEEPING_TABLES


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"cpu_mark_multi": "3000000000"}, "cpu_mark_multi", TOO_BIG),
        ({"cpu_mark_multi": "99999999999999999999"}, "cpu_mark_multi", TOO_LARGE_TEXT),
        ({"notes": "bad\x00note"}, "notes", NUL.format("the database")),
    ],
)
def test_record_edits_refuse_the_same_values_with_the_same_reason(
    run: ImportRunner, engine: Engine, tmp_path: Path, changes: dict, field: str, reason: str  # noqa: F811
) -> None:
    run(write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": [CPU_HEADER, CPU_ROWS[0]]}))
    before = snapshot_database(engine)

    with pytest.raises((RecordValidationError, InvalidValueError)) as refusal:
        RecordService(engine, ADMIN).update("cpu", "Intel Core i7-8700", changes)

    assert field in str(refusal.value) and reason in str(refusal.value)
    if isinstance(refusal.value, RecordValidationError):
        assert refusal.value.failures[0]["field"] == field
    assert snapshot_database(engine).rows == before.rows
