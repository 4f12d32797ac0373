"""Folding natural keys and names for comparison: the one definition of "the same record".

A key is compared trimmed and lower-cased (full Unicode rules, in Python,
polars and, through the SQLite connection's ``lower()``, SQL alike).
"""

from __future__ import annotations

import polars as pl


def fold(text: str) -> str:
    """``text`` as compared: trimmed and lower-cased."""
    return text.strip().lower()


def folded(expression: pl.Expr) -> pl.Expr:
    """The polars form of `fold`."""
    return expression.str.strip_chars().str.to_lowercase()
