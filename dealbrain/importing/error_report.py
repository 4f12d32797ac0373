"""The error workbook of a preview: every failing row of every sheet."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from dealbrain.export.error_workbook import SheetErrors, write_error_workbook
from dealbrain.importing.frames import SHEET, SOURCE_ROW

if TYPE_CHECKING:
    from dealbrain.importing.stages.validation import ImportPreview


def write_preview_errors(preview: ImportPreview, path: Path) -> Path:
    """Write the original failing rows with their reasons and highlighted cells."""
    sheets = []
    for typed in preview.typed.sheets:
        failures = preview.failures.filter(pl.col(SHEET) == typed.name)
        if failures.is_empty():
            continue
        sheets.append(
            SheetErrors(
                sheet=typed.name,
                raw_rows=typed.mapping.sheet.sheet.frame,
                failures=failures.select(SOURCE_ROW, "column", "reason"),
            )
        )
    return write_error_workbook(path, sheets)
