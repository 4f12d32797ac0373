"""Writing untrusted values so that no spreadsheet program runs them as formulas.

Only text a spreadsheet would evaluate is guarded: text starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return that is not simply a number.
The value itself is never changed: in a workbook, `write_safe_cell` stores
such text as a text cell with Excel's "quote prefix" style (shown as typed,
kept as text when edited); numbers are written as numbers, so ``-4`` stays
the number -4. Only CSV, which has no cell styles, gets the customary
leading apostrophe (`neutralize`).
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # openpyxl stays off the CLI's start path (the audit command imports `neutralize`)
    from openpyxl.cell.cell import Cell

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_DIGITS = 15
"""Significant digits a spreadsheet keeps in a number; longer numbers stay text."""
UNSTORABLE_MARK = "\ufffd"
"""Stands in for control characters (a NUL, say) that an xlsx file cannot hold at all."""

UNSTORABLE_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Control characters an xlsx cell cannot hold (the same set openpyxl refuses)."""
_PLAIN_INTEGER = re.compile(r"-?(?:0|[1-9]\d*)")
_PLAIN_DECIMAL = re.compile(r"-?(?:0|[1-9]\d*)\.\d*[1-9]")


def as_number(text: str) -> int | float | None:
    """``text`` as the number it spells exactly (``-4``, ``2.5``), else None.

    Only the canonical spelling counts, so writing the number shows the very
    text that was read: ``007``, ``1.50``, ``+4``, ``1e3`` and numbers with
    more digits than a spreadsheet keeps stay text.
    """
    digits = len(text.lstrip("-").replace(".", "").lstrip("0"))
    if digits > EXCEL_DIGITS:
        return None
    if _PLAIN_INTEGER.fullmatch(text) and text != "-0":
        return int(text)
    if _PLAIN_DECIMAL.fullmatch(text):
        number = float(text)
        return number if math.isfinite(number) else None
    return None


def is_formula_like(text: str) -> bool:
    """A spreadsheet would evaluate ``text`` typed into a cell (a plain number is only a number)."""
    return text.startswith(FORMULA_TRIGGERS) and as_number(text) is None


def neutralize(value: Any) -> Any:
    """For CSV: formula-like text gets a leading apostrophe; everything else passes unchanged.

    ``=HYPERLINK("http://evil", "click")`` becomes ``'=HYPERLINK(...)``, shown
    as text; ``-4`` stays ``-4``.
    """
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def write_safe_cell(cell: Cell, value: Any, *, text: bool = False) -> None:
    """Put ``value`` into a worksheet cell so that it reads back as written and never runs.

    Text spelling a plain number becomes that number; other text is stored as
    a text cell (never a formula, whatever it starts with), with the quote
    prefix when a spreadsheet would otherwise evaluate it once edited.
    Control characters an xlsx cannot hold are shown as U+FFFD. With
    ``text`` (headers), text stays text even when it spells a number.
    """
    if not isinstance(value, str):
        cell.value = value
        return
    number = None if text else as_number(value)
    if number is not None:
        cell.value = number
        return
    cell.value = UNSTORABLE_CHARACTERS.sub(UNSTORABLE_MARK, value)
    cell.data_type = "s"
    if is_formula_like(value):
        cell.quotePrefix = True
