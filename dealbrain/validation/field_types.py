"""Polars dtypes and literal values for each `FieldType`.

Coerced frames hold one column per field with the dtype given here; the
schema builder checks for it and `apply_defaults` casts defaults to it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from dealbrain.frames import PORT_STRUCT, SOURCE_ROW, polars_dtype
from dealbrain.specs import FieldSpec, FieldType

__all__ = ["PORT_STRUCT", "SOURCE_ROW", "as_date", "polars_dtype"]


def as_date(value: Any) -> dt.date:
    """A date bound or default given as a `date`, `datetime` or ISO string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None
    raise TypeError(f"expected a date or an ISO date string, got {type(value).__name__}")


def python_value(spec: FieldSpec, value: Any) -> Any:
    """`value` (a bound or a default from a spec) as the Python type of the field."""
    if spec.type is FieldType.DATE:
        return as_date(value)
    if spec.type is FieldType.MULTI_ENUM:
        return [value] if isinstance(value, str) else list(value)
    if spec.type is FieldType.PORTS:
        return [dict(port) for port in value]
    return value


def polars_literal(spec: FieldSpec, value: Any) -> pl.Expr:
    """`value` as a polars literal with the field's dtype."""
    return pl.lit(python_value(spec, value), dtype=polars_dtype(spec.type))


def display_value(value: Any) -> str:
    """A bound or default as people write it: ``0`` not ``0.0``, dates in ISO."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(display_value(item) for item in value)
    return str(value)
