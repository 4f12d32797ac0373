"""Changes that would invalidate stored values: the impact report and its confirmation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from dealbrain.customfields import (
    CustomFieldService,
    ImpactConfirmationRequired,
    InvalidDefinition,
)
from dealbrain.customfields.inputs import FieldInputs


@pytest.fixture
def cpus(admin_service: CustomFieldService, add_records: Callable) -> dict[str, int]:
    admin_service.create("cpu", "ram_gb", FieldInputs(type="integer", minimum=1, maximum=128))
    admin_service.create("cpu", "sku", FieldInputs(type="string", max_length=12))
    admin_service.create("cpu", "launched", FieldInputs(type="date"))
    return add_records("cpu", {
        "i3": {"ram_gb": 8, "sku": "BX-1", "launched": "2019-04-01"},
        "i5": {"ram_gb": 32, "sku": "BX-12345", "launched": "2021-01-10"},
        "i7": {"ram_gb": 64, "sku": "bx-9"},
        "i9": {},
    })


@pytest.mark.parametrize(
    ("key", "change", "failing", "reason"),
    [
        ("ram_gb", {"maximum": 16}, {"i5", "i7"}, "ram_gb must be at most 16"),
        ("ram_gb", {"minimum": 16}, {"i3"}, "ram_gb must be at least 16"),
        ("ram_gb", {"required": True}, {"i9"}, "is required but is empty"),
        ("ram_gb", {"type": "boolean", "minimum": None, "maximum": None}, {"i3", "i5", "i7"}, "not yes or no"),
        ("ram_gb", {"type": "enum", "options": ["8", "64"], "minimum": None, "maximum": None}, {"i5"},
         "not one of 8, 64"),
        ("sku", {"max_length": 5}, {"i5"}, "at most 5 characters"),
        ("sku", {"pattern": "[A-Z]+-[0-9]+"}, {"i7"}, "must match the pattern"),
        ("launched", {"minimum": "2020-01-01"}, {"i3"}, "must be on or after 2020-01-01"),
    ],
)
def test_narrowing_changes_report_the_records_they_break(
    admin_service: CustomFieldService,
    cpus: dict[str, int],
    key: str,
    change: dict[str, Any],
    failing: set[str],
    reason: str,
) -> None:
    report = admin_service.impact("cpu", key, **change)
    assert report.total_records == 4
    assert report.failing_records == len(failing)
    assert {example["natural_key"] for example in report.examples} == failing
    assert all(reason in example["reason"] for example in report.examples)
    assert {example["record_id"] for example in report.examples} == {cpus[name] for name in failing}


def test_an_unconfirmed_narrowing_update_is_refused_and_changes_nothing(
    admin_service: CustomFieldService, cpus: dict[str, int]
) -> None:
    with pytest.raises(ImpactConfirmationRequired) as refusal:
        admin_service.update("cpu", "ram_gb", maximum=16)
    message = str(refusal.value)
    assert "2 of 4 cpu records would have an invalid 'ram_gb' value" in message
    assert "confirm=True" in message and "--confirm" in message
    assert refusal.value.report.examples[0] == {
        "record_id": cpus["i5"], "natural_key": "i5", "value": 32, "reason": "ram_gb must be at most 16",
    }
    assert admin_service.get("cpu", "ram_gb").maximum == 128


def test_a_confirmed_narrowing_update_applies_and_keeps_the_values(
    admin_service: CustomFieldService, cpus: dict[str, int], attributes: Callable, audit_events: Callable
) -> None:
    updated = admin_service.update("cpu", "ram_gb", maximum=16, confirm=True)
    assert updated.maximum == 16
    assert attributes("cpu")["i7"]["ram_gb"] == 64
    payload = audit_events("custom_field_updated")[-1].payload_json
    assert payload["confirmed"] is True
    assert payload["impact"]["failing_records"] == 2


def test_widening_or_harmless_changes_need_no_confirmation(
    admin_service: CustomFieldService, cpus: dict[str, int]
) -> None:
    assert admin_service.impact("cpu", "ram_gb", maximum=1024).failing_records == 0
    admin_service.update("cpu", "ram_gb", maximum=1024, minimum=None)
    admin_service.update("cpu", "ram_gb", type="number", minimum=None, maximum=None)
    admin_service.update("cpu", "sku", type="text")
    admin_service.update("cpu", "ram_gb", label="Memory")


def test_values_invalid_already_are_counted_apart(admin_service: CustomFieldService, cpus: dict[str, int]) -> None:
    admin_service.update("cpu", "ram_gb", maximum=16, confirm=True)
    report = admin_service.impact("cpu", "ram_gb", maximum=8)
    assert (report.failing_records, report.already_invalid_records) == (0, 2)
    assert "(2 more are invalid already)" in report.summary()


def test_impact_changes_nothing_and_checks_the_change_itself(
    admin_service: CustomFieldService, cpus: dict[str, int]
) -> None:
    admin_service.impact("cpu", "ram_gb", maximum=2)
    assert admin_service.get("cpu", "ram_gb").maximum == 128
    with pytest.raises(InvalidDefinition, match="minimum only applies"):
        admin_service.impact("cpu", "ram_gb", type="string")


def test_examples_are_limited(admin_service: CustomFieldService, add_records: Callable) -> None:
    admin_service.create("gpu", "slots", FieldInputs(type="integer"))
    add_records("gpu", {f"card {number}": {"slots": number} for number in range(30)})
    report = admin_service.impact("gpu", "slots", maximum=1, example_limit=5)
    assert (report.failing_records, len(report.examples)) == (28, 5)


def test_a_type_change_converts_stored_values_it_can_read(
    admin_service: CustomFieldService, add_records: Callable, attributes: Callable
) -> None:
    admin_service.create("gpu", "launch", FieldInputs(type="string"))
    admin_service.create("gpu", "slots", FieldInputs(type="string"))
    add_records("gpu", {
        "a": {"launch": "Aug 2025", "slots": "2"},
        "b": {"launch": "2024-05-01", "slots": "two"},
        "c": {"launch": "whenever"},
    })
    with pytest.raises(ImpactConfirmationRequired, match="1 of 3 gpu records"):
        admin_service.update("gpu", "launch", type="date")
    admin_service.update("gpu", "launch", type="date", confirm=True)
    admin_service.update("gpu", "slots", type="integer", confirm=True)
    assert attributes("gpu") == {
        "a": {"launch": "2025-08-01", "slots": 2},
        "b": {"launch": "2024-05-01", "slots": "two"},
        "c": {"launch": "whenever"},
    }
    admin_service.update("gpu", "slots", type="boolean", confirm=True)
    assert attributes("gpu")["a"]["slots"] == 2  # "2" is not yes or no: kept as it was
