"""Coercing a single cell, for record edits made outside an import."""

from __future__ import annotations

from typing import Any

import polars as pl

from dealbrain.coercion.frame import SOURCE_ROW, coerce_frame
from dealbrain.specs.fields import FieldSpec

_CELL = "value"


def coerce_value(raw: str | None, field: FieldSpec) -> tuple[Any, str | None]:
    """``(typed value, None)`` on success, ``(None, reason)`` when the cell cannot be read.

    Missing cells (blank, ``NA``, ``-`` ...) give ``(None, None)``. Runs the
    same code as ``coerce_frame`` on a one-row frame, so both always agree.
    """
    one_row = pl.DataFrame(
        {SOURCE_ROW: [0], _CELL: [raw]}, schema={SOURCE_ROW: pl.Int64, _CELL: pl.String}
    )
    result = coerce_frame(one_row, {_CELL: field})
    reason = result.issues.get_column("reason").first() if result.issues.height else None
    return result.frame.get_column(field.name).first(), reason
