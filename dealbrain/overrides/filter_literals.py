"""Checking a filter against an entity's fields: names, operators and literal types.

Each field type accepts the literals a person would expect and nothing else:

* text fields (string, text, reference): quoted text; compared ignoring case;
* enum: quoted text naming one of the options (any case or separators);
* multi_enum: only ``contains "option"`` and ``is [not] null``;
* integer and number: unquoted numbers;
* boolean: ``true`` / ``false`` with ``=``, ``!=`` or ``in``;
* date: quoted ISO dates such as ``"2024-05-31"``;
* ports: only ``is [not] null``.

``null`` is never a value to compare with: ``is null`` says it plainly.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping
from datetime import date

from dealbrain.coercion.choices import option_key
from dealbrain.overrides.errors import FilterSyntaxError
from dealbrain.overrides.filter_ast import FieldRef, Literal, LiteralKind, LiteralValue
from dealbrain.specs.fields import FieldSpec, FieldType

TEXT_TYPES = frozenset({FieldType.STRING, FieldType.TEXT, FieldType.REFERENCE})
NUMERIC_TYPES = frozenset({FieldType.INTEGER, FieldType.NUMBER})
ORDERED_TYPES = TEXT_TYPES | NUMERIC_TYPES | {FieldType.DATE}
"""Types that accept ``<``, ``<=``, ``>`` and ``>=``."""

_INT64_MAX = 2**63 - 1
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def resolve_field(ref: FieldRef, fields: Mapping[str, FieldSpec], text: str) -> FieldSpec:
    """The field ``ref`` names: exact name first, then the one name equal ignoring case."""
    if ref.name in fields:
        return fields[ref.name]
    folded = [name for name in fields if name.lower() == ref.name.lower()]
    if len(folded) == 1:
        return fields[folded[0]]
    names = list(fields)
    close = difflib.get_close_matches(ref.name.lower(), names, n=1)
    guess = f"Did you mean {close[0]!r}? " if close else ""
    raise FilterSyntaxError(
        f"unknown field {ref.name!r}",
        text,
        ref.offset,
        f"{guess}Valid fields are: {', '.join(names)}.",
    )


def _problem(literal: Literal, text: str, problem: str, hint: str) -> FilterSyntaxError:
    return FilterSyntaxError(problem, text, literal.offset, hint)


def _type_words(field: FieldSpec) -> str:
    kind = field.type.value.replace("_", " ")
    article = "an" if kind[0] in "aeiou" else "a"
    return f"{field.name!r} is {article} {kind} field"


def _number(literal: Literal, field: FieldSpec, text: str) -> int | float:
    if literal.kind is not LiteralKind.NUMBER:
        raise _problem(
            literal,
            text,
            f"{_type_words(field)}; {_shown(literal)} is not a number",
            "Write numbers without quotes, e.g. cores >= 8 or price_usd < 199.99.",
        )
    value = literal.value
    assert isinstance(value, int | float) and not isinstance(value, bool)
    if isinstance(value, int) and abs(value) > _INT64_MAX:
        raise _problem(literal, text, f"the number {value} is too large", "Use a smaller number.")
    if isinstance(value, float) and not math.isfinite(value):
        raise _problem(literal, text, "the number is too large", "Use a smaller number.")
    return value


def text_literal(literal: Literal, field: FieldSpec, text: str) -> str:
    if literal.kind is not LiteralKind.STRING:
        raise _problem(
            literal,
            text,
            f"{_type_words(field)}; {_shown(literal)} is not quoted text",
            f'Put the value in quotes, e.g. {field.name} = "{literal.value}".',
        )
    value = str(literal.value)
    if not value.strip():
        raise _problem(
            literal,
            text,
            "empty text never matches: empty cells hold no value",
            f"To find empty cells write {field.name} is null.",
        )
    return value


def _option(literal: Literal, field: FieldSpec, text: str) -> str:
    value = text_literal(literal, field, text)
    by_key = {option_key(option): option for option in field.options}
    if option_key(value) not in by_key:
        raise _problem(
            literal,
            text,
            f"{value!r} is not an option of {field.name!r}",
            f"Options are: {', '.join(field.options) or '(none declared)'}.",
        )
    return by_key[option_key(value)]


def _date(literal: Literal, field: FieldSpec, text: str) -> date:
    hint = f'Write dates as quoted ISO dates, e.g. {field.name} >= "2024-05-31".'
    if literal.kind is not LiteralKind.STRING:
        raise _problem(
            literal, text, f"{_type_words(field)}; {_shown(literal)} is not a date", hint
        )
    value = str(literal.value).strip()
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise _problem(literal, text, f"{value!r} is not a date (year-month-day)", hint) from None


def _boolean(literal: Literal, field: FieldSpec, text: str) -> bool:
    if literal.kind is not LiteralKind.BOOLEAN:
        raise _problem(
            literal,
            text,
            f"{_type_words(field)}; {_shown(literal)} is not true or false",
            f"Write {field.name} = true or {field.name} = false, without quotes.",
        )
    return bool(literal.value)


def _shown(literal: Literal) -> str:
    if literal.kind is LiteralKind.STRING:
        return f'"{literal.value}"'
    if literal.kind is LiteralKind.BOOLEAN:
        return "true" if literal.value else "false"
    return str(literal.value)


def typed_literal(literal: Literal, field: FieldSpec, text: str) -> LiteralValue:
    """``literal`` as a value of ``field``'s type; `FilterSyntaxError` when it does not fit."""
    if literal.kind is LiteralKind.NULL:
        raise _problem(
            literal,
            text,
            "null is not a value to compare with",
            f"Write {field.name} is null or {field.name} is not null.",
        )
    if field.type in TEXT_TYPES:
        return text_literal(literal, field, text)
    if field.type is FieldType.ENUM or field.type is FieldType.MULTI_ENUM:
        return _option(literal, field, text)
    if field.type in NUMERIC_TYPES:
        return _number(literal, field, text)
    if field.type is FieldType.DATE:
        return _date(literal, field, text)
    if field.type is FieldType.BOOLEAN:
        return _boolean(literal, field, text)
    raise _problem(
        literal,
        text,
        f"{_type_words(field)} and cannot be compared with a value",
        f"Only {field.name} is null and {field.name} is not null work on it.",
    )
