"""The shape every type-specific coercer returns: expressions, not values.

A coercer receives the cleaned text of one column (stripped, missing tokens
already turned into null) and answers with polars expressions for the typed
value, the failure reason and the conversions a note must count.

Expensive intermediate results (a regex match, a parsed number) are
declared as *stages*: named scratch columns computed once, in order, before
the final expressions read them. Without stages polars would evaluate a
shared sub-expression again in every expression that uses it. The frame
coercer runs stage k of every column together, so columns still run in
parallel.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

import polars as pl

from dealbrain.specs.fields import FieldSpec


class Example(Enum):
    """How a note illustrates the conversion it counts."""

    BEFORE_AFTER = "before_after"
    """The first converted cell and its result: ``(16GB -> 16)``."""
    DISTINCT_RAW = "distinct_raw"
    """A few distinct raw spellings: ``(NA, N/A, -)``."""


@dataclass(frozen=True)
class Conversion:
    """A conversion that changes what a person typed without failing.

    Each one becomes a counted sentence in the result's notes, so nothing
    that looks silent stays silent.
    """

    happened: pl.Expr
    """Boolean expression, true on the rows converted this way."""
    description: str
    """Completes "<field>: <n> values ..." e.g. "converted from units"."""
    example: Example = Example.BEFORE_AFTER


Stage = dict[str, pl.Expr]
"""Scratch column name -> expression, computed together."""


@dataclass(frozen=True)
class Scratch:
    """Names the scratch columns of one mapped column so they never collide."""

    prefix: str

    def name(self, label: str) -> str:
        return f"{self.prefix}{label}"

    def col(self, label: str) -> pl.Expr:
        return pl.col(self.name(label))


@dataclass(frozen=True)
class ColumnCoercion:
    """Expressions that turn one column of cleaned text into typed values."""

    value: pl.Expr
    """The typed value; null when the cell was missing or could not be read."""
    reason: pl.Expr
    """A human sentence when the cell could not be read, else null."""
    conversions: tuple[Conversion, ...] = ()
    stages: tuple[Stage, ...] = ()
    """Scratch columns, computed stage by stage before value, reason and conversions."""


class Coercer(Protocol):
    """Builds the expressions for one field from its cleaned text."""

    def __call__(self, text: pl.Expr, field: FieldSpec, scratch: Scratch) -> ColumnCoercion: ...


def sentence(*parts: str | pl.Expr) -> pl.Expr:
    """Join literal text and expressions into one reason or example string.

    Null when any expression part is null, which suits reasons: they are only
    built for rows that failed.
    """
    return pl.concat_str([pl.lit(part) if isinstance(part, str) else part for part in parts])


def no_reason() -> pl.Expr:
    """A reason column for coercers that never fail."""
    return pl.lit(None, dtype=pl.String)


_CELL = "cell"


def per_distinct(text: pl.Expr, answer: Callable[[pl.Expr], pl.Expr]) -> pl.Expr:
    """Evaluate ``answer`` once per distinct cell and spread the results back to every row.

    For columns with few distinct spellings (dates, choices, yes/no) this
    makes regular expressions and list work cost next to nothing: the
    expressions run on the distinct cells, then a hash join copies the
    answers out. ``answer`` receives the cell expression and may use it
    freely; the result dtype is worked out from an empty frame.
    """
    empty = pl.DataFrame(schema={_CELL: pl.String})
    dtype = empty.select(answer(pl.col(_CELL))).dtypes[0]

    def answer_cells(cells: pl.Series) -> pl.Series:
        distinct = cells.unique().to_frame(_CELL)
        answers = distinct.with_columns(answer(pl.col(_CELL)).alias("__answer"))
        joined = cells.to_frame(_CELL).join(answers, on=_CELL, how="left", maintain_order="left")
        return joined.get_column("__answer")

    return text.map_batches(answer_cells, return_dtype=dtype)
