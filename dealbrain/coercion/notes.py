"""Sentences that count the conversions a person might not expect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import polars as pl

from dealbrain.coercion.plan import Example

_MAX_DISTINCT_EXAMPLES = 5


@dataclass(frozen=True)
class CountedConversion:
    """Where one conversion's flags, raw cells and values sit in the work frame."""

    field_name: str
    description: str
    example: Example
    flag_column: str
    raw_column: str
    value_column: str


def describe_conversions(work: pl.DataFrame, conversions: list[CountedConversion]) -> list[str]:
    """One sentence per conversion that happened at least once."""
    if not conversions or work.is_empty():
        return []
    counts = work.select(pl.col(c.flag_column).fill_null(False).sum() for c in conversions).row(0)
    return [
        _sentence(work, conversion, count)
        for conversion, count in zip(conversions, counts)
        if count
    ]


def _sentence(work: pl.DataFrame, conversion: CountedConversion, count: int) -> str:
    noun = "value" if count == 1 else "values"
    example = _example(work, conversion)
    return f"{conversion.field_name}: {count} {noun} {conversion.description} ({example})"


def _example(work: pl.DataFrame, conversion: CountedConversion) -> str:
    flags = work.get_column(conversion.flag_column)
    raw = work.get_column(conversion.raw_column)
    if conversion.example is Example.DISTINCT_RAW:
        spellings = raw.filter(flags).str.strip_chars().unique(maintain_order=True)
        return ", ".join(spellings.head(_MAX_DISTINCT_EXAMPLES).to_list())
    first = flags.arg_max()
    value = work.get_column(conversion.value_column).slice(first, 1).to_list()[0]
    return f"{raw[first].strip()} -> {_display(value)}"


def _display(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_display(item) for item in value) + "]"
    if isinstance(value, dict):
        return " ".join(f"{key}={item}" for key, item in value.items() if item is not None)
    return str(value)
