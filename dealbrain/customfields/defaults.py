"""A field's default must be a value the field itself would accept.

The default is read like a cell (`coerce_value`, so ``"Used"`` becomes the
option ``used`` and ``"16"`` the integer 16) and then validated by the
schema generated for the field, so a default can never break the rules it
is meant to satisfy.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from dealbrain.coercion import coerce_value
from dealbrain.customfields.definition import FieldDefinition
from dealbrain.customfields.errors import InvalidDefinition
from dealbrain.customfields.values import invalid_values, value_as_text
from dealbrain.jsonsafe import to_jsonable
from dealbrain.specs import FieldType

_READ_AS_TEXT = frozenset({FieldType.ENUM, FieldType.MULTI_ENUM, FieldType.DATE})
"""Types whose defaults are always read like a cell, to get the canonical spelling."""


def normalise_default(definition: FieldDefinition) -> FieldDefinition:
    """``definition`` with its default checked and in stored form; `InvalidDefinition` if it breaks a rule."""
    default = definition.default
    if default is None or (isinstance(default, str) and not default.strip()):
        return replace(definition, default=None)
    spec = replace(definition.to_field_spec(), default=None)
    candidate = _read_default(default, definition)
    problems = invalid_values(definition.entity, spec, [candidate])
    if problems:
        raise InvalidDefinition(
            f"The default {value_as_text(default)!r} of {definition.key!r} is not valid: {problems[0]}. "
            "Choose a default that satisfies the field's type and rules, or leave it out."
        )
    return replace(definition, default=to_jsonable(candidate))


def _read_default(default: Any, definition: FieldDefinition) -> Any:
    """The default as the field's type: read like a cell where spelling can vary."""
    if definition.type not in _READ_AS_TEXT and not isinstance(default, str):
        return default
    if definition.type in (FieldType.STRING, FieldType.TEXT):
        return default
    value, reason = coerce_value(value_as_text(default), replace(definition.to_field_spec(), default=None))
    if reason:
        raise InvalidDefinition(
            f"The default {value_as_text(default)!r} of {definition.key!r} is not valid: {reason}. "
            "Choose a default that satisfies the field's type and rules, or leave it out."
        )
    if value is None:
        raise InvalidDefinition(
            f"The default {value_as_text(default)!r} of {definition.key!r} reads as an empty cell; "
            "give a real value or leave the default out."
        )
    return value
