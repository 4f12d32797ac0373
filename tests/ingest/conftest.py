"""Helpers that write real spreadsheet and text files into a test's tmp_path."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

Rows = Sequence[Sequence[Any]]


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Callable[..., Path]:
    """Write a workbook: ``write_xlsx("a.xlsx", {"Sheet": rows, ...}, hidden={"Sheet"})``.

    Rows are written from A1 down; ``None`` leaves a cell empty.
    """

    def write(name: str, sheets: dict[str, Rows], hidden: set[str] = frozenset()) -> Path:
        workbook = openpyxl.Workbook()
        workbook.remove(workbook.active)
        for title, rows in sheets.items():
            sheet = workbook.create_sheet(title)
            for row_number, row in enumerate(rows, start=1):
                for column_number, value in enumerate(row, start=1):
                    if value is not None:
                        sheet.cell(row=row_number, column=column_number, value=value)
            if title in hidden:
                sheet.sheet_state = "hidden"
        path = tmp_path / name
        workbook.save(path)
        return path

    return write


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Write text (in ``encoding``) or raw bytes: ``write_file("a.csv", "x,y\\n1,2\\n")``."""

    def write(name: str, content: str | bytes, encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        data = content if isinstance(content, bytes) else content.encode(encoding)
        path.write_bytes(data)
        return path

    return write
