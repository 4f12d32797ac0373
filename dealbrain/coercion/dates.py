"""DATE fields: the spellings found in real sheets, read into pl.Date.

Accepted: ISO dates (``2024-05-01``, also ``2024/05/01``), ISO date-times
(the date is kept), month and year (``Aug 2025``, ``August 2025``: the first
of the month), ``Aug 1, 2025`` / ``1 Aug 2025``, US ``05/01/2024``
(month/day/year) and Excel serial numbers between 1950 and 2100 when the
whole cell is a plain number. Each distinct cell is parsed once.
"""

from __future__ import annotations

import calendar
from datetime import date

import polars as pl

from dealbrain.coercion.plan import ColumnCoercion, Conversion, Scratch, per_distinct, sentence
from dealbrain.specs.fields import FieldSpec

EXCEL_EPOCH = date(1899, 12, 30)
"""Day zero of Excel's serial dates (absorbs Excel's 1900 leap-year bug)."""
EXCEL_SERIAL_RANGE: tuple[int, int] = (
    (date(1950, 1, 1) - EXCEL_EPOCH).days,
    (date(2100, 12, 31) - EXCEL_EPOCH).days,
)
"""Plain numbers in this range are read as Excel dates; others are reported."""

_EPOCH_SHIFT = (date(1970, 1, 1) - EXCEL_EPOCH).days

_DATE_PATTERN = (
    r"^(?:"
    r"(?P<iso_year>\d{4})[-/](?P<iso_month>\d{1,2})[-/](?P<iso_day>\d{1,2})(?P<time>[t ]\d.*)?"
    r"|(?P<us_month>\d{1,2})/(?P<us_day>\d{1,2})/(?P<us_year>\d{4})"
    r"|(?P<my_month>[a-z]+)\.?,?\s+(?P<my_year>\d{4})"
    r"|(?P<mdy_month>[a-z]+)\.?\s+(?P<mdy_day>\d{1,2}),?\s+(?P<mdy_year>\d{4})"
    r"|(?P<dmy_day>\d{1,2})\s+(?P<dmy_month>[a-z]+)\.?,?\s+(?P<dmy_year>\d{4})"
    r"|(?P<serial>\d+(?:\.\d+)?)"
    r")$"
)
"""Applied to lower-cased text; each alternative has its own named groups."""

_MONTH_NUMBERS: dict[str, str] = {
    **{name.lower(): str(number) for number, name in enumerate(calendar.month_name) if name},
    **{abbr.lower(): str(number) for number, abbr in enumerate(calendar.month_abbr) if abbr},
    "sept": "9",
}

_EXPECTED = "expected e.g. 2024-05-01, 05/01/2024, Aug 2025 or an Excel date number"
_MATCH_FLAGS = {
    "first_of_month": "my_year",
    "time_dropped": "time",
    "us_order": "us_year",
    "excel_serial": "serial",
}
"""Answer flag -> the pattern group whose match means that conversion happened."""


def _month_number(name: pl.Expr) -> pl.Expr:
    return name.replace_strict(
        list(_MONTH_NUMBERS), list(_MONTH_NUMBERS.values()), default=None, return_dtype=pl.String
    )


def _calendar_date(parts: pl.Expr) -> pl.Expr:
    """The date named by whichever text alternative matched, null if none or invalid."""
    group = parts.struct.field
    year = pl.coalesce(
        group("iso_year"), group("us_year"), group("my_year"), group("mdy_year"), group("dmy_year")
    )
    month = pl.coalesce(
        group("iso_month"),
        group("us_month"),
        _month_number(pl.coalesce(group("my_month"), group("mdy_month"), group("dmy_month"))),
    )
    day = pl.coalesce(
        group("iso_day"), group("us_day"), group("mdy_day"), group("dmy_day"), pl.lit("1")
    )
    iso_text = pl.concat_str(year, pl.lit("-"), month.str.zfill(2), pl.lit("-"), day.str.zfill(2))
    return iso_text.str.to_date("%Y-%m-%d", strict=False)


def _excel_date(serial: pl.Expr) -> pl.Expr:
    days = serial.cast(pl.Float64, strict=False).floor()
    low, high = EXCEL_SERIAL_RANGE
    as_date = (days - _EPOCH_SHIFT).cast(pl.Int32).cast(pl.Date)
    return pl.when((days >= low) & (days <= high)).then(as_date)


def _reason(cell: pl.Expr, value: pl.Expr, parts: pl.Expr) -> pl.Expr:
    low, high = EXCEL_SERIAL_RANGE
    serial_range = f"only from {low} to {high}, i.e. 1950 to 2100"
    group = parts.struct.field
    return (
        pl.when(cell.is_null() | value.is_not_null())
        .then(None)
        .when(group("serial").is_not_null())
        .then(
            sentence(
                "'", cell, f"' is not a date (a plain number is read as an Excel date {serial_range})"
            )
        )
        .when(group("iso_year").is_not_null())
        .then(sentence("'", cell, "' is not a real calendar date"))
        .when(group("us_year").is_not_null())
        .then(sentence("'", cell, "' is not a real calendar date (read as month/day/year)"))
        .otherwise(sentence("'", cell, f"' is not a date ({_EXPECTED})"))
    )


def _answer(cell: pl.Expr) -> pl.Expr:
    """Value, failure reason and conversion flags for each distinct cell."""
    parts = cell.str.to_lowercase().str.extract_groups(_DATE_PATTERN)
    value = pl.coalesce(_calendar_date(parts), _excel_date(parts.struct.field("serial")))
    flags = {
        flag: value.is_not_null() & parts.struct.field(group).is_not_null()
        for flag, group in _MATCH_FLAGS.items()
    }
    return pl.struct(value=value, reason=_reason(cell, value, parts), **flags)


def coerce_date(text: pl.Expr, field: FieldSpec, scratch: Scratch) -> ColumnCoercion:
    """DATE fields: pl.Date."""
    answer = scratch.col("answer").struct.field
    return ColumnCoercion(
        value=answer("value"),
        reason=answer("reason"),
        conversions=(
            Conversion(answer("first_of_month"), "read as the first of the month"),
            Conversion(answer("time_dropped"), "had a time of day dropped"),
            Conversion(answer("us_order"), "read as US month/day/year"),
            Conversion(answer("excel_serial"), "read as an Excel serial date"),
        ),
        stages=({scratch.name("answer"): per_distinct(text, _answer)},),
    )
