"""Cells that mean "no value": blanks and the usual placeholder spellings."""

from __future__ import annotations

import itertools

import polars as pl

MISSING_TOKENS: frozenset[str] = frozenset(
    {"na", "n/a", "-", "--", "empty", "null", "none", "nan"}
)
"""Lower-case spellings read as a missing value (compared case-insensitively).

Blank and whitespace-only cells are missing too, without being counted in
the notes, because nothing was typed there.
"""


def _every_letter_case(token: str) -> set[str]:
    cases = ((char.lower(), char.upper()) for char in token)
    return {"".join(spelling) for spelling in itertools.product(*cases)}


_MISSING_SPELLINGS: list[str] = sorted(
    spelling for token in MISSING_TOKENS for spelling in _every_letter_case(token)
)
"""Every letter case of every token: a hash lookup is much cheaper than lower-casing each cell."""


def is_missing_token(stripped: pl.Expr) -> pl.Expr:
    """True where the (already stripped) cell holds a placeholder such as ``NA`` or ``-``."""
    return stripped.is_in(_MISSING_SPELLINGS)


def blank_or_missing_to_null(stripped: pl.Expr, missing: pl.Expr) -> pl.Expr:
    """Stripped text with blanks and missing tokens turned into null."""
    return pl.when(missing | (stripped == "")).then(None).otherwise(stripped)
