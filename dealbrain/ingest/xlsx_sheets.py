"""Reading every sheet of an xlsx workbook as text with fastexcel (calamine), in this process.

This is the native part of reading a workbook. It is run by
``xlsx_child`` inside a child process with memory and CPU limits (see
``xlsx_isolation``), while ``sheet_budget`` counts what each sheet really
holds in the parent; do not call it directly on an upload.
"""

from __future__ import annotations

from pathlib import Path

import fastexcel
import polars as pl

from dealbrain.ingest.errors import FileRejected
from dealbrain.ingest.excel_values import dates_to_iso, restore_full_precision
from dealbrain.ingest.limits import ReadLimits
from dealbrain.ingest.names import column_letter
from dealbrain.ingest.raw_sheet import SOURCE_ROW, RawSheet
from dealbrain.ingest.sheet_shaping import ShapingContext, shape_sheet

REUPLOAD = "open it in Excel, save it again as .xlsx, and upload that copy"


def read_sheets_here(path: Path, file: str, limits: ReadLimits) -> list[RawSheet]:
    """Every sheet of the workbook, in workbook order, each shaped into a ``RawSheet``.

    Cells are read as text, with dates in ISO form and numbers at full precision.
    """
    try:
        reader = fastexcel.read_excel(path)
        sheet_names = reader.sheet_names
    except Exception as error:  # calamine reports damage with several exception types
        raise _damaged(file, None, error) from None
    if len(sheet_names) > limits.max_sheets:
        raise FileRejected(
            f"the workbook has {len(sheet_names):,} sheets; the limit is {limits.max_sheets:,}",
            reason="too_many_sheets",
            fix="move the sheets to import into a workbook of their own",
            file=file,
        )
    return [_read_sheet(reader, name, file, limits) for name in sheet_names]


def _read_sheet(
    reader: fastexcel.ExcelReader, name: str, file: str, limits: ReadLimits
) -> RawSheet:
    try:
        sheet = reader.load_sheet(name, header_row=None, skip_rows=0, dtypes="string")
        absolute_indexes = [column.absolute_index for column in sheet.selected_columns]
        cells = sheet.to_polars()
        letters = [column_letter(index) for index in absolute_indexes]
        cells = cells.rename(dict(zip(cells.columns, letters))).cast(pl.String)
        cells = restore_full_precision(cells, reader, name, letters, absolute_indexes)
    except MemoryError:
        raise
    except Exception as error:  # calamine reports damage with several exception types
        raise _damaged(file, name, error) from None
    cells = dates_to_iso(cells, letters)
    grid = cells.with_row_index(SOURCE_ROW, offset=1)
    notes = [] if sheet.visible == "visible" else ["this sheet is hidden in Excel"]
    context = ShapingContext(file=file, sheet=name, limits=limits)
    return shape_sheet(name, grid, letters, context, notes)


def _damaged(file: str, sheet: str | None, error: Exception) -> FileRejected:
    detail = str(error).splitlines()[0] if str(error) else type(error).__name__
    return FileRejected(
        f"the workbook is damaged and cannot be read ({detail})",
        reason="corrupt",
        fix=REUPLOAD,
        file=file,
        sheet=sheet,
    )
