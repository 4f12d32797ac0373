"""Which coercer goes with each field type (the dtypes are in `dealbrain.frames`)."""

from __future__ import annotations

from dealbrain.coercion.booleans import coerce_boolean
from dealbrain.coercion.choices import coerce_enum
from dealbrain.coercion.dates import coerce_date
from dealbrain.coercion.lists import coerce_list
from dealbrain.coercion.numbers import coerce_number
from dealbrain.coercion.plan import Coercer
from dealbrain.coercion.ports import coerce_ports
from dealbrain.coercion.text import coerce_text
from dealbrain.coercion.years import coerce_integer_or_year
from dealbrain.frames import POLARS_DTYPES
from dealbrain.specs.fields import FieldType

__all__ = ["COERCERS", "POLARS_DTYPES"]

COERCERS: dict[FieldType, Coercer] = {
    FieldType.STRING: coerce_text,
    FieldType.TEXT: coerce_text,
    FieldType.REFERENCE: coerce_text,
    FieldType.INTEGER: coerce_integer_or_year,
    FieldType.NUMBER: coerce_number,
    FieldType.BOOLEAN: coerce_boolean,
    FieldType.ENUM: coerce_enum,
    FieldType.MULTI_ENUM: coerce_list,
    FieldType.DATE: coerce_date,
    FieldType.PORTS: coerce_ports,
}
