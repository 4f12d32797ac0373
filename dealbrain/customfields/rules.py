"""Checking and normalising a definition's type, rules, options and presentation.

Values arrive typed (from Python callers) or as text (from the CLI and the
Dagster launchpad); `normalise_definition` turns both into the stored form or
raises `InvalidDefinition` saying which setting is wrong and how to fix it.
The default is checked separately (`dealbrain.customfields.defaults`), once
the rules it must satisfy are known to be sound.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import polars as pl

from dealbrain.coercion.choices import option_key
from dealbrain.customfields.definition import Bound, FieldDefinition, Visibility
from dealbrain.customfields.errors import InvalidDefinition
from dealbrain.specs import CUSTOM_FIELD_TYPES, FieldType

MAX_LABEL_LENGTH = 255
MAX_OPTION_LENGTH = 255
MAX_PATTERN_LENGTH = 500
MULTI_ENUM_SEPARATORS = ",;|"
"""Characters a multi_enum cell is split on, so options cannot contain them."""

CHOICE_TYPES = frozenset({FieldType.ENUM, FieldType.MULTI_ENUM})
BOUNDED_TYPES = frozenset({FieldType.NUMBER, FieldType.INTEGER, FieldType.DATE})
TEXT_TYPES = frozenset({FieldType.STRING, FieldType.TEXT})
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def parse_field_type(value: FieldType | str) -> FieldType:
    """A custom-field type from its name; the message lists the valid ones."""
    valid = ", ".join(kind.value for kind in CUSTOM_FIELD_TYPES)
    try:
        kind = FieldType(str(value).strip().lower())
    except ValueError:
        raise InvalidDefinition(f"Unknown field type {value!r}; choose one of: {valid}.") from None
    if kind not in CUSTOM_FIELD_TYPES:
        raise InvalidDefinition(f"Custom fields cannot have type {kind.value!r}; choose one of: {valid}.")
    return kind


def parse_visibility(value: Visibility | str) -> Visibility:
    try:
        return Visibility(str(value).strip().lower())
    except ValueError:
        valid = ", ".join(choice.value for choice in Visibility)
        raise InvalidDefinition(f"Unknown visibility {value!r}; choose one of: {valid}.") from None


def normalise_definition(definition: FieldDefinition) -> FieldDefinition:
    """``definition`` with every setting checked and in its stored form."""
    kind = parse_field_type(definition.type)
    key = definition.key
    minimum = _bound(definition.minimum, kind, key, "minimum")
    maximum = _bound(definition.maximum, kind, key, "maximum")
    _check_bounds_order(minimum, maximum, key)
    options = _options(definition.options, kind, key)
    return replace(
        definition,
        type=kind,
        label=_label(definition.label, key),
        description=(definition.description or "").strip(),
        minimum=minimum,
        maximum=maximum,
        max_length=_max_length(definition.max_length, kind, key),
        pattern=_pattern(definition.pattern, kind, key),
        options=options,
        retired_options=_retired(definition.retired_options, options, kind),
        visibility=parse_visibility(definition.visibility),
        display_order=_display_order(definition.display_order, key),
        label_translations=_translations(definition.label_translations, key),
    )


def _label(label: str | None, key: str) -> str:
    text = (label or "").strip() or key.replace("_", " ").capitalize()
    if len(text) > MAX_LABEL_LENGTH:
        raise InvalidDefinition(f"The label of {key!r} is {len(text)} characters; the limit is {MAX_LABEL_LENGTH}.")
    return text


def _bound(value: Any, kind: FieldType, key: str, which: str) -> Bound | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if kind not in BOUNDED_TYPES:
        raise InvalidDefinition(
            f"{key!r} is a {kind.value} field; a {which} only applies to number, integer and date fields. "
            f"Remove the {which} (or clear it when changing the type)."
        )
    if kind is FieldType.DATE:
        return _date_bound(value, key, which)
    return _number_bound(value, kind, key, which)


def _date_bound(value: Any, key: str, which: str) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise InvalidDefinition(f"The {which} of {key!r} must be a date written YYYY-MM-DD, not {value!r}.") from None


def _number_bound(value: Any, kind: FieldType, key: str, which: str) -> int | float:
    if isinstance(value, bool):
        raise InvalidDefinition(f"The {which} of {key!r} must be a number, not {value!r}.")
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise InvalidDefinition(f"The {which} of {key!r} must be a number, not {value!r}.") from None
    if not math.isfinite(number):
        raise InvalidDefinition(f"The {which} of {key!r} must be a finite number, not {value!r}.")
    if kind is FieldType.INTEGER:
        if not number.is_integer():
            raise InvalidDefinition(
                f"{key!r} is an integer field, so its {which} must be a whole number, not {value!r}."
            )
        return int(number)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _check_bounds_order(minimum: Bound | None, maximum: Bound | None, key: str) -> None:
    if minimum is not None and maximum is not None and minimum > maximum:  # type: ignore[operator]
        raise InvalidDefinition(
            f"The minimum of {key!r} ({minimum}) is greater than its maximum ({maximum}); swap or correct them."
        )


def _max_length(value: Any, kind: FieldType, key: str) -> int | None:
    if value is None or value == "":
        return None
    if kind not in TEXT_TYPES:
        raise InvalidDefinition(
            f"{key!r} is a {kind.value} field; a maximum length only applies to string and text fields."
        )
    try:
        length = int(value)
    except (TypeError, ValueError):
        raise InvalidDefinition(f"The maximum length of {key!r} must be a whole number, not {value!r}.") from None
    if isinstance(value, bool) or length < 1 or (isinstance(value, float) and not value.is_integer()):
        raise InvalidDefinition(f"The maximum length of {key!r} must be a whole number of at least 1, not {value!r}.")
    return length


def _pattern(value: str | None, kind: FieldType, key: str) -> str | None:
    if value is None or value == "":
        return None
    if kind not in TEXT_TYPES:
        raise InvalidDefinition(f"{key!r} is a {kind.value} field; a pattern only applies to string and text fields.")
    if len(value) > MAX_PATTERN_LENGTH:
        raise InvalidDefinition(f"The pattern of {key!r} is longer than {MAX_PATTERN_LENGTH} characters; simplify it.")
    try:
        pl.select(pl.lit("").str.contains(f"^(?:{value})$"))
    except pl.exceptions.PolarsError as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else "invalid expression"
        raise InvalidDefinition(
            f"The pattern {value!r} of {key!r} is not a valid regular expression ({first_line}). "
            "Look-arounds and back-references are not supported."
        ) from None
    return value


def _options(values: Any, kind: FieldType, key: str) -> tuple[str, ...]:
    options = tuple(str(option).strip() for option in (values or ()))
    if kind not in CHOICE_TYPES:
        if options:
            raise InvalidDefinition(
                f"{key!r} is a {kind.value} field; options only apply to enum and multi_enum fields."
            )
        return ()
    if not options:
        raise InvalidDefinition(
            f"{key!r} is a {kind.value} field and needs at least one option (CLI: --option, repeated)."
        )
    seen: dict[str, str] = {}
    for option in options:
        _check_option(option, kind, key)
        clash = seen.get(option_key(option))
        if clash is not None:
            raise InvalidDefinition(
                f"The options {clash!r} and {option!r} of {key!r} differ only in case or separators, "
                "so a cell could not tell them apart; keep one."
            )
        seen[option_key(option)] = option
    return options


def _check_option(option: str, kind: FieldType, key: str) -> None:
    if not option:
        raise InvalidDefinition(f"{key!r} has an empty option; every option needs some text.")
    if len(option) > MAX_OPTION_LENGTH:
        raise InvalidDefinition(f"An option of {key!r} is longer than {MAX_OPTION_LENGTH} characters; shorten it.")
    if kind is FieldType.MULTI_ENUM and any(separator in option for separator in MULTI_ENUM_SEPARATORS):
        raise InvalidDefinition(
            f"The option {option!r} of multi_enum field {key!r} contains one of {MULTI_ENUM_SEPARATORS!r}, "
            "which separate choices in a cell; reword it."
        )


def _retired(values: Any, options: tuple[str, ...], kind: FieldType) -> tuple[str, ...]:
    if kind not in CHOICE_TYPES:
        return ()
    offered = {option_key(option) for option in options}
    return tuple(dict.fromkeys(option for option in (values or ()) if option_key(option) not in offered))


def _display_order(value: Any, key: str) -> int:
    if isinstance(value, bool):
        raise InvalidDefinition(f"The display order of {key!r} must be a whole number, not {value!r}.")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidDefinition(f"The display order of {key!r} must be a whole number, not {value!r}.") from None


def _translations(values: Any, key: str) -> dict[str, str]:
    translations: dict[str, str] = {}
    for language, text in dict(values or {}).items():
        if not isinstance(language, str) or not _LANGUAGE_TAG.fullmatch(language):
            raise InvalidDefinition(
                f"Label translation language {language!r} of {key!r} is not a language tag such as 'fr' or 'pt-BR'."
            )
        label = str(text).strip()
        if not label or len(label) > MAX_LABEL_LENGTH:
            raise InvalidDefinition(
                f"The {language} label of {key!r} must have 1 to {MAX_LABEL_LENGTH} characters."
            )
        translations[language] = label
    return translations
