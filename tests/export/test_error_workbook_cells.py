"""The error workbook read back with openpyxl: values exactly as read, numbers as numbers, no formula anywhere."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import polars as pl
import pytest

from dealbrain.export.error_workbook import SheetErrors, write_error_workbook
from dealbrain.export.safe_cells import as_number, is_formula_like, neutralize
from dealbrain.frames import SOURCE_ROW

HOSTILE = ["-4", "=1+1", "@SUM(A1)", "+cmd|' /C calc'!A0", "-2+3", "\t=1", "\r=1", "2.5", "007", "1.50", "Intel\x00Core", "plain"]
"""Raw cell texts, each in its own column of one failing row."""


def _workbook(tmp_path: Path, texts: list[str], headers: list[str] | None = None) -> openpyxl.worksheet.worksheet.Worksheet:
    headers = headers or [f"c{i}" for i in range(len(texts))]
    raw = pl.DataFrame({SOURCE_ROW: [7], **{h: [t] for h, t in zip(headers, texts)}})
    failures = pl.DataFrame({SOURCE_ROW: [7], "column": [headers[0]], "reason": ["must be at least 0"]})
    path = write_error_workbook(tmp_path / "errors.xlsx", [SheetErrors("CPUs", raw, failures)])
    return openpyxl.load_workbook(path)["CPUs"]


def test_every_value_reads_back_as_written_and_none_is_a_formula(tmp_path: Path) -> None:
    sheet = _workbook(tmp_path, HOSTILE)
    cells = {header.value: cell for header, cell in zip(sheet[1], sheet[2])}
    read = [cells[f"c{i}"].value for i in range(len(HOSTILE))]

    assert read[0] == -4 and cells["c0"].data_type == "n", "a negative number stays a number, no apostrophe"
    assert read[1:6] == HOSTILE[1:6], "formula-like text keeps its exact value, no apostrophe inside"
    assert read[6] == "\n=1", "XML reads a carriage return back as a line feed; the cell is still guarded"
    assert read[7] == 2.5 and read[8:10] == ["007", "1.50"], "only exact spellings become numbers"
    assert read[10] == "Intel\ufffdCore", "a NUL, which xlsx cannot hold, is shown as U+FFFD"
    assert read[11] == "plain"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    guarded = {f"c{i}" for i in range(1, 7)}
    assert {name for name, cell in cells.items() if cell.quotePrefix} == guarded


def test_headers_stay_text_and_formula_like_headers_are_guarded_too(tmp_path: Path) -> None:
    sheet = _workbook(tmp_path, ["x", "y", "z"], headers=["=1+1", "2024", "@SUM(A1)"])
    header = [cell for cell in sheet[1]]
    assert [cell.value for cell in header] == ["source row", "=1+1", "2024", "@SUM(A1)", "errors"]
    assert [cell.quotePrefix for cell in header[1:4]] == [True, False, True]
    assert all(cell.data_type == "s" for cell in header)
    assert sheet.cell(2, 1).value == 7 and sheet.cell(2, 5).value == "=1+1: must be at least 0"
    assert sheet.cell(2, 5).quotePrefix


@pytest.mark.parametrize(
    ("text", "number"),
    [("-4", -4), ("0", 0), ("12", 12), ("-0.25", -0.25), ("-0", None), ("+4", None), ("1e3", None),
     ("4.0", None), ("1234567890123456", None), ("nan", None), ("inf", None), (" 4", None), ("1_000", None)],
)
def test_only_canonical_numbers_of_spreadsheet_precision_become_numbers(text: str, number: object) -> None:
    assert as_number(text) == number


@pytest.mark.parametrize(
    ("text", "guarded"),
    [("-4", False), ("-4.5", False), ("=1+1", True), ("@SUM(A1)", True), ("-2+3", True), ("+4", True), ("\tx", True), ("a=b", False)],
)
def test_csv_gets_an_apostrophe_only_where_a_spreadsheet_would_evaluate(text: str, guarded: bool) -> None:
    assert is_formula_like(text) is guarded
    assert neutralize(text) == ("'" + text if guarded else text)
