"""Enforcing row, column and cell-size limits on a shaped sheet."""

from __future__ import annotations

import polars as pl

from dealbrain.ingest.errors import FileRejected
from dealbrain.ingest.limits import ReadLimits
from dealbrain.ingest.raw_sheet import SOURCE_ROW

_SPLIT = "split the data into several smaller files and upload them one at a time"


def check_row_and_column_counts(
    rows: int, columns: int, limits: ReadLimits, *, file: str, sheet: str | None
) -> None:
    """Refuse a sheet with more data rows or non-empty columns than ``limits`` allow."""
    if columns > limits.max_columns:
        raise FileRejected(
            f"there are {columns:,} columns with data; the limit is {limits.max_columns:,}",
            reason="too_many_columns",
            fix="remove the columns that are not needed for the import",
            file=file,
            sheet=sheet,
        )
    if rows > limits.max_rows:
        raise FileRejected(
            f"there are {rows:,} data rows; the limit is {limits.max_rows:,}",
            reason="too_many_rows",
            fix=f"{_SPLIT} (whoever runs the importer can raise the limit: IMPORTER_IMPORT_MAX_ROWS)",
            file=file,
            sheet=sheet,
        )


def check_cell_sizes(
    frame: pl.DataFrame,
    limits: ReadLimits,
    *,
    file: str,
    sheet: str | None,
    hint: str = "",
) -> None:
    """Refuse the first cell (top to bottom, left to right) longer than ``max_cell_chars``.

    Byte lengths are checked first because they are cheap; characters are
    only counted in a column whose longest cell has more bytes than the limit.
    """
    columns = [name for name in frame.columns if name != SOURCE_ROW]
    if not columns or frame.height == 0:
        return
    limit = limits.max_cell_chars
    longest = frame.select(pl.col(columns).str.len_bytes().max()).row(0)
    oversized = []
    for column, byte_count in zip(columns, longest):
        if byte_count is None or byte_count <= limit:
            continue
        chars = frame.get_column(column).str.len_chars()
        positions = (chars > limit).arg_true()
        if len(positions):
            oversized.append((int(positions[0]), column, int(chars[int(positions[0])])))
    if not oversized:
        return
    position, column, length = min(oversized, key=lambda item: item[0])
    raise FileRejected(
        f"the cell is too large ({length:,} characters; the limit is {limit:,})",
        reason="cell_too_large",
        fix=("shorten the cell or move the long text elsewhere" + (f"; {hint}" if hint else "")),
        file=file,
        sheet=sheet,
        row=int(frame.get_column(SOURCE_ROW)[position]),
        column=column,
    )


def check_header_cell_sizes(
    header_cells: list[str | None],
    letters: list[str],
    header_row: int,
    limits: ReadLimits,
    *,
    file: str,
    sheet: str | None,
) -> None:
    """Refuse a header cell longer than ``max_cell_chars``; it is named by its column letter."""
    for cell, letter in zip(header_cells, letters):
        if cell is not None and len(cell) > limits.max_cell_chars:
            raise FileRejected(
                f"the header cell is too large ({len(cell):,} characters; "
                f"the limit is {limits.max_cell_chars:,})",
                reason="cell_too_large",
                fix="give the column a short name",
                file=file,
                sheet=sheet,
                row=header_row,
                column=letter,
            )
