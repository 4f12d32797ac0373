"""Frame conventions of the import stages (see `dealbrain.frames`) and the stored form of custom values."""

from __future__ import annotations

import polars as pl

from dealbrain.frames import POLARS_DTYPES, PORT_STRUCT, RECORD_ID, SHEET, SOURCE_ROW, stored_dtype
from dealbrain.specs import FieldSpec, FieldType

__all__ = ["PORT_STRUCT", "RECORD_ID", "SHEET", "SOURCE_ROW", "as_stored", "polars_dtype"]


def polars_dtype(field: FieldSpec, *, stored: bool = False) -> pl.DataType:
    """The dtype of a field's column after coercion (``stored``: as read back from JSON)."""
    return stored_dtype(field) if stored else POLARS_DTYPES[field.type]


def as_stored(frame: pl.DataFrame, fields: list[FieldSpec]) -> pl.DataFrame:
    """Custom dates become ISO text, the form they take in ``attributes_json``."""
    dates = [f.name for f in fields if f.custom and f.type is FieldType.DATE and f.name in frame.columns]
    return frame.with_columns(pl.col(name).dt.to_string("%Y-%m-%d") for name in dates) if dates else frame
