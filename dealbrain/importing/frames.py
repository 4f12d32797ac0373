"""Column names and dtypes shared by every stage's frames."""

from __future__ import annotations

import polars as pl

from dealbrain.specs import FieldSpec, FieldType

SOURCE_ROW = "__source_row__"
"""1-based row of the value in its sheet, as the operator sees it in Excel."""
SHEET = "__sheet__"
RECORD_ID = "__record_id__"
"""Id of the stored record a row matches (null for new records)."""

PORT_STRUCT = pl.Struct({"type": pl.String, "count": pl.Int64, "spec_notes": pl.String})

_DTYPES: dict[FieldType, pl.DataType] = {
    FieldType.STRING: pl.String(),
    FieldType.TEXT: pl.String(),
    FieldType.REFERENCE: pl.String(),
    FieldType.ENUM: pl.String(),
    FieldType.INTEGER: pl.Int64(),
    FieldType.NUMBER: pl.Float64(),
    FieldType.BOOLEAN: pl.Boolean(),
    FieldType.DATE: pl.Date(),
    FieldType.MULTI_ENUM: pl.List(pl.String),
    FieldType.PORTS: pl.List(PORT_STRUCT),
}


def polars_dtype(field: FieldSpec, *, stored: bool = False) -> pl.DataType:
    """The dtype of a field's column after coercion (``stored``: as read back from JSON)."""
    if stored and field.custom and field.type is FieldType.DATE:
        return pl.String()
    return _DTYPES[field.type]


def as_stored(frame: pl.DataFrame, fields: list[FieldSpec]) -> pl.DataFrame:
    """Custom dates become ISO text, the form they take in ``attributes_json``."""
    dates = [f.name for f in fields if f.custom and f.type is FieldType.DATE and f.name in frame.columns]
    return frame.with_columns(pl.col(name).dt.to_string("%Y-%m-%d") for name in dates) if dates else frame
