"""Yes/no cells: yes/no, true/false, y/n, 1/0, t/f in any letter case."""

from __future__ import annotations

import polars as pl

from dealbrain.coercion.plan import ColumnCoercion, Scratch, sentence
from dealbrain.specs.fields import FieldSpec

TRUE_WORDS: tuple[str, ...] = ("yes", "true", "y", "1", "t")
FALSE_WORDS: tuple[str, ...] = ("no", "false", "n", "0", "f")

_ACCEPTED = ", ".join(f"{yes}/{no}" for yes, no in zip(TRUE_WORDS, FALSE_WORDS))


def coerce_boolean(text: pl.Expr, field: FieldSpec, scratch: Scratch) -> ColumnCoercion:
    """BOOLEAN fields: pl.Boolean."""
    value = scratch.col("boolean")
    lookup = text.str.to_lowercase().replace_strict(
        [*TRUE_WORDS, *FALSE_WORDS],
        [True] * len(TRUE_WORDS) + [False] * len(FALSE_WORDS),
        default=None,
        return_dtype=pl.Boolean,
    )
    reason = pl.when(text.is_not_null() & value.is_null()).then(
        sentence("'", text, f"' is not yes or no (accepted: {_ACCEPTED})")
    )
    return ColumnCoercion(value=value, reason=reason, stages=({scratch.name("boolean"): lookup},))
