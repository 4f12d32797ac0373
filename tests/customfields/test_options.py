"""Enum and multi_enum options: added, renamed (stored values follow) and retired."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from dealbrain.customfields import (
    CustomFieldService,
    FieldChange,
    ImpactConfirmationRequired,
    InvalidDefinition,
)
from dealbrain.customfields.inputs import FieldInputs


@pytest.fixture
def grade(admin_service: CustomFieldService, add_records: Callable) -> CustomFieldService:
    admin_service.create("listing", "grade", FieldInputs(type="enum", options=["A", "B", "C"], default="b"))
    add_records("listing", {"one": {"grade": "A"}, "two": {"grade": "B"}, "three": {}})
    return admin_service


def test_enum_values_and_defaults_match_options_ignoring_case(grade: CustomFieldService) -> None:
    assert grade.get("listing", "grade").default == "B"


def test_adding_an_option(grade: CustomFieldService) -> None:
    updated = grade.update("listing", "grade", add_options=("D",))
    assert updated.options == ("A", "B", "C", "D")
    with pytest.raises(InvalidDefinition, match="'a' is already an option"):
        grade.update("listing", "grade", add_options=("a",))


def test_renaming_an_option_rewrites_stored_values_and_the_default(
    grade: CustomFieldService, attributes: Callable
) -> None:
    updated = grade.update("listing", "grade", rename_options={"b": "Bronze", "A": "Gold"})
    assert updated.options == ("Gold", "Bronze", "C")
    assert updated.default == "Bronze"
    assert attributes("listing") == {"one": {"grade": "Gold"}, "two": {"grade": "Bronze"}, "three": {}}


def test_renaming_onto_another_option_or_an_unknown_one_is_refused(
    grade: CustomFieldService, attributes: Callable
) -> None:
    with pytest.raises(InvalidDefinition, match="'C' is already an option"):
        grade.update("listing", "grade", rename_options={"A": "c"})
    with pytest.raises(InvalidDefinition, match="'Z': it is not an option of 'grade' \\(options: A, B, C\\)"):
        grade.update("listing", "grade", rename_options={"Z": "Zinc"})
    assert attributes("listing")["one"] == {"grade": "A"}


def test_retiring_an_unused_option_needs_no_confirmation(grade: CustomFieldService) -> None:
    updated = grade.update("listing", "grade", retire_options=("C",))
    assert (updated.options, updated.retired_options) == (("A", "B"), ("C",))
    revived = grade.update("listing", "grade", add_options=("c",))
    assert (revived.options, revived.retired_options) == (("A", "B", "c"), ())


def test_retiring_an_option_in_use_needs_confirmation_and_keeps_values(
    grade: CustomFieldService, attributes: Callable
) -> None:
    with pytest.raises(ImpactConfirmationRequired) as refusal:
        grade.update("listing", "grade", retire_options=("A",))
    assert refusal.value.report.failing_records == 1
    assert refusal.value.report.examples[0]["natural_key"] == "one"
    assert grade.get("listing", "grade").options == ("A", "B", "C")

    updated = grade.update("listing", "grade", retire_options=("A",), confirm=True)
    assert updated.options == ("B", "C")
    assert attributes("listing")["one"] == {"grade": "A"}


def test_retiring_the_default_option_is_refused(grade: CustomFieldService) -> None:
    with pytest.raises(InvalidDefinition, match="default 'B' of 'grade' is not valid"):
        grade.update("listing", "grade", retire_options=("B",), confirm=True)


def test_retiring_every_option_is_refused(grade: CustomFieldService) -> None:
    with pytest.raises(InvalidDefinition, match="needs at least one option"):
        grade.update("listing", "grade", FieldChange(retire_options=("A", "B", "C"), default=None), confirm=True)


def test_multi_enum_renames_rewrite_items_inside_lists(
    admin_service: CustomFieldService, add_records: Callable, attributes: Callable
) -> None:
    admin_service.create("listing", "radios", FieldInputs(type="multi_enum", options=["wifi", "bt"]))
    add_records("listing", {"one": {"radios": ["wifi", "bt"]}, "two": {"radios": ["bt"]}, "three": {"radios": []}})
    admin_service.update("listing", "radios", rename_options={"bt": "bluetooth"}, add_options=("nfc",))
    assert attributes("listing") == {
        "one": {"radios": ["wifi", "bluetooth"]},
        "two": {"radios": ["bluetooth"]},
        "three": {"radios": []},
    }
    with pytest.raises(ImpactConfirmationRequired, match="2 of 3 listing records"):
        admin_service.update("listing", "radios", retire_options=("bluetooth",))


def test_a_failed_rename_leaves_values_untouched(grade: CustomFieldService, attributes: Callable) -> None:
    with pytest.raises(ImpactConfirmationRequired):
        grade.update("listing", "grade", rename_options={"B": "Bronze"}, retire_options=("A",))
    assert attributes("listing")["two"] == {"grade": "B"}
