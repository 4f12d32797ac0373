"""Free text: STRING, TEXT and REFERENCE fields.

A reference cell holds the *name* of a record of another entity; resolving it
to a key is the loader's job, so here it stays text.
"""

from __future__ import annotations

import polars as pl

from dealbrain.coercion.plan import ColumnCoercion, Scratch, no_reason
from dealbrain.specs.fields import FieldSpec


def coerce_text(text: pl.Expr, field: FieldSpec, scratch: Scratch) -> ColumnCoercion:
    """Stripped text; never fails (length and pattern rules belong to validation)."""
    return ColumnCoercion(value=text, reason=no_reason())
