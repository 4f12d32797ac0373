"""Types and rules of a definition, judged on stored values by the generated pandera schema."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dealbrain.customfields import FieldDefinition, InvalidDefinition
from dealbrain.customfields.rules import normalise_definition
from dealbrain.customfields.values import invalid_values
from dealbrain.specs import FieldType


def definition(field_type: str, **rules: Any) -> FieldDefinition:
    return normalise_definition(FieldDefinition(entity="cpu", key="extra", type=field_type, **rules))


def problems(field_type: str, values: list[Any], **rules: Any) -> dict[int, str]:
    return invalid_values("cpu", definition(field_type, **rules).to_field_spec(), values)


CASES = [
    # (type, rules, valid values, invalid values, words of the reason)
    ("string", {"max_length": 5}, ["abc", "abcde", None], ["abcdef"], "at most 5 characters"),
    ("string", {"pattern": "[A-Z]{2}[0-9]+"}, ["AB12", "ZZ0"], ["ab12", "AB", "xAB12"], "must match the pattern"),
    ("text", {"max_length": 10}, ["short text"], ["much longer text"], "at most 10 characters"),
    ("number", {"minimum": 0.5, "maximum": 10}, [0.5, 10, 3.25, 7], [0.25, 10.5, -1], "must be at"),
    ("integer", {"minimum": 1, "maximum": 64}, [1, 64, 16], [0, 65, -3], "must be at"),
    ("integer", {}, [3, 4.0], [2.5, "many", True], "whole number"),
    ("boolean", {}, [True, False, None], ["perhaps", 3], "not yes or no"),
    ("enum", {"options": ["new", "used"]}, ["new", "used"], ["broken", "NEW"], "must be one of new, used"),
    ("multi_enum", {"options": ["wifi", "bt"]}, [["wifi"], ["wifi", "bt"], []], [["wifi", "nfc"]], "every item"),
    ("date", {"minimum": "2020-01-01", "maximum": "2025-12-31"}, ["2020-01-01", "2025-12-31"],
     ["2019-12-31", "2026-01-01"], "must be on or"),
    ("date", {}, ["2024-02-29"], ["2023-02-29", "soon"], "not"),
]


@pytest.mark.parametrize(("field_type", "rules", "valid", "invalid", "reason"), CASES)
def test_every_type_and_rule_accepts_valid_and_reports_invalid_values(
    field_type: str, rules: dict[str, Any], valid: list[Any], invalid: list[Any], reason: str
) -> None:
    assert problems(field_type, valid, **rules) == {}
    found = problems(field_type, valid + invalid, **rules)
    assert sorted(found) == list(range(len(valid), len(valid) + len(invalid)))
    assert all(reason in text for text in found.values()), found


def test_required_reports_missing_values() -> None:
    assert problems("string", [None, "x"], required=True) == {0: "extra is required but is empty"}


@pytest.mark.parametrize(
    ("field_type", "rules", "message"),
    [
        ("enum", {}, "needs at least one option"),
        ("multi_enum", {"options": []}, "needs at least one option"),
        ("string", {"options": ["a"]}, "options only apply to enum and multi_enum"),
        ("string", {"minimum": 1}, "minimum only applies to number, integer and date"),
        ("boolean", {"maximum": 1}, "maximum only applies"),
        ("integer", {"max_length": 3}, "maximum length only applies to string and text"),
        ("number", {"pattern": "x"}, "pattern only applies to string and text"),
        ("integer", {"minimum": 1.5}, "must be a whole number"),
        ("number", {"minimum": "lots"}, "must be a number"),
        ("number", {"minimum": "nan"}, "finite number"),
        ("number", {"minimum": 10, "maximum": 1}, "greater than its maximum"),
        ("date", {"minimum": "2025-13-01"}, "must be a date written YYYY-MM-DD"),
        ("date", {"minimum": "2025-06-01", "maximum": "2025-01-01"}, "greater than its maximum"),
        ("string", {"max_length": 0}, "at least 1"),
        ("string", {"max_length": "ten"}, "must be a whole number"),
        ("string", {"pattern": "(unclosed"}, "not a valid regular expression"),
        ("string", {"pattern": "(?=look)ahead"}, "not a valid regular expression"),
        ("enum", {"options": ["Used", "used"]}, "differ only in case or separators"),
        ("enum", {"options": ["a", " "]}, "empty option"),
        ("multi_enum", {"options": ["a,b"]}, "separate choices"),
        ("ports", {}, "cannot have type 'ports'"),
        ("colour", {}, "Unknown field type 'colour'"),
        ("string", {"visibility": "nowhere"}, "Unknown visibility 'nowhere'"),
        ("string", {"display_order": "first"}, "display order"),
        ("string", {"label_translations": {"French": "x"}}, "not a language tag"),
        ("string", {"label": "x" * 300}, "the limit is 255"),
    ],
)
def test_unusable_rules_are_refused_with_a_reason(field_type: str, rules: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidDefinition) as refusal:
        definition(field_type, **rules)
    assert message in str(refusal.value)


def test_rules_given_as_text_are_stored_typed() -> None:
    number = definition("number", minimum="0", maximum="2.5")
    assert (number.minimum, number.maximum) == (0, 2.5)
    day = definition("date", minimum=date(2024, 1, 1), maximum="2024-12-31")
    assert (day.minimum, day.maximum) == ("2024-01-01", "2024-12-31")
    text = definition("string", max_length="12", label="  Serial  ")
    assert (text.max_length, text.label) == (12, "Serial")


def test_label_defaults_from_the_key_and_translations_are_kept() -> None:
    field = definition("string", label_translations={"fr": " Supplément ", "pt-BR": "Extra"})
    assert field.label == "Extra"
    assert field.label_translations == {"fr": "Supplément", "pt-BR": "Extra"}


def test_field_spec_is_custom_and_carries_the_rules() -> None:
    spec = definition("enum", options=["a", "b"], required=True, label="Grade").to_field_spec()
    assert (spec.name, spec.type, spec.custom, spec.required, spec.options, spec.label) == (
        "extra", FieldType.ENUM, True, True, ("a", "b"), "Grade"
    )
