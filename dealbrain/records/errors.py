"""Refusals of a record edit, each saying what was wrong, where, and what to do.

Two families, so every surface can tell them apart: a `RecordUsageError` is
a request that cannot be understood (unknown field, malformed filter, nothing
to set); a `RecordRefusedError` is a well-formed request the data refuses
(no such record, a value that cannot be read or breaks a rule, a filter that
selects nothing).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dealbrain.errors import UserFacingError

SHOWN_FAILURES = 20
"""Failing values listed in a refusal; the rest are counted."""
_STORED = "; stored value: set it in this edit too"
"""Added to failures of values the edit did not change (a stored value breaking a newer rule)."""


class RecordEditError(UserFacingError, ValueError):
    """A record edit that cannot be done as asked."""


class RecordUsageError(RecordEditError):
    """The request itself is wrong: fix the command, not the data."""


class RecordRefusedError(RecordEditError):
    """The request is understood, but the records or the values refuse it."""


class UnknownFieldError(RecordUsageError):
    """A change names a field the entity does not have (or may not be edited here)."""


class InvalidFilterError(RecordUsageError):
    """The bulk selection filter cannot be read or does not fit the entity's fields."""


class RecordNotFoundError(RecordRefusedError):
    """No stored record has the given natural key."""


class NothingSelectedError(RecordRefusedError):
    """A bulk filter matches no stored record."""


class InvalidValueError(RecordRefusedError):
    """A value typed for a field cannot be read as that field's type, or names no record."""


class RecordValidationError(RecordRefusedError):
    """The edited records break the entity's schema; ``failures`` holds one row per failing value.

    Each failure has ``record`` (natural key), ``field``, ``value``, ``rule``,
    ``reason`` and ``changed`` (False when the value is a stored one this edit
    did not touch).
    """

    def __init__(self, headline: str, failures: Sequence[dict[str, Any]]) -> None:
        self.failures = list(failures)
        super().__init__(f"{headline}\n{failure_table(self.failures)}")


def failure_table(failures: Sequence[dict[str, Any]], limit: int = SHOWN_FAILURES) -> str:
    """The first ``limit`` failures as aligned text lines, and how many more there are."""
    header = ("record", "field", "value", "problem")
    rows = [
        (
            _cell(item["record"]),
            _cell(item["field"]),
            _cell(item["value"]),
            _cell(f"{item['reason']} ({item['rule']})" + ("" if item["changed"] else _STORED), 200),
        )
        for item in failures[:limit]
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  " + "  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True)).rstrip()
             for row in [header, *rows]]
    if len(failures) > limit:
        lines.append(f"  … and {len(failures) - limit} more")
    return "\n".join(lines)


def _cell(value: Any, width: int = 60) -> str:
    text = "(empty)" if value is None else str(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
