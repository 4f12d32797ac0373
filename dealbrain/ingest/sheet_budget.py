"""Refusing xlsx sheets that would cost too much to read, judged from what their XML really holds.

A sheet's ``<dimension>`` is a claim, not a fact: it can be missing, lie,
sit past the part of the XML anyone reads, or use single quotes. The work is
therefore bounded by a streamed count of the real cells (see
``sheet_census``): the rectangle they span (the reader allocates all of it),
and the text they decode to (every reference to a shared string is a copy).
The limited child that reads the workbook runs meanwhile (see
``xlsx_reader``); a refusal here kills it and is the answer the operator
gets. What the counts cannot foresee is caught by the child's memory limit.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from dealbrain.ingest.errors import FileRejected
from dealbrain.ingest.limits import ReadLimits
from dealbrain.ingest.names import column_letter
from dealbrain.ingest.sheet_census import SheetCensus, count_sheet, shared_string_lengths
from dealbrain.ingest.workbook_parts import find_workbook_parts

_RESAVE = "open the original in Excel, save it again as .xlsx, and upload that copy"


def check_sheet_budgets(path: Path, limits: ReadLimits, file: str) -> list[SheetCensus]:
    """Count every sheet's real cells and refuse the workbook if one is over a limit."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = find_workbook_parts(archive)
            lengths = shared_string_lengths(archive, parts.shared_strings, file)
            _check_shared_strings(len(lengths), sum(lengths), limits, file)
            censuses = []
            for sheet in parts.sheets:
                if sheet.member is None:
                    continue
                census = count_sheet(archive, sheet.member, sheet.name, lengths, file)
                _check_sheet(census, limits, file)
                censuses.append(census)
            return censuses
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):
        raise FileRejected(
            "the workbook is damaged or incomplete (a sheet cannot be unpacked)",
            reason="corrupt",
            fix=_RESAVE,
            file=file,
        ) from None


def _check_shared_strings(count: int, chars: int, limits: ReadLimits, file: str) -> None:
    if count > limits.max_cells or chars > limits.max_decoded_chars:
        raise FileRejected(
            f"the workbook's shared-string table holds {count:,} strings of {chars:,} characters "
            f"in all; the limits are {limits.max_cells:,} strings and {limits.max_decoded_chars:,} characters",
            reason="too_much_text",
            fix="split the data into smaller workbooks, or save it as CSV",
            file=file,
        )


def _check_sheet(census: SheetCensus, limits: ReadLimits, file: str) -> None:
    if census.grid_cells > limits.max_cells:
        raise _too_many_cells(census, limits, file)
    if census.decoded_chars > limits.max_decoded_chars:
        raise FileRejected(
            f"the sheet's {census.cells:,} cells hold {census.decoded_chars:,} characters of text once "
            f"shared strings are copied into every cell that refers to them; the limit is "
            f"{limits.max_decoded_chars:,} characters",
            reason="too_much_text",
            fix="a long text repeated in many cells is the usual cause: remove it or shorten it, "
            "or split the data into smaller files",
            file=file,
            sheet=census.name,
        )


def _too_many_cells(census: SheetCensus, limits: ReadLimits, file: str) -> FileRejected:
    return FileRejected(
        f"the sheet's used range is {_range(census)} ({census.rows:,} rows × {census.columns:,} "
        f"columns = {census.grid_cells:,} cells); the limit is {limits.max_cells:,} cells",
        reason="too_many_cells",
        fix="this usually means a stray value far below or to the right of the data: press "
        "Ctrl+End in Excel to find it, delete the unused rows and columns, save, and upload again",
        file=file,
        sheet=census.name,
    )


def _range(census: SheetCensus) -> str:
    top_left = f"{column_letter(census.first_column - 1)}{census.first_row}"
    return f"{top_left}:{column_letter(census.last_column - 1)}{census.last_row}"
