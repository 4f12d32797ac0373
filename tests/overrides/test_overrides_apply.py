"""Applying overrides to a typed listing frame (and a CPU frame with custom fields).

Listing rows (sheet row: title, price_usd, condition, cpu, gpu, ram_gb, warranty_months):
2 Mini PC A  199.0 used   Core i7-12700 -        16 12
3 Tower B    450.0 new    -             RTX 3060 32 24
4 Laptop C   300.0 -      Ryzen 5 5600X -         8  6
5 Mini PC D   99.5 refurb -             -         -  0
6 Tower E        - used   EPYC 7763     -        64 12
"""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from dealbrain.coercion import SOURCE_ROW
from dealbrain.overrides import (
    Override,
    OverrideAction,
    OverrideEffect,
    OverrideError,
    OverrideOutcome,
    apply_overrides,
)
from dealbrain.overrides.model import CHANGES_SCHEMA

SET = OverrideAction.SET_FIELD
COMPONENT = OverrideAction.SET_COMPONENT
DISCARD = OverrideAction.DISCARD


def _column(outcome: OverrideOutcome, name: str) -> list:
    return outcome.frame.get_column(name).to_list()


def _error(frame, overrides, fields) -> OverrideError:
    with pytest.raises(OverrideError) as raised:
        apply_overrides(frame, overrides, fields)
    return raised.value


def test_set_field_by_rows(listing_frame, listing_fields) -> None:
    override = Override("Listings", SET, rows="2-3", field="condition", value="Refurb")
    outcome = apply_overrides(listing_frame, [override], listing_fields)
    assert _column(outcome, "condition") == ["refurb", "refurb", None, "refurb", "used"]
    assert outcome.frame.schema == listing_frame.schema
    assert outcome.frame.drop("condition").equals(listing_frame.drop("condition"))
    (effect,) = outcome.effects
    assert effect == OverrideEffect(
        index=1,
        override=override,
        rows_affected=2,
        source_rows=[2, 3],
        changes=effect.changes,
        discarded=[],
    )
    assert effect.changes.schema == pl.Schema(CHANGES_SCHEMA)
    assert effect.changes.rows() == [
        (2, "condition", "used", "refurb"),
        (3, "condition", "new", "refurb"),
    ]


def test_set_field_by_filter_coerces_the_value_like_a_cell(listing_frame, listing_fields) -> None:
    overrides = [
        Override(
            "Listings", SET, where="ram_gb < 16 or ram_gb is null", field="ram_gb", value="16GB"
        ),
        Override(
            "Listings", SET, where='title contains "tower"', field="price_usd", value="$1,064.00"
        ),
    ]
    outcome = apply_overrides(listing_frame, overrides, listing_fields)
    assert _column(outcome, "ram_gb") == [16, 32, 16, 16, 64]
    assert _column(outcome, "price_usd") == [199.0, 1064.0, 300.0, 99.5, 1064.0]
    assert outcome.effects[0].changes.rows() == [
        (4, "ram_gb", "8", "16"),
        (5, "ram_gb", None, "16"),
    ]
    assert outcome.effects[1].changes.rows() == [
        (3, "price_usd", "450.0", "1064.0"),
        (6, "price_usd", None, "1064.0"),
    ]


@pytest.mark.parametrize("empty", ["", "  ", "null", "NA", "-"])
def test_empty_value_clears_an_optional_field(listing_frame, listing_fields, empty: str) -> None:
    override = Override("Listings", SET, rows="2", field="condition", value=empty)
    outcome = apply_overrides(listing_frame, [override], listing_fields)
    assert _column(outcome, "condition") == [None, "new", None, "refurb", "used"]
    assert outcome.effects[0].changes.rows() == [(2, "condition", "used", None)]


@pytest.mark.parametrize("field", ["title", "price_usd", "warranty_months"])
def test_clearing_a_required_field_is_an_error(listing_frame, listing_fields, field: str) -> None:
    error = _error(
        listing_frame, [Override("Listings", SET, rows="2", field=field, value="")], listing_fields
    )
    assert f"{field!r} is required, so it cannot be cleared" in str(error)


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("ram_gb", "lots", "'lots' is not a whole number"),
        ("condition", "mint", "'mint' is not one of new, refurb, used"),
        ("warranty_months", "two years", "not a whole number"),
    ],
)
def test_invalid_value_is_an_error(
    listing_frame, listing_fields, field: str, value: str, reason: str
) -> None:
    error = _error(
        listing_frame,
        [Override("Listings", SET, rows="2", field=field, value=value)],
        listing_fields,
    )
    assert error.position == 1 and error.sheet == "Listings"
    assert f"the value {value!r} does not fit field {field!r}" in str(error)
    assert reason in str(error)


def test_unknown_field_is_an_error_listing_the_fields(listing_frame, listing_fields) -> None:
    error = _error(
        listing_frame,
        [Override("Listings", SET, rows="2", field="colour", value="red")],
        listing_fields,
    )
    assert "unknown field 'colour'" in str(error)
    assert "title, price_usd, condition" in str(error) and "warranty_months" in str(error)


def test_set_field_on_a_custom_field(listing_frame, listing_fields) -> None:
    override = Override(
        "Listings", SET, where="warranty_months = 12", field="warranty_months", value="36"
    )
    outcome = apply_overrides(listing_frame, [override], listing_fields)
    assert _column(outcome, "warranty_months") == [36, 24, 6, 0, 36]


def test_set_field_on_multi_enum_date_and_boolean(cpu_frame, cpu_fields) -> None:
    overrides = [
        Override("CPUs", SET, where="tags is null", field="tags", value="Gaming; office"),
        Override("CPUs", SET, rows="4, 7", field="purchased_on", value="2024-05-01"),
        Override("CPUs", SET, where="verified is null", field="verified", value="yes"),
    ]
    outcome = apply_overrides(cpu_frame, overrides, cpu_fields)
    assert _column(outcome, "tags")[4] == ["gaming", "office"]
    assert _column(outcome, "purchased_on")[2] == date(2024, 5, 1)
    assert _column(outcome, "verified") == [True, False, True, True, False, True]
    assert outcome.effects[0].changes.rows() == [(6, "tags", None, "gaming, office")]
    assert outcome.effects[1].changes.rows() == [
        (4, "purchased_on", None, "2024-05-01"),
        (7, "purchased_on", None, "2024-05-01"),
    ]
    assert outcome.effects[2].changes.rows() == [(4, "verified", None, "true")]


def test_set_field_on_a_field_the_sheet_has_no_column_for(listing_frame, listing_fields) -> None:
    override = Override(
        "Listings", SET, where="os_license is null", field="os_license", value="Windows 11 Pro"
    )
    outcome = apply_overrides(listing_frame, [override], listing_fields)
    assert _column(outcome, "os_license") == ["Windows 11 Pro"] * 5
    assert outcome.frame.schema["os_license"] == pl.String


def test_set_component_names_a_record_or_leaves_it_unmatched(listing_frame, listing_fields) -> None:
    overrides = [
        Override("Listings", COMPONENT, where="cpu is null", field="cpu", value="Core i5-12400"),
        Override("Listings", COMPONENT, rows="6", field="cpu", value=""),
        Override("Listings", COMPONENT, rows="2", field="ports_profile", value="Mini PC standard"),
    ]
    outcome = apply_overrides(listing_frame, overrides, listing_fields)
    assert _column(outcome, "cpu") == [
        "Core i7-12700",
        "Core i5-12400",
        "Ryzen 5 5600X",
        "Core i5-12400",
        None,
    ]
    assert _column(outcome, "ports_profile") == ["Mini PC standard", None, None, None, None]
    assert outcome.effects[1].changes.rows() == [(6, "cpu", "EPYC 7763", None)]


def test_set_component_only_sets_component_fields(
    listing_frame, listing_fields, cpu_frame, cpu_fields
) -> None:
    error = _error(
        listing_frame,
        [Override("Listings", COMPONENT, rows="2", field="title", value="x")],
        listing_fields,
    )
    assert "set_component sets one of cpu, gpu, ports_profile, not 'title'" in str(error)
    error = _error(
        cpu_frame, [Override("CPUs", COMPONENT, rows="2", field="cpu", value="x")], cpu_fields
    )
    assert "set_component only works on listings" in str(error)


def test_discard_removes_rows_and_reports_them(listing_frame, listing_fields) -> None:
    override = Override("Listings", DISCARD, where="price_usd is null or price_usd < 100")
    outcome = apply_overrides(listing_frame, [override], listing_fields)
    assert outcome.frame.get_column(SOURCE_ROW).to_list() == [2, 3, 4]
    assert outcome.frame.schema == listing_frame.schema
    (effect,) = outcome.effects
    assert (effect.rows_affected, effect.source_rows, effect.discarded) == (2, [5, 6], [5, 6])
    assert effect.changes.is_empty() and effect.changes.schema == pl.Schema(CHANGES_SCHEMA)


def test_overrides_apply_in_order_and_each_sees_the_previous_result(
    listing_frame, listing_fields
) -> None:
    overrides = [
        Override("Listings", SET, where="condition is null", field="condition", value="used"),
        Override("Listings", SET, where='condition = "used"', field="price_usd", value="150"),
        Override("Listings", DISCARD, where="price_usd = 150 and ram_gb < 10"),
        Override("Listings", SET, rows="2-6", field="gpu", value="none listed"),
    ]
    outcome = apply_overrides(listing_frame, overrides, listing_fields)
    assert outcome.frame.get_column(SOURCE_ROW).to_list() == [2, 3, 5, 6]
    assert _column(outcome, "price_usd") == [150.0, 450.0, 99.5, 150.0]
    assert [effect.source_rows for effect in outcome.effects] == [[4], [2, 4, 6], [4], [2, 3, 5, 6]]
    assert [effect.index for effect in outcome.effects] == [1, 2, 3, 4]


def test_an_override_that_selects_nothing_is_an_error(listing_frame, listing_fields) -> None:
    error = _error(
        listing_frame,
        [Override("Listings", SET, where="ram_gb > 1000", field="condition", value="new")],
        listing_fields,
    )
    assert str(error).startswith("Override 1 (sheet 'Listings'): selects no rows")
    assert "'ram_gb > 1000'" in str(error)
    error = _error(listing_frame, [Override("Listings", DISCARD, rows="40-50")], listing_fields)
    assert "selects no rows: rows '40-50'" in str(error)


def test_rows_discarded_earlier_cannot_be_selected_again(listing_frame, listing_fields) -> None:
    overrides = [
        Override("Listings", DISCARD, rows="3"),
        Override("Listings", SET, rows="3", field="condition", value="new"),
    ]
    error = _error(listing_frame, overrides, listing_fields)
    assert error.position == 2
    assert "an earlier override may have discarded" in str(error)


def test_rows_selections_may_include_rows_the_sheet_lacks(listing_frame, listing_fields) -> None:
    outcome = apply_overrides(
        listing_frame, [Override("Listings", DISCARD, rows="5-100")], listing_fields
    )
    assert outcome.effects[0].discarded == [5, 6]


def test_bad_filter_or_rows_become_override_errors_with_the_caret(
    listing_frame, listing_fields
) -> None:
    error = _error(listing_frame, [Override("Listings", DISCARD, where="ram > 4")], listing_fields)
    assert "its selection cannot be used" in str(error)
    assert "Filter error at column 1: unknown field 'ram'" in str(error)
    assert "\n    ram > 4\n    ^" in str(error)
    error = _error(listing_frame, [Override("Listings", DISCARD, rows="9-2")], listing_fields)
    assert "Row selection error at column 1: the range 9-2 runs backwards" in str(error)


@pytest.mark.parametrize(
    ("override", "problem"),
    [
        (Override("Listings", DISCARD), "selects no rows: it has neither rows nor where"),
        (Override("Listings", DISCARD, rows="2", where="ram_gb > 4"), "gives both rows and where"),
        (Override("Listings", DISCARD, rows="2", field="title"), "discard drops whole rows"),
        (Override("Listings", SET, rows="2", value="x"), "set_field needs a field"),
        (
            Override("Listings", SET, rows="2", field="condition"),
            "needs a value; give an empty value to clear",
        ),
        (Override("Listings", "rename", rows="2"), "unknown action 'rename'; use one of set_field"),
    ],
)
def test_malformed_overrides(
    listing_frame, listing_fields, override: Override, problem: str
) -> None:
    error = _error(listing_frame, [override], listing_fields)
    assert problem in str(error)


def test_errors_name_the_position_in_the_whole_list(listing_frame, listing_fields) -> None:
    overrides = [
        Override("CPUs", DISCARD, rows="2"),
        Override("Listings", SET, rows="2", field="condition", value="new"),
        Override("Listings", SET, rows="2", field="ram_gb", value="a lot"),
    ]
    error = _error(listing_frame, overrides, listing_fields)
    assert (error.position, error.sheet) == (3, "Listings")
    assert str(error).startswith("Override 3 (sheet 'Listings'): ")
    assert isinstance(error, ValueError)


def test_overrides_for_other_sheets_are_skipped(listing_frame, listing_fields) -> None:
    overrides = [
        Override("CPUs", DISCARD, where="no_such_field = 1"),
        Override(" listings ", DISCARD, rows="2"),
    ]
    outcome = apply_overrides(listing_frame, overrides, listing_fields)
    assert [effect.index for effect in outcome.effects] == [2]
    assert outcome.frame.height == 4


def test_plain_strings_work_as_actions(listing_frame, listing_fields) -> None:
    override = Override("Listings", "discard", rows="2")
    assert apply_overrides(listing_frame, [override], listing_fields).frame.height == 4


def test_no_overrides_leaves_the_frame_alone(listing_frame, listing_fields) -> None:
    outcome = apply_overrides(listing_frame, [], listing_fields)
    assert outcome.frame.equals(listing_frame) and outcome.effects == []


def test_empty_frames_need_the_sheet_name(listing_frame, listing_fields) -> None:
    empty = listing_frame.clear()
    override = Override("Listings", DISCARD, rows="2")
    assert apply_overrides(empty, [], listing_fields).effects == []
    with pytest.raises(ValueError, match="pass sheet="):
        apply_overrides(empty, [override], listing_fields)
    with pytest.raises(OverrideError, match="selects no rows"):
        apply_overrides(empty, [override], listing_fields, sheet="Listings")


def test_a_frame_with_two_sheets_is_refused(listing_frame, listing_fields) -> None:
    mixed = pl.concat(
        [listing_frame, listing_frame.with_columns(pl.lit("Other").alias("__sheet__"))]
    )
    with pytest.raises(ValueError, match="one sheet's frame"):
        apply_overrides(mixed, [Override("Listings", DISCARD, rows="2")], listing_fields)


def test_the_input_frame_is_not_changed(listing_frame, listing_fields) -> None:
    before = listing_frame.clone()
    apply_overrides(
        listing_frame,
        [Override("Listings", SET, rows="2-6", field="gpu", value="x")],
        listing_fields,
    )
    assert listing_frame.equals(before)
