"""Row selections such as ``2-10, 15``: sheet row numbers as the person sees them in Excel.

Items are single row numbers or closed ranges ``first-last`` (both ends
included), separated by commas; spaces are ignored. Open ranges (``20-``),
reversed ranges, row 0 and ranges of more than ``MAX_RANGE_ROWS`` rows are
refused with a message pointing at the item.
"""

from __future__ import annotations

import re

from dealbrain.overrides.errors import RowSelectionError

MAX_SELECTION_LENGTH = 2_000
MAX_RANGE_ROWS = 100_000
EXCEL_MAX_ROW = 1_048_576
"""The last row an Excel sheet can have."""

_HINT = "Write row numbers and closed ranges separated by commas, e.g. 2-10, 15."
_ITEM = re.compile(r"(?P<first>[0-9]+)\s*(?:-\s*(?P<last>[0-9]+))?")
_OPEN_RANGE = re.compile(r"[0-9]+\s*-\s*$")


def _row(digits: str, text: str, offset: int) -> int:
    row = int(digits) if len(digits) <= 8 else EXCEL_MAX_ROW + 1
    if row < 1:
        raise RowSelectionError("row numbers start at 1", text, offset, _HINT)
    if row > EXCEL_MAX_ROW:
        raise RowSelectionError(
            f"row {digits} is past the last row of a sheet ({EXCEL_MAX_ROW:,})", text, offset, _HINT
        )
    return row


def _item(text: str, start: int, end: int) -> range:
    """The rows of the item ``text[start:end]``."""
    chunk = text[start:end]
    stripped = chunk.strip()
    offset = start + (len(chunk) - len(chunk.lstrip()))
    if not stripped:
        raise RowSelectionError("empty item in the row selection", text, start, _HINT)
    match = _ITEM.fullmatch(stripped)
    if match is None:
        if _OPEN_RANGE.fullmatch(stripped):
            problem, hint = (
                f"{stripped!r} is an open range",
                "Give both ends of the range, e.g. 20-40.",
            )
        else:
            problem, hint = f"{stripped!r} is not a row number or a range", _HINT
        raise RowSelectionError(problem, text, offset, hint)
    first = _row(match.group("first"), text, offset + match.start("first"))
    if match.group("last") is None:
        return range(first, first + 1)
    last = _row(match.group("last"), text, offset + match.start("last"))
    if last < first:
        raise RowSelectionError(
            f"the range {first}-{last} runs backwards",
            text,
            offset,
            f"Write the smaller row first: {last}-{first}.",
        )
    if last - first + 1 > MAX_RANGE_ROWS:
        raise RowSelectionError(
            f"the range {first}-{last} covers {last - first + 1:,} rows; "
            f"the limit is {MAX_RANGE_ROWS:,}",
            text,
            offset,
            "Use a filter (where) to select large parts of a sheet.",
        )
    return range(first, last + 1)


def parse_row_selection(text: str) -> frozenset[int]:
    """The sheet row numbers ``text`` names; `RowSelectionError` when it cannot be read."""
    if not isinstance(text, str):
        raise TypeError(f"a row selection must be text, not {type(text).__name__}")
    if len(text) > MAX_SELECTION_LENGTH:
        raise RowSelectionError(
            f"the row selection is {len(text):,} characters long; "
            f"the limit is {MAX_SELECTION_LENGTH:,}",
            text,
            MAX_SELECTION_LENGTH,
            "Use ranges, or a filter (where) instead.",
        )
    if not text.strip():
        raise RowSelectionError("the row selection is empty", text, 0, _HINT)
    rows: set[int] = set()
    start = 0
    for separator in [*(m.start() for m in re.finditer(",", text)), len(text)]:
        rows.update(_item(text, start, separator))
        start = separator + 1
    return frozenset(rows)
