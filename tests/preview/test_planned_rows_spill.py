"""A plan larger than the workbook holds is written whole as CSV beside it; the sheet shows the first rows and says where."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
import pytest

from dealbrain.importing import error_report
from dealbrain.importing.error_report import planned_csv_path


def test_a_large_plan_is_written_whole_as_csv_and_the_sheet_points_to_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(error_report, "PLANNED_ROWS_IN_WORKBOOK", 3)
    rows = pl.DataFrame({
        "action": ["insert"] * 7, "name": [f"CPU {n}" for n in range(6)] + ["=HYPERLINK(\"http://x\")"],
        "cores": list(range(1, 8)), "tags": [["a", "b"]] * 7,
    })
    workbook = tmp_path / "session-errors.xlsx"

    table = error_report._planned_table("cpu", rows, workbook)  # noqa: SLF001 - the rule itself

    assert table.frame.height == 3 and table.frame["note"][0] == "first 3 of 7; every row is in session-errors-planned-cpu.csv"
    written = list(csv.DictReader(io.StringIO(planned_csv_path(workbook, "cpu").read_text(encoding="utf-8"))))
    assert [row["name"] for row in written][:6] == [f"CPU {n}" for n in range(6)] and len(written) == 7
    assert written[6]["name"] == "'=HYPERLINK(\"http://x\")" and written[6]["cores"] == "7" and written[0]["tags"] == "a, b"


def test_a_small_plan_stays_in_the_workbook_only(tmp_path: Path) -> None:
    rows = pl.DataFrame({"action": ["insert"], "name": ["CPU"]})
    table = error_report._planned_table("cpu", rows, tmp_path / "w.xlsx")  # noqa: SLF001
    assert table.frame.equals(rows) and not planned_csv_path(tmp_path / "w.xlsx", "cpu").exists()
