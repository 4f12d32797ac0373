"""DATE fields: the spellings found in real sheets, read into pl.Date.

Accepted: ISO dates (``2024-05-01``, also ``2024/05/01``), ISO date-times
(the date is kept), month and year (``Aug 2025``, ``August 2025``: the first
of the month), ``Aug 1, 2025`` / ``1 Aug 2025``, US ``05/01/2024``
(month/day/year) and Excel serial numbers between 1950 and 2100 when the
whole cell is a plain number.
"""

from __future__ import annotations

import calendar
from datetime import date

import polars as pl

from dealbrain.coercion.plan import ColumnCoercion, Conversion, Scratch, sentence
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


def _month_number(name: pl.Expr) -> pl.Expr:
    return name.replace_strict(
        list(_MONTH_NUMBERS), list(_MONTH_NUMBERS.values()), default=None, return_dtype=pl.String
    )


def _calendar_date(parts: pl.Expr) -> pl.Expr:
    """The date named by whichever text alternative matched, null if none or invalid."""
    field = parts.struct.field
    year = pl.coalesce(field("iso_year"), field("us_year"), field("my_year"), field("mdy_year"), field("dmy_year"))
    month = pl.coalesce(
        field("iso_month"),
        field("us_month"),
        _month_number(pl.coalesce(field("my_month"), field("mdy_month"), field("dmy_month"))),
    )
    day = pl.coalesce(field("iso_day"), field("us_day"), field("mdy_day"), field("dmy_day"), pl.lit("1"))
    iso_text = pl.concat_str(year, pl.lit("-"), month.str.zfill(2), pl.lit("-"), day.str.zfill(2))
    return iso_text.str.to_date("%Y-%m-%d", strict=False)


def _excel_date(serial: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(date, in_range) for a serial number given as text."""
    days = serial.cast(pl.Float64, strict=False).floor()
    low, high = EXCEL_SERIAL_RANGE
    in_range = (days >= low) & (days <= high)
    as_date = pl.when(in_range).then((days - _EPOCH_SHIFT).cast(pl.Int32).cast(pl.Date))
    return as_date, in_range


def _reason(text: pl.Expr, value: pl.Expr, parts: pl.Expr, excel_in_range: pl.Expr) -> pl.Expr:
    low, high = EXCEL_SERIAL_RANGE
    looks_numeric = parts.struct.field("iso_year").is_not_null() | parts.struct.field("us_year").is_not_null()
    return (
        pl.when(text.is_null() | value.is_not_null())
        .then(None)
        .when(parts.struct.field("serial").is_not_null() & ~excel_in_range)
        .then(
            sentence(
                "'",
                text,
                f"' is not a date (a plain number is read as an Excel date only from {low} to {high},"
                " i.e. 1950 to 2100)",
            )
        )
        .when(looks_numeric)
        .then(sentence("'", text, "' is not a real calendar date"))
        .otherwise(sentence("'", text, f"' is not a date ({_EXPECTED})"))
    )


def coerce_date(text: pl.Expr, field: FieldSpec, scratch: Scratch) -> ColumnCoercion:
    """DATE fields: pl.Date. ISO dates take a fast path; the rest run the pattern."""
    iso, parts, value = scratch.col("iso"), scratch.col("parts"), scratch.col("date")
    excel, excel_in_range = _excel_date(parts.struct.field("serial"))
    read = value.is_not_null()

    def matched(group: str) -> pl.Expr:
        return read & parts.struct.field(group).is_not_null()

    return ColumnCoercion(
        value=value,
        reason=_reason(text, value, parts, excel_in_range),
        conversions=(
            Conversion(matched("my_year"), "read as the first of the month"),
            Conversion(matched("time"), "had a time of day dropped"),
            Conversion(matched("us_year"), "read as US month/day/year"),
            Conversion(matched("serial"), "read as Excel date numbers"),
        ),
        stages=(
            {scratch.name("iso"): text.str.to_date("%Y-%m-%d", strict=False)},
            {
                scratch.name("parts"): pl.when(iso.is_null())
                .then(text.str.to_lowercase())
                .str.extract_groups(_DATE_PATTERN)
            },
            {scratch.name("date"): pl.coalesce(iso, _calendar_date(parts), excel)},
        ),
    )
