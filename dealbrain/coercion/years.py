"""Year fields: a whole number, or a date whose year is taken (PassMark's ``Aug 2025`` -> 2025).

A field holds a year when its spec says so (``FieldSpec.year``) or, for
custom fields, when its key is ``year`` or ends in ``_year``
(``FieldSpec.holds_year``). The cell is read as a whole number first, with
the usual formatting rules; when that fails, with every spelling the date
coercer accepts. Other integer fields are untouched.
"""

from __future__ import annotations

from itertools import zip_longest

import polars as pl

from dealbrain.coercion.dates import coerce_date
from dealbrain.coercion.numbers import coerce_integer
from dealbrain.coercion.plan import ColumnCoercion, Conversion, Scratch, Stage, sentence
from dealbrain.specs.fields import FieldSpec

_EXPECTED = "expected a year such as 2021, or a date such as Aug 2025 or 2021-03-01"


def coerce_integer_or_year(text: pl.Expr, field: FieldSpec, scratch: Scratch) -> ColumnCoercion:
    """INTEGER fields: years read from dates when the field holds a year, plain whole numbers otherwise."""
    return coerce_year(text, field, scratch) if field.holds_year else coerce_integer(text, field, scratch)


def coerce_year(text: pl.Expr, field: FieldSpec, scratch: Scratch) -> ColumnCoercion:
    """Int64 years: the number itself, else the year of the date in the cell."""
    whole = coerce_integer(text, field, Scratch(scratch.name("whole_")))
    dated = coerce_date(text, field, Scratch(scratch.name("date_")))
    from_date = whole.reason.is_not_null() & dated.value.is_not_null()
    value = pl.when(whole.reason.is_null()).then(whole.value).otherwise(dated.value.dt.year().cast(pl.Int64))
    reason = pl.when(text.is_null() | whole.reason.is_null() | dated.value.is_not_null()).then(None).otherwise(
        sentence("'", text, f"' is not a year ({_EXPECTED})")
    )
    return ColumnCoercion(
        value=value,
        reason=reason,
        conversions=(*whole.conversions, Conversion(from_date, "read as the year of a date")),
        stages=_merged(whole.stages, dated.stages),
    )


def _merged(first: tuple[Stage, ...], second: tuple[Stage, ...]) -> tuple[Stage, ...]:
    """Stage k of both coercions together (their scratch names never collide)."""
    return tuple({**(a or {}), **(b or {})} for a, b in zip_longest(first, second))
