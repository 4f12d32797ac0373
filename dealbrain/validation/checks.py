"""Named pandera checks for field rules, each with a sentence people can act on.

Every check has a short ``name`` (the ``check`` column of a report) and an
``error`` phrase (its ``reason``), written to follow the field name:
"condition must be one of new, refurb, used". Checks return vectorised polars
expressions; none runs Python per row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

from dealbrain.validation.field_types import display_value

ONE_OF = "one_of"
EACH_ONE_OF = "each_one_of"
AT_LEAST = "at_least"
AT_MOST = "at_most"
MAX_LENGTH = "max_length"
PATTERN = "pattern"
FINITE = "finite"
PORT_COUNT = "port_count"
PORT_TYPE = "port_type"


def one_of(options: Sequence[str]) -> pa.Check:
    allowed = list(options)
    return pa.Check.isin(allowed, name=ONE_OF, error=f"must be one of {', '.join(allowed)}")


def each_one_of(options: Sequence[str]) -> pa.Check:
    """Every item of a list column is one of ``options`` (a null item is not)."""
    allowed = list(options)

    def items_allowed(data: PolarsData) -> pl.LazyFrame:
        item_ok = pl.element().is_in(allowed).fill_null(False)
        return data.lazyframe.select(pl.col(data.key).list.eval(item_ok).list.all())

    return pa.Check(items_allowed, name=EACH_ONE_OF, error=f"every item must be one of {', '.join(allowed)}")


def at_least(bound: Any, *, dates: bool = False, floats: bool = False) -> pa.Check:
    shown = display_value(bound)
    error = f"must be on or after {shown}" if dates else f"must be at least {shown}"
    if floats:
        return _float_bound(lambda cell: cell >= bound, name=AT_LEAST, error=error)
    return pa.Check.ge(bound, name=AT_LEAST, error=error)


def at_most(bound: Any, *, dates: bool = False, floats: bool = False) -> pa.Check:
    shown = display_value(bound)
    error = f"must be on or before {shown}" if dates else f"must be at most {shown}"
    if floats:
        return _float_bound(lambda cell: cell <= bound, name=AT_MOST, error=error)
    return pa.Check.le(bound, name=AT_MOST, error=error)


def _float_bound(compare: Callable[[pl.Expr], pl.Expr], *, name: str, error: str) -> pa.Check:
    """A bound on a float column that lets NaN pass: `finite` reports it once."""

    def within(data: PolarsData) -> pl.LazyFrame:
        cell = pl.col(data.key)
        return data.lazyframe.select(compare(cell) | cell.is_nan())

    return pa.Check(within, name=name, error=error)


def finite() -> pa.Check:
    """Rejects NaN and infinities, which compare oddly with every bound."""

    def is_finite(data: PolarsData) -> pl.LazyFrame:
        return data.lazyframe.select(pl.col(data.key).is_finite())

    return pa.Check(is_finite, name=FINITE, error="must be a finite number")


def max_length(limit: int) -> pa.Check:
    return pa.Check.str_length(max_value=limit, name=MAX_LENGTH, error=f"must be at most {limit} characters")


def full_match(pattern: str) -> pa.Check:
    """The whole value matches ``pattern`` (str_matches alone anchors only the start)."""
    return pa.Check.str_matches(f"^(?:{pattern})$", name=PATTERN, error=f"must match the pattern {pattern}")


def _every_port(data: PolarsData, port_ok: pl.Expr) -> pl.LazyFrame:
    return data.lazyframe.select(pl.col(data.key).list.eval(port_ok.fill_null(False)).list.all())


def port_count() -> pa.Check:
    def counts_positive(data: PolarsData) -> pl.LazyFrame:
        return _every_port(data, pl.element().struct.field("count") >= 1)

    return pa.Check(counts_positive, name=PORT_COUNT, error="every port must have a count of at least 1")


def port_type() -> pa.Check:
    def types_present(data: PolarsData) -> pl.LazyFrame:
        port_kind = pl.element().struct.field("type").str.strip_chars()
        return _every_port(data, port_kind.str.len_chars() > 0)

    return pa.Check(types_present, name=PORT_TYPE, error="every port must have a type")
