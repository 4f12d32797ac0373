"""Which coercer and which polars dtype go with each field type."""

from __future__ import annotations

import polars as pl

from dealbrain.coercion.booleans import coerce_boolean
from dealbrain.coercion.choices import coerce_enum, coerce_multi_enum
from dealbrain.coercion.dates import coerce_date
from dealbrain.coercion.numbers import coerce_integer, coerce_number
from dealbrain.coercion.plan import Coercer
from dealbrain.coercion.ports import PORTS_DTYPE, coerce_ports
from dealbrain.coercion.text import coerce_text
from dealbrain.specs.fields import FieldType

COERCERS: dict[FieldType, Coercer] = {
    FieldType.STRING: coerce_text,
    FieldType.TEXT: coerce_text,
    FieldType.REFERENCE: coerce_text,
    FieldType.INTEGER: coerce_integer,
    FieldType.NUMBER: coerce_number,
    FieldType.BOOLEAN: coerce_boolean,
    FieldType.ENUM: coerce_enum,
    FieldType.MULTI_ENUM: coerce_multi_enum,
    FieldType.DATE: coerce_date,
    FieldType.PORTS: coerce_ports,
}

POLARS_DTYPES: dict[FieldType, pl.DataType] = {
    FieldType.STRING: pl.String(),
    FieldType.TEXT: pl.String(),
    FieldType.REFERENCE: pl.String(),
    FieldType.INTEGER: pl.Int64(),
    FieldType.NUMBER: pl.Float64(),
    FieldType.BOOLEAN: pl.Boolean(),
    FieldType.ENUM: pl.String(),
    FieldType.MULTI_ENUM: pl.List(pl.String),
    FieldType.DATE: pl.Date(),
    FieldType.PORTS: PORTS_DTYPE,
}
"""The dtype of each field type's column in a coerced frame."""
