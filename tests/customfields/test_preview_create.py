"""`CustomFieldService.preview_create`: what a field about to be created would find among stored records."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dealbrain.auth import PermissionDeniedError
from dealbrain.customfields import CustomFieldService, DuplicateField, InvalidDefinition
from dealbrain.customfields.inputs import FieldInputs
from tests.customfields.actors import ANALYST, OPERATOR


@pytest.fixture
def cpus(add_records: Callable) -> dict[str, int]:
    return add_records("cpu", {"i3": {}, "i5": {}, "i7": {"tier": "gold"}, "i9": {}, "x1": {"tier": "tin"}})


def test_a_required_field_would_fail_every_record_without_a_value(
    admin_service: CustomFieldService, cpus: dict[str, int]
) -> None:
    report = admin_service.preview_create(
        "cpu", "tier", FieldInputs(type="enum", options=["gold", "silver"], required=True)
    )
    assert (report.total_records, report.failing_records, report.already_invalid_records) == (5, 4, 0)
    assert {example["natural_key"] for example in report.examples} == {"i3", "i5", "i9", "x1"}
    reasons = {example["natural_key"]: example["reason"] for example in report.examples}
    assert "must be one of gold, silver" in reasons["x1"] and "required" in reasons["i3"]
    assert report.summary().startswith("4 of 5 cpu records would have an invalid 'tier' value")
    assert admin_service.list_fields("cpu") == []


def test_a_field_without_rules_fails_nothing(admin_service: CustomFieldService, cpus: dict[str, int]) -> None:
    report = admin_service.preview_create("cpu", "remark", FieldInputs(type="text"))
    assert (report.total_records, report.failing_records, report.examples) == (5, 0, [])


def test_the_preview_checks_the_definition_as_create_does(admin_service: CustomFieldService) -> None:
    with pytest.raises(InvalidDefinition, match="needs at least one option"):
        admin_service.preview_create("cpu", "tier", FieldInputs(type="enum"))
    admin_service.create("cpu", "tier", FieldInputs(type="enum", options=["gold"]))
    with pytest.raises(DuplicateField, match="already has a custom field 'tier'"):
        admin_service.preview_create("cpu", "tier", FieldInputs(type="enum", options=["gold"]))


def test_operators_may_preview_their_proposals_and_analysts_may_not(
    service_as: Callable, cpus: dict[str, int]
) -> None:
    proposal = FieldInputs(type="string", required=True)
    assert service_as(OPERATOR).preview_create("cpu", "tier", proposal).failing_records == 3
    with pytest.raises(PermissionDeniedError, match="anna \\(analyst\\) may not propose a custom field"):
        service_as(ANALYST).preview_create("cpu", "tier", FieldInputs(type="string"))
