"""Infer the field type a custom field would get from a column's sample values.

Blank cells and placeholders (``NA``, ``N/A``, ``null``, ``-``...) are ignored.
The first rule that every remaining value satisfies wins:

1. no values left -> ``string``;
2. ``boolean``: yes / no / true / false, any case;
3. ``integer``: whole numbers, with optional sign, ``,`` thousands separators,
   a leading currency symbol and a trailing ``.0`` (spreadsheets export whole
   numbers as ``16.0``);
4. ``number``: decimals in the same notation (PassMark's footnote ``*`` after
   a price is tolerated);
5. ``date``: ISO dates or datetimes (``2024-03-01``), month and year
   (``Aug 2025``, ``August 2025``, ``2025-08``) or ``MM/DD/YYYY``;
6. ``multi_enum``: some value joins several items with ``,`` ``;`` or ``|``
   (PassMark's ``Desktop, Server``), and the items pass the ``enum`` rule;
7. ``enum``: at least ``ENUM_MIN_VALUES`` values, at most ``ENUM_MAX_DISTINCT``
   distinct ones, all short;
8. ``text``: some value is longer than ``TEXT_MIN_LENGTH`` or spans lines;
9. otherwise ``string``.

``choice_options`` lists the options such a column would offer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from dealbrain.specs import FieldType

NULL_TOKENS = frozenset({"", "na", "n/a", "null", "nan", "-", "--", "\u2014"})
BOOLEAN_TOKENS = frozenset({"yes", "no", "true", "false"})
ENUM_MIN_VALUES = 20
ENUM_MAX_DISTINCT = 10
ENUM_MAX_LENGTH = 32
TEXT_MIN_LENGTH = 100

_CURRENCY = r"[$\u20ac\u00a3]?"
_DIGITS = r"(?:\d{1,3}(?:,\d{3})+|\d+)"
_INTEGER = re.compile(rf"^[+-]?{_CURRENCY}{_DIGITS}(?:\.0+)?$")
_NUMBER = re.compile(rf"^[+-]?{_CURRENCY}(?:{_DIGITS}(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?\*?$")
_SLASH_DATE = re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$")
_MONTH_YEAR_FORMATS = ("%b %Y", "%B %Y", "%Y-%m")


def is_blank(value: str | None) -> bool:
    """True for a missing cell, whitespace or a placeholder such as ``NA``."""
    return value is None or str(value).strip().casefold() in NULL_TOKENS


def present_values(values: Sequence[str | None]) -> list[str]:
    """The non-blank values as stripped strings, in their original order.

    Non-string cells (numbers read from a workbook) are turned into strings.
    """
    return [str(value).strip() for value in values if value is not None and not is_blank(value)]


def infer_field_type(values: Sequence[str | None]) -> FieldType:
    """The custom-field type that fits every non-blank value (see module docstring)."""
    present = present_values(values)
    if not present:
        return FieldType.STRING
    if all(value.casefold() in BOOLEAN_TOKENS for value in present):
        return FieldType.BOOLEAN
    if all(_INTEGER.match(value) for value in present):
        return FieldType.INTEGER
    if all(_NUMBER.match(value) for value in present):
        return FieldType.NUMBER
    if all(_is_date(value) for value in present):
        return FieldType.DATE
    if _looks_like_multi_enum(present):
        return FieldType.MULTI_ENUM
    if _looks_like_enum(present):
        return FieldType.ENUM
    if any(len(value) > TEXT_MIN_LENGTH or "\n" in value for value in present):
        return FieldType.TEXT
    return FieldType.STRING


def _is_date(value: str) -> bool:
    if _SLASH_DATE.match(value):
        return True
    if value[:4].isdigit():
        try:
            datetime.fromisoformat(value)
            return True
        except ValueError:
            pass
    for pattern in _MONTH_YEAR_FORMATS:
        try:
            datetime.strptime(value, pattern)
            return True
        except ValueError:
            continue
    return False


def _looks_like_enum(present: Sequence[str]) -> bool:
    distinct = {value.casefold() for value in present}
    return (
        len(present) >= ENUM_MIN_VALUES
        and len(distinct) <= ENUM_MAX_DISTINCT
        and all(len(value) <= ENUM_MAX_LENGTH for value in present)
    )


_ITEM_SEPARATORS = re.compile(r"[,;|]")


def _items(values: Sequence[str]) -> list[str]:
    return [item.strip() for value in values for item in _ITEM_SEPARATORS.split(value) if item.strip()]


def _looks_like_multi_enum(present: Sequence[str]) -> bool:
    joined = any(len(_ITEM_SEPARATORS.split(value)) > 1 for value in present)
    return joined and len(present) >= ENUM_MIN_VALUES and _looks_like_enum(_items(present))


def choice_options(values: Sequence[str | None], field_type: FieldType) -> tuple[str, ...]:
    """The distinct choices (first spelling, in order of appearance) of an ``enum`` or ``multi_enum`` column."""
    present = present_values(values)
    if field_type is FieldType.MULTI_ENUM:
        present = _items(present)
    elif field_type is not FieldType.ENUM:
        return ()
    options: dict[str, str] = {}
    for value in present:
        options.setdefault(value.casefold(), value)
    return tuple(options.values())
