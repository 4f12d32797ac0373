"""Fill empty cells of fields that declare a default, before validation.

Running before the schema means a default can satisfy a required field: a
sheet without a ``condition`` column still loads when ``condition`` has a
default.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from dealbrain.specs import FieldSpec, FieldType
from dealbrain.validation.field_types import display_value, polars_literal, python_value


def apply_defaults(frame: pl.DataFrame, fields: Sequence[FieldSpec]) -> tuple[pl.DataFrame, list[str]]:
    """``frame`` with nulls of defaulted fields filled, and one note per field filled.

    A defaulted field missing from the frame is added with its default on
    every row. Notes read "condition: default 'used' applied to 12 rows";
    fields whose cells were all filled already get no note.
    """
    notes: list[str] = []
    fills: list[pl.Expr] = []
    for spec in fields:
        if spec.default is None:
            continue
        value = polars_literal(spec, spec.default)
        if spec.name in frame.columns:
            empty = _empty_cells(frame, spec)
            filled = pl.when(empty).then(value).otherwise(pl.col(spec.name))
            count = int(frame.select(empty.sum()).item())
        else:
            filled = value
            count = frame.height
        fills.append(filled.alias(spec.name))
        if count:
            notes.append(f"{spec.name}: default {_shown(spec)} applied to {count} {'row' if count == 1 else 'rows'}")
    return (frame.with_columns(fills) if fills else frame), notes


def _empty_cells(frame: pl.DataFrame, spec: FieldSpec) -> pl.Expr:
    cell = pl.col(spec.name)
    if spec.type is FieldType.NUMBER and frame.schema[spec.name].is_float():
        return cell.is_null() | cell.is_nan()
    return cell.is_null()


def _shown(spec: FieldSpec) -> str:
    value = python_value(spec, spec.default)
    if isinstance(value, bool) or isinstance(value, (int, float)):
        return display_value(value)
    if spec.type in (FieldType.MULTI_ENUM, FieldType.PORTS):
        return repr(value)
    return f"'{display_value(value)}'"
