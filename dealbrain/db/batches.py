"""Splitting long ``IN (...)`` lists so queries stay below SQLite's and PostgreSQL's parameter limits."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

IN_LIST_LIMIT = 5000
"""Values per ``IN (...)`` list."""

Value = TypeVar("Value")


def in_batches(values: Sequence[Value], size: int = IN_LIST_LIMIT) -> Iterator[Sequence[Value]]:
    """``values`` in consecutive slices of at most ``size``."""
    for start in range(0, len(values), size):
        yield values[start : start + size]
