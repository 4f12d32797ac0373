"""The error workbook of a preview: every failing row of every sheet."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from dealbrain.export.error_workbook import SheetErrors, write_error_workbook
from dealbrain.ingest import RawSheet
from dealbrain.store.frames import SHEET, SOURCE_ROW


def write_preview_errors(sheets: Sequence[RawSheet], failures: pl.DataFrame, path: Path) -> Path:
    """Write the original failing rows of ``sheets`` with their reasons and highlighted cells."""
    reports = []
    for sheet in sheets:
        failing = failures.filter(pl.col(SHEET) == sheet.name)
        if not failing.is_empty():
            reports.append(SheetErrors(sheet=sheet.name, raw_rows=sheet.frame, failures=failing.select(SOURCE_ROW, "column", "reason")))
    return write_error_workbook(path, reports)
