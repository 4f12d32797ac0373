"""Polars dtypes and literal values for each `FieldType`.

Coerced frames hold one column per field with the dtype given here; the
schema builder checks for it and `apply_defaults` casts defaults to it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from dealbrain.specs import FieldSpec, FieldType

SOURCE_ROW = "__source_row__"
"""Column added by the reader: the spreadsheet row a record came from."""

PORT_STRUCT = pl.Struct({"type": pl.String, "count": pl.Int64, "spec_notes": pl.String})

_DTYPES: dict[FieldType, pl.DataType] = {
    FieldType.STRING: pl.String(),
    FieldType.TEXT: pl.String(),
    FieldType.REFERENCE: pl.String(),
    FieldType.ENUM: pl.String(),
    FieldType.INTEGER: pl.Int64(),
    FieldType.NUMBER: pl.Float64(),
    FieldType.BOOLEAN: pl.Boolean(),
    FieldType.MULTI_ENUM: pl.List(pl.String),
    FieldType.DATE: pl.Date(),
    FieldType.PORTS: pl.List(PORT_STRUCT),
}


def polars_dtype(field_type: FieldType) -> pl.DataType:
    """The dtype a coerced column of this field type has."""
    return _DTYPES[field_type]


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
