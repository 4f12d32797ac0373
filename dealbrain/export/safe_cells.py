"""Neutralising cell text that a spreadsheet program would run as a formula."""

from __future__ import annotations

from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: Any) -> Any:
    """Text starting like a formula gets a leading apostrophe-safe quote; other values pass through.

    ``=HYPERLINK("http://evil", "click")`` becomes ``'=HYPERLINK(...)`` shown as
    text. Negative numbers are numbers, not text, so they are left alone.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value
