"""A default must satisfy the field's own type and rules; it is stored canonical."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dealbrain.customfields import FieldDefinition, InvalidDefinition
from dealbrain.customfields.defaults import normalise_default
from dealbrain.customfields.rules import normalise_definition


def with_default(field_type: str, default: Any, **rules: Any) -> Any:
    field = normalise_definition(FieldDefinition(entity="gpu", key="extra", type=field_type, default=default, **rules))
    return normalise_default(field).default


@pytest.mark.parametrize(
    ("field_type", "rules", "given", "stored"),
    [
        ("string", {"max_length": 5}, "abc", "abc"),
        ("text", {}, "a long note", "a long note"),
        ("integer", {"minimum": 1}, "16", 16),
        ("integer", {}, 8, 8),
        ("number", {"maximum": 10}, "2.5", 2.5),
        ("boolean", {}, "yes", True),
        ("boolean", {}, False, False),
        ("enum", {"options": ["new", "refurb", "used"]}, "Used", "used"),
        ("enum", {"options": ["os_license", "misc"]}, "OS-License", "os_license"),
        ("multi_enum", {"options": ["wifi", "bt"]}, "BT, wifi", ["wifi", "bt"]),
        ("multi_enum", {"options": ["wifi", "bt"]}, ["WIFI"], ["wifi"]),
        ("date", {"minimum": "2020-01-01"}, "2024-05-01", "2024-05-01"),
        ("date", {}, date(2024, 5, 1), "2024-05-01"),
        ("string", {}, None, None),
        ("integer", {}, "", None),
    ],
)
def test_valid_defaults_are_stored_in_canonical_form(
    field_type: str, rules: dict[str, Any], given: Any, stored: Any
) -> None:
    assert with_default(field_type, given, **rules) == stored


@pytest.mark.parametrize(
    ("field_type", "rules", "given", "reason"),
    [
        ("string", {"max_length": 3}, "abcd", "at most 3 characters"),
        ("string", {"pattern": "[0-9]+"}, "12a", "must match the pattern"),
        ("integer", {"minimum": 1}, "0", "must be at least 1"),
        ("integer", {}, "1.5", "not a whole number"),
        ("integer", {}, True, "whole number"),
        ("number", {"maximum": 10}, 11, "must be at most 10"),
        ("number", {}, "lots", "not a number"),
        ("boolean", {}, "perhaps", "not yes or no"),
        ("enum", {"options": ["new", "used"]}, "broken", "not one of new, used"),
        ("multi_enum", {"options": ["wifi"]}, "wifi, nfc", "not one of wifi"),
        ("date", {"maximum": "2020-12-31"}, "2024-01-01", "on or before 2020-12-31"),
        ("date", {}, "someday", "not a date"),
        ("enum", {"options": ["new"]}, "NA", "reads as an empty cell"),
    ],
)
def test_defaults_breaking_the_rules_are_refused(
    field_type: str, rules: dict[str, Any], given: Any, reason: str
) -> None:
    with pytest.raises(InvalidDefinition) as refusal:
        with_default(field_type, given, **rules)
    assert reason in str(refusal.value)
    assert "'extra'" in str(refusal.value)
