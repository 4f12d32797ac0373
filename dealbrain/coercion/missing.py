"""Cells that mean "no value": blanks and the usual placeholder spellings."""

from __future__ import annotations

import polars as pl

MISSING_TOKENS: frozenset[str] = frozenset(
    {"na", "n/a", "-", "--", "empty", "null", "none", "nan"}
)
"""Lower-case spellings read as a missing value (compared case-insensitively).

Blank and whitespace-only cells are missing too, without being counted in
the notes, because nothing was typed there.
"""


def stripped(raw: pl.Expr) -> pl.Expr:
    """The cell without surrounding whitespace."""
    return raw.str.strip_chars()


def is_missing_token(raw: pl.Expr) -> pl.Expr:
    """True where the cell holds a placeholder such as ``NA`` or ``-``."""
    return stripped(raw).str.to_lowercase().is_in(list(MISSING_TOKENS))


def cleaned_text(raw: pl.Expr) -> pl.Expr:
    """Stripped text with blanks and missing tokens turned into null."""
    text = stripped(raw)
    return pl.when((text == "") | is_missing_token(raw)).then(None).otherwise(text)
