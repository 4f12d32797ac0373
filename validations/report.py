"""The outcome of a quality run as plain data: no Great Expectations objects leak out."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ExpectationOutcome:
    """How one table met one expectation."""

    description: str
    expectation_type: str
    """Great Expectations' name for it, e.g. ``expect_column_values_to_be_unique``."""
    column: str
    """The column checked (``"threads, cores"`` for a pair)."""
    success: bool
    unexpected_count: int
    unexpected_examples: list[Any] = field(default_factory=list)
    """A few offending rows: the record's natural key with the checked value(s), or bare values."""


@dataclass(frozen=True)
class QualityReport:
    """The expectations of one entity over its stored table."""

    entity: str
    success: bool
    results: list[ExpectationOutcome]
    evaluated_rows: int

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [outcome for outcome in self.results if not outcome.success]

    def rows(self) -> list[dict[str, Any]]:
        """One display row per expectation: expectation, success, unexpected count and examples."""
        return [
            {
                "expectation": outcome.description,
                "column": outcome.column,
                "success": "yes" if outcome.success else "NO",
                "unexpected": outcome.unexpected_count,
                "examples": "; ".join(_example_text(example) for example in outcome.unexpected_examples),
            }
            for outcome in self.results
        ]


def _example_text(example: Any) -> str:
    if isinstance(example, dict):
        return ", ".join(f"{key}={_value_text(value)}" for key, value in example.items())
    if isinstance(example, list):
        return " / ".join(_value_text(value) for value in example)
    return _value_text(example)


def _value_text(value: Any) -> str:
    """A value as a person writes it: integer columns read with gaps come back as floats (``8.0``)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
