"""The downloadable error workbook: the original rows, an errors column, bad cells highlighted.

Tables of the preview (planned changes, rows left out, likely duplicates)
follow the failing rows as sheets of their own (`TableSheet`): typed values
are written as they are (numbers stay numbers, dates dates), text always as
text through the formula guard.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from dealbrain.export.safe_cells import UNSTORABLE_MARK, write_safe_cell
from dealbrain.frames import SOURCE_ROW

ERRORS_HEADER = "errors"
BAD_CELL_FILL = PatternFill(start_color="FFF4CCCC", end_color="FFF4CCCC", fill_type="solid")
HEADER_FONT = Font(bold=True)
EXCEL_SHEET_TITLE_LIMIT = 31


@dataclass(frozen=True)
class SheetErrors:
    """One sheet's original rows and the failures found in them."""

    sheet: str
    raw_rows: pl.DataFrame
    """The sheet as parsed: ``__source_row__`` plus the original text columns."""
    failures: pl.DataFrame
    """Columns ``__source_row__``, ``column`` (original header, or null for row-level), ``reason``."""


@dataclass(frozen=True)
class TableSheet:
    """A plain table for its own sheet: a header row, then one row per frame row."""

    title: str
    frame: pl.DataFrame


def _sheet_title(name: str, used: set[str]) -> str:
    cleaned = "".join("_" if char in '[]:*?/\\' or ord(char) < 32 else char for char in name)[:EXCEL_SHEET_TITLE_LIMIT] or "Sheet"
    title, counter = cleaned, 2
    while title.lower() in used:
        suffix = f" ({counter})"
        title = cleaned[: EXCEL_SHEET_TITLE_LIMIT - len(suffix)] + suffix
        counter += 1
    used.add(title.lower())
    return title


def write_error_workbook(path: Path, sheets: Iterable[SheetErrors], tables: Iterable[TableSheet] = ()) -> Path:
    """Write the failing rows of every sheet, then ``tables``, to ``path`` (atomically) and return it."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    used_titles: set[str] = set()
    for sheet in sheets:
        _write_sheet(workbook, _sheet_title(sheet.sheet, used_titles), sheet)
    for table in tables:
        _write_table(workbook, _sheet_title(table.title, used_titles), table.frame)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial.xlsx")
    workbook.save(partial)
    partial.replace(path)
    return path


def _write_sheet(workbook: Workbook, title: str, sheet: SheetErrors) -> None:
    worksheet = workbook.create_sheet(title)
    headers = [column for column in sheet.raw_rows.columns if column != SOURCE_ROW]
    _write_row(worksheet, 1, ["source row", *headers, ERRORS_HEADER], text=True)
    for cell in worksheet[1]:
        cell.font = HEADER_FONT
    reasons_by_row: dict[int, list[str]] = defaultdict(list)
    bad_cells: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for failure in sheet.failures.iter_rows(named=True):
        row, column = failure[SOURCE_ROW], failure["column"]
        label = f"{column}: {failure['reason']}" if column else failure["reason"]
        reasons_by_row[row].append(label)
        if column:
            bad_cells[row][column].append(failure["reason"])
    failing = sheet.raw_rows.filter(pl.col(SOURCE_ROW).is_in(list(reasons_by_row)))
    column_index: Mapping[str, int] = {header: position + 2 for position, header in enumerate(headers)}
    for excel_row, row in enumerate(failing.iter_rows(named=True), start=2):
        source_row = row[SOURCE_ROW]
        _write_row(worksheet, excel_row, [source_row, *(row[h] for h in headers), "; ".join(reasons_by_row[source_row])])
        for column, reasons in bad_cells[source_row].items():
            if column in column_index:
                cell = worksheet.cell(row=excel_row, column=column_index[column])
                cell.fill = BAD_CELL_FILL
                cell.comment = Comment(ILLEGAL_CHARACTERS_RE.sub(UNSTORABLE_MARK, "; ".join(reasons)), "importer")
    worksheet.freeze_panes = "B2"


def _write_table(workbook: Workbook, title: str, frame: pl.DataFrame) -> None:
    worksheet = workbook.create_sheet(title)
    _write_row(worksheet, 1, frame.columns, text=True)
    for cell in worksheet[1]:
        cell.font = HEADER_FONT
    for excel_row, row in enumerate(frame.iter_rows(), start=2):
        _write_row(worksheet, excel_row, row, text=True)
    worksheet.freeze_panes = "A2"


def _write_row(worksheet: Worksheet, excel_row: int, values: Sequence[Any], *, text: bool = False) -> None:
    """Write ``values`` into row ``excel_row``, every cell through the formula guard."""
    for position, value in enumerate(values, start=1):
        write_safe_cell(worksheet.cell(row=excel_row, column=position), value, text=text)
