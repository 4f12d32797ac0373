"""CSV text a spreadsheet opens safely: formula-like text neutralised, empty cells empty."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

import polars as pl

from dealbrain.export.safe_cells import neutralize


def as_csv(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """UTF-8 CSV of ``header`` and ``rows`` (see `neutralize`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if value is None else neutralize(value) for value in row])
    return buffer.getvalue().encode("utf-8")


_FORMULA_START = r"^[=+\-@\t\r]"
_PLAIN_NUMBER = r"^-?(?:0|[1-9]\d*)(?:\.\d*[1-9])?$"
"""What `safe_cells.as_number` reads as a number: such text is left alone even when it starts with '-'."""


def _neutralized(column: pl.Expr) -> pl.Expr:
    formula_like = column.str.contains(_FORMULA_START) & ~column.str.contains(_PLAIN_NUMBER)
    return pl.when(formula_like).then(pl.lit("'") + column).otherwise(column)


def frame_as_csv(frame: pl.DataFrame) -> bytes:
    """``frame`` as UTF-8 CSV, as `as_csv` writes rows, at polars speed (lists joined with ', ')."""
    columns = []
    for name, dtype in frame.schema.items():
        column = pl.col(name)
        if isinstance(dtype, pl.List):
            column = column.cast(pl.List(pl.String)).list.join(", ")
        elif dtype.is_nested() or dtype == pl.Object:
            column = column.map_elements(str, return_dtype=pl.String)
        elif dtype != pl.String:
            columns.append(column)
            continue
        columns.append(_neutralized(column).alias(name))
    return frame.select(columns).write_csv().encode("utf-8")
