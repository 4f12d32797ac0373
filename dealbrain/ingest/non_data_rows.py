"""Rows of a sheet that are not records: repeated headers, totals, footer notes, sub-headers.

Spreadsheets exported or kept by people carry rows below or between the data
that must not become records: ``Source: cpubenchmark.net, scraped Aug 2025``
under the list, a ``Total`` row summing the prices, the header repeated after
a page break, ``Desktop parts`` written into the ``CPU Mark`` column. They are
recognised here, with polars expressions over the whole sheet (no loop over
rows), and set aside with the reason and their text, so the preview can say
so and an operator can bring one back (``keep_rows``).

A row is set aside when it is:

* a repeated header: at least two cells, and at least half of its filled
  cells, equal their column's header;
* a totals row: its first filled cell reads ``Total``, ``Totals``,
  ``Subtotal`` or ``Grand total`` (optionally with ``:`` or ``(...)``);
* a note: most of its cells are empty and the first filled one reads like a
  note (``Source: ...``, ``Note: ...``, ``Scraped ...``, ``© ...``): a record
  whose *notes* column says ``Note: ...`` starts with its name, so it stays;
* a sub-header or stray text: most of its cells are empty, and the numbers
  columns (inferred from the other rows' values) hold only text there.

A row with many empty optional cells and nothing else odd is data: emptiness
alone never sets a row aside.
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from dealbrain.coercion.missing import is_missing_token
from dealbrain.ingest.raw_sheet import SOURCE_ROW, RawSheet

SET_ASIDE_COLUMNS: dict[str, pl.DataType] = {SOURCE_ROW: pl.Int64(), "reason": pl.String(), "text": pl.String()}
TOTAL_PATTERN = r"(?i)^(?:grand\s+|sub-?\s*)?totals?\s*(?::.*|\(.*\))?$"
NOTE_PATTERN = (
    r"(?i)^(?:(?:sources?|notes?|n\.?\s?b\.?|disclaimer|copyright|remarks?|comments?)\s*[:\-\u2013\u2014]"
    r"|(?:scraped|generated|exported|downloaded|last\s+updated|data\s+(?:from|as\s+of))\s|\u00a9)"
)
NUMBER_PATTERN = r"^[+-]?[$\u20ac\u00a3]?\s*(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)\s*[a-zA-Z%]{0,4}\*?$"
"""A number as sheets write it: ``1,439``, ``$60.23*``, ``65 W``, ``16GB``, ``2.5``."""
SPARSE_SHARE = 0.3
"""A row is "mostly empty" when at most this share of its columns (and at least 2) hold a value."""
SAMPLE_ROWS = 1_000
NUMERIC_SHARE = 0.9
MIN_NUMERIC_VALUES = 3

_FILLED, _REASON = "__filled__", "__reason__"


def _numeric_columns(frame: pl.DataFrame, columns: list[str], sparse: pl.Expr) -> list[str]:
    """Columns whose values in well-filled rows are numbers (at least ``NUMERIC_SHARE`` of a sample)."""
    sample = frame.filter(~sparse).head(SAMPLE_ROWS)
    present = [pl.col(c).is_not_null() & ~is_missing_token(pl.col(c)) for c in columns]
    shares = sample.select(
        *(pl.col(c).filter(p).str.contains(NUMBER_PATTERN).mean().alias(c) for c, p in zip(columns, present)),
        *(p.sum().alias(f"{c}__n") for c, p in zip(columns, present)),
    ).row(0, named=True)
    return [
        c for c in columns
        if shares[f"{c}__n"] >= MIN_NUMERIC_VALUES and (shares[c] or 0) >= NUMERIC_SHARE
    ]


def _reasons(frame: pl.DataFrame, columns: list[str], sparse: pl.Expr, numeric: list[str]) -> pl.Expr:
    """The reason each row (of the candidate rows) is not data, or null."""
    header_matches = pl.sum_horizontal(*(pl.col(c).eq_missing(pl.lit(c)).cast(pl.Int32) for c in columns))
    repeated = (header_matches >= 2) & (header_matches * 2 >= pl.col(_FILLED))
    first = pl.coalesce(*columns)
    totals = first.str.contains(TOTAL_PATTERN).fill_null(False)
    note = sparse & first.str.contains(NOTE_PATTERN).fill_null(False)
    if numeric:
        text = [pl.col(c).is_not_null() & ~is_missing_token(pl.col(c)) & ~pl.col(c).str.contains(NUMBER_PATTERN) for c in numeric]
        number = [pl.col(c).str.contains(NUMBER_PATTERN).fill_null(False) for c in numeric]
        stray = sparse & pl.any_horizontal(*text) & ~pl.any_horizontal(*number)
    else:
        stray = pl.lit(False)
    return (
        pl.when(repeated).then(pl.lit("repeats the header"))
        .when(totals).then(pl.lit("a totals row"))
        .when(note).then(pl.lit("a note, not a record"))
        .when(stray).then(pl.lit("mostly empty, with text in a numbers column (a sub-header or note)"))
        .otherwise(None)
    )


def find_non_data_rows(sheet: RawSheet) -> pl.DataFrame:
    """The rows of ``sheet`` that are not records: ``__source_row__``, ``reason`` and the row's ``text``.

    Cheap tests pick the candidates on every row (mostly empty, a cell equal to
    its header, a first cell reading ``Total``); the other patterns run on those only.
    """
    columns = sheet.columns
    if not columns or sheet.frame.is_empty():
        return pl.DataFrame(schema=SET_ASIDE_COLUMNS)
    frame = sheet.frame.with_columns(pl.sum_horizontal(*(pl.col(c).is_not_null().cast(pl.Int32) for c in columns)).alias(_FILLED))
    sparse = pl.col(_FILLED) <= max(2, int(len(columns) * SPARSE_SHARE))
    first = pl.coalesce(*columns)
    equal_to_header = pl.any_horizontal(*(pl.col(c).eq_missing(pl.lit(c)) for c in columns))
    maybe = sparse | equal_to_header | first.str.contains(TOTAL_PATTERN).fill_null(False)
    candidates = frame.filter(maybe)
    if candidates.is_empty():
        return pl.DataFrame(schema=SET_ASIDE_COLUMNS)
    numeric = _numeric_columns(frame, columns, sparse)
    flagged = candidates.with_columns(_reasons(candidates, columns, sparse, numeric).alias(_REASON)).filter(pl.col(_REASON).is_not_null())
    return flagged.select(
        pl.col(SOURCE_ROW),
        pl.col(_REASON).alias("reason"),
        pl.concat_str(*columns, separator=" | ", ignore_nulls=True).alias("text"),
    )


def set_aside_non_data_rows(sheet: RawSheet, keep: frozenset[int] = frozenset()) -> tuple[RawSheet, pl.DataFrame]:
    """``sheet`` without its non-data rows (except the ``keep`` row numbers), and the rows set aside."""
    found = find_non_data_rows(sheet)
    set_aside = found.filter(~pl.col(SOURCE_ROW).is_in(sorted(keep))) if keep else found
    if set_aside.is_empty():
        return sheet, set_aside
    frame = sheet.frame.filter(~pl.col(SOURCE_ROW).is_in(set_aside[SOURCE_ROW].implode()))
    note = f"{set_aside.height} row(s) that are not records were left out (rows {_listed(set_aside[SOURCE_ROW].to_list())})"
    return replace(sheet, frame=frame, notes=[*sheet.notes, note], set_aside=set_aside), set_aside


def _listed(rows: list[int], limit: int = 20) -> str:
    shown = ", ".join(map(str, rows[:limit]))
    return shown + (f" and {len(rows) - limit} more" if len(rows) > limit else "")
