"""Finding the header row of a sheet when title rows sit above it."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

HEADER_SEARCH_ROWS = 20
"""How many non-blank rows from the top are considered as the header."""

_NUMBER_LIKE = re.compile(
    r"^[-+(]?[$€£¥]?\s?\d[\d,.\s]*(e[-+]?\d+)?\)?\s?%?$"
    r"|^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$"
    r"|^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$"
    r"|^(true|false)$",
    re.IGNORECASE,
)
_MIN_TEXT_SHARE = 0.5
"""A header's cells are mostly words, not numbers or dates."""


@dataclass(frozen=True)
class HeaderChoice:
    """Which of the candidate rows is the header, and whether it clearly looked like one."""

    index: int
    confident: bool


def looks_numeric(value: str) -> bool:
    """True for values a header would not contain: numbers, money, percentages, dates."""
    return bool(_NUMBER_LIKE.match(value))


def find_header_row(rows: Sequence[Sequence[str | None]]) -> HeaderChoice:
    """Pick the header among the first non-blank rows of a sheet.

    The header is the first row that is mostly filled (at least half as many
    cells as the widest row, and at least two when the sheet is wider than one
    column) and whose values are mostly text rather than numbers. Title rows
    such as "Deal Brain CPU export — Nov 2026" fill one or two cells and are
    passed over. When no row qualifies, the first row is used and
    ``confident`` is False.
    """
    filled_counts = [sum(1 for cell in row if cell is not None) for row in rows]
    if not filled_counts:
        return HeaderChoice(0, confident=False)
    widest = max(filled_counts)
    needed = 1 if widest == 1 else max(2, math.ceil(widest / 2))
    for index, row in enumerate(rows):
        filled = [cell for cell in row if cell is not None]
        if len(filled) < needed:
            continue
        text_cells = sum(1 for cell in filled if not looks_numeric(cell))
        if text_cells / len(filled) >= _MIN_TEXT_SHARE:
            return HeaderChoice(index, confident=True)
    return HeaderChoice(0, confident=False)
