"""Errors a person can cause while writing overrides, with where and how to fix them.

Filter and row-selection errors point at a column of the text the person
typed and repeat that text with a caret under the problem, so the message
reads well in a terminal, a Dagster log or a Launchpad error panel.
"""

from __future__ import annotations

from dealbrain.errors import UserFacingError

_WINDOW = 72
"""Texts longer than this are shown as a window around the problem."""
_LEAD = 30
"""Characters shown before the problem when the text is windowed."""


def caret_lines(text: str, offset: int) -> str:
    """``text`` (or a window of it) with a caret under character ``offset`` (0-based).

    Tabs and line breaks are shown as spaces so the caret stays aligned.
    """
    shown = "".join(" " if char in "\t\r\n" else char for char in text)
    offset = max(0, min(offset, len(shown)))
    start = 0 if len(shown) <= _WINDOW else max(0, offset - _LEAD)
    end = min(len(shown), start + _WINDOW)
    prefix = "..." if start > 0 else ""
    suffix = "..." if end < len(shown) else ""
    line = f"{prefix}{shown[start:end]}{suffix}"
    caret = " " * (len(prefix) + offset - start) + "^"
    return f"    {line}\n    {caret}"


class PositionedError(UserFacingError, ValueError):
    """A problem at one position of a text the person typed.

    Attributes: ``problem`` (what is wrong), ``text`` (what was typed),
    ``column`` (1-based position of the problem in ``text``) and ``hint``
    (what to do about it).
    """

    kind = "Text"

    def __init__(self, problem: str, text: str, offset: int, hint: str = "") -> None:
        self.problem = problem
        self.text = text
        self.column = offset + 1
        self.hint = hint
        message = (
            f"{self.kind} error at column {self.column}: {problem}\n{caret_lines(text, offset)}"
        )
        if hint:
            message += f"\n  Hint: {hint}"
        super().__init__(message)


class FilterSyntaxError(PositionedError):
    """A ``where`` filter that cannot be read or does not fit the entity's fields."""

    kind = "Filter"


class RowSelectionError(PositionedError):
    """A ``rows`` selection such as ``2-10, 15`` that cannot be read."""

    kind = "Row selection"


class OverrideError(UserFacingError, ValueError):
    """An override that cannot be applied: bad shape, unknown field, invalid value, or no rows.

    ``position`` is the override's 1-based place in the list the person gave.
    """

    def __init__(self, position: int, sheet: str, problem: str) -> None:
        self.position = position
        self.sheet = sheet
        self.problem = problem
        super().__init__(f"Override {position} (sheet {sheet!r}): {problem}")
