"""Whether a column's values look like a field's: its type, and the range its values usually take.

A header alone is weak evidence when it is half similar to a field's
spellings ("Single Thread Rating" against ``single thread mark``). The
values settle it: single-thread marks are whole numbers of a few thousand,
multi-thread marks reach tens of thousands, a TDP is 2..400 W. ``value_fit``
reads the sample values the way the coercion would read them (``"1,439"``,
``"65 W"``, ``"$89.95*"``, placeholders such as ``NA`` left out) and says
which share of them fits the field: parseable for its type, whole for an
integer field, and inside ``FieldSpec.typical`` (or the field's
minimum..maximum when it declares no typical range).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from dealbrain.mapping.type_inference import present_values
from dealbrain.specs import FieldSpec, FieldType

NUMERIC_TYPES = (FieldType.INTEGER, FieldType.NUMBER)
MIN_VALUES = 3
"""Fewer present values than this say nothing either way."""
_NUMBER = re.compile(r"^[+-]?\$?(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<decimals>\.\d+)?\s*\**\s*(?P<unit>[a-z$]*)\s*\**$")
_YEAR = re.compile(r"\b(19[7-9]\d|20\d\d|2100)\b")


@dataclass(frozen=True)
class ValueFit:
    """How well a column's values fit a field: ``score`` is the share that fits, 0..1."""

    score: float
    summary: str
    """For rationales, e.g. ``its values (512..3,120, whole numbers) lie in the usual 300..6,000``."""


def _number(value: str, field: FieldSpec) -> float | None:
    match = _NUMBER.match(value.strip().casefold())
    if match is None:
        return None
    unit = match["unit"]
    factor = 1.0
    if unit:
        known = {suffix.casefold(): multiplier for suffix, multiplier in field.units.items()}
        if unit not in known:
            return None
        factor = known[unit]
    return float(match["digits"].replace(",", "") + (match["decimals"] or "")) * factor


def _range(field: FieldSpec) -> tuple[float | None, float | None]:
    if field.typical is not None:
        return field.typical
    return field.minimum, field.maximum


def _shown(number: float) -> str:
    return f"{number:,.0f}" if number == int(number) else f"{number:,.2f}"


def value_fit(field: FieldSpec, values: Sequence[str | None]) -> ValueFit | None:
    """The fit of ``values`` to a numeric or year field; None when it cannot be judged (other types, too few values)."""
    present = present_values(values)
    if len(present) < MIN_VALUES or field.type not in NUMERIC_TYPES:
        return None
    if field.holds_year:
        years = [int(found[1]) for value in present if (found := _YEAR.search(value))]
        score = len(years) / len(present)
        if not years:
            return ValueFit(0.0, "its values hold no years")
        return ValueFit(score, f"{score:.0%} of its values hold a year ({min(years)}..{max(years)})")
    numbers = [_number(value, field) for value in present]
    read = [number for number in numbers if number is not None]
    if not read:
        return ValueFit(0.0, f"its values ({', '.join(present[:2])}) are not numbers")
    low, high = _range(field)
    whole = field.type is FieldType.NUMBER or all(number == int(number) for number in read)
    fitting = [
        number for number in read
        if (low is None or number >= low) and (high is None or number <= high)
        and (field.type is FieldType.NUMBER or number == int(number))
    ]
    score = round(len(fitting) / len(present), 3)
    kind = "whole numbers" if all(number == int(number) for number in read) else "numbers"
    span = f"{_shown(min(read))}..{_shown(max(read))}, {kind}"
    usual = f"{_shown(low) if low is not None else ''}..{_shown(high) if high is not None else ''}"
    if score >= 0.8:
        return ValueFit(score, f"its values ({span}) fit: {score:.0%} lie in the usual {usual}")
    why = "" if whole else "; the field takes whole numbers"
    return ValueFit(score, f"its values ({span}) do not fit: {score:.0%} lie in the usual {usual}{why}")
