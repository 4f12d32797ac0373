"""Fixing up the text fastexcel (calamine) gives for typed Excel cells.

Reading every cell as a string is the fast path, and calamine already writes
integral numbers without ``.0``. Two things need help: date cells come out as
``YYYY-MM-DD HH:MM:SS``, and fractional numbers are rounded to 9 decimal
places. That rounding keeps at least 7 significant digits for ordinary values
(``0.333333333``) and is left alone; where it keeps fewer (below 0.001) or
prints binary noise (10 million and up: ``123456789.122999996``), the exact
value is read again. Values below 0.0000000005 still come out as ``0``.
"""

from __future__ import annotations

from collections.abc import Sequence

import fastexcel
import polars as pl

_EXCEL_DATETIME = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$"
_EXCEL_DAY_ZERO = "1899-12-31 "
"""Excel's day 0: a cell holding only a time of day comes out on this date."""
_MIDNIGHT = " 00:00:00"
_IMPRECISE = r"^-?(?:\d{8,}\.\d{9}|0\.000\d{6})$"
"""Calamine's 9-decimal text that is noisy (8+ integer digits) or keeps under 7 significant digits."""


def dates_to_iso(frame: pl.DataFrame, columns: Sequence[str]) -> pl.DataFrame:
    """Rewrite calamine's date text as ISO 8601.

    ``2024-01-02 00:00:00`` → ``2024-01-02``; ``2024-01-02 13:45:07`` →
    ``2024-01-02T13:45:07``; a time-only cell (Excel day 0) → ``13:45:07``.
    Text typed in exactly that shape is rewritten too, which keeps its meaning.
    """
    if not columns or frame.height == 0:
        return frame
    has_dates = frame.select(pl.col(columns).str.contains(_EXCEL_DATETIME).any()).row(0)
    date_columns = [column for column, found in zip(columns, has_dates) if found]
    return frame.with_columns(_iso(column) for column in date_columns)


def restore_full_precision(
    frame: pl.DataFrame,
    reader: fastexcel.ExcelReader,
    sheet_name: str,
    columns: Sequence[str],
    absolute_indexes: Sequence[int],
) -> pl.DataFrame:
    """Replace numbers whose 9-decimal text lost precision with their exact value.

    Only columns holding such a number are read a second time, as floats (that
    costs a second parse of the sheet, so it is kept for the rare values that
    need it); a cell is replaced only when its text matches and the cell is
    numeric. Rows line up because both reads start at the sheet's row 1.
    """
    if not columns or frame.height == 0:
        return frame
    suspicious = frame.select(pl.col(columns).str.contains(_IMPRECISE).any()).row(0)
    chosen = [
        (column, index)
        for column, index, found in zip(columns, absolute_indexes, suspicious)
        if found
    ]
    if not chosen:
        return frame
    numbers = reader.load_sheet(
        sheet_name,
        header_row=None,
        skip_rows=0,
        use_columns=[index for _, index in chosen],
        dtypes="float",
    ).to_polars()
    if numbers.height != frame.height:
        return frame
    replacements = []
    for position, (column, _) in enumerate(chosen):
        exact = pl.lit(numbers.to_series(position))
        lost_precision = pl.col(column).str.contains(_IMPRECISE) & exact.is_not_null()
        replacements.append(
            pl.when(lost_precision).then(exact.cast(pl.String)).otherwise(pl.col(column)).alias(column)
        )
    return frame.with_columns(replacements)


def _iso(column: str) -> pl.Expr:
    text = pl.col(column)
    return (
        pl.when(~text.str.contains(_EXCEL_DATETIME))
        .then(text)
        .when(text.str.starts_with(_EXCEL_DAY_ZERO))
        .then(text.str.slice(len(_EXCEL_DAY_ZERO)))
        .when(text.str.ends_with(_MIDNIGHT))
        .then(text.str.slice(0, len("YYYY-MM-DD")))
        .otherwise(text.str.replace(" ", "T", literal=True))
        .alias(column)
    )
