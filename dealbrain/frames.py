"""Conventions every polars frame in the pipeline follows: bookkeeping columns and dtypes per field type.

Readers add ``__source_row__``; coercion produces one column per field with
the dtype given here; validation checks for it; the loader reads it back.
"""

from __future__ import annotations

import polars as pl

from dealbrain.specs import FieldSpec, FieldType

SOURCE_ROW = "__source_row__"
"""1-based row of the value in its sheet, as the operator sees it in Excel (or the CSV line)."""
SHEET = "__sheet__"
RECORD_ID = "__record_id__"
"""Id of the stored record a row matches (null for new records)."""

PORT_STRUCT = pl.Struct({"type": pl.String, "count": pl.Int64, "spec_notes": pl.String})
PORTS_DTYPE = pl.List(PORT_STRUCT)

POLARS_DTYPES: dict[FieldType, pl.DataType] = {
    FieldType.STRING: pl.String(),
    FieldType.TEXT: pl.String(),
    FieldType.REFERENCE: pl.String(),
    FieldType.ENUM: pl.String(),
    FieldType.INTEGER: pl.Int64(),
    FieldType.NUMBER: pl.Float64(),
    FieldType.BOOLEAN: pl.Boolean(),
    FieldType.MULTI_ENUM: pl.List(pl.String),
    FieldType.DATE: pl.Date(),
    FieldType.PORTS: PORTS_DTYPE,
}
"""The dtype of each field type's column in a coerced frame."""


def polars_dtype(field_type: FieldType) -> pl.DataType:
    """The dtype a coerced column of this field type has."""
    return POLARS_DTYPES[field_type]


def stored_dtype(field: FieldSpec) -> pl.DataType:
    """The dtype of a field as read back from the database (custom dates are ISO text in JSON)."""
    if field.custom and field.type is FieldType.DATE:
        return pl.String()
    return POLARS_DTYPES[field.type]
