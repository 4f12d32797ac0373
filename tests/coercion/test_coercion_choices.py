"""ENUM and MULTI_ENUM cells: predictable matching to the declared options."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dealbrain.coercion import coerce_value
from dealbrain.specs.entities import LISTING, VALUATION_RULE
from dealbrain.specs.fields import FieldSpec, FieldType

CONDITION = LISTING.field("condition")
COMPONENT = VALUATION_RULE.field("component_type")
CATEGORY = FieldSpec(
    "category", FieldType.MULTI_ENUM, options=("Desktop", "Server", "Laptop", "Mobile/Embedded")
)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("used", "used"), ("Used", "used"), ("USED", "used"), ("  refurb ", "refurb"), ("NEW", "new")],
)
def test_enum_matches_ignoring_case_and_spaces(values, cell, expected):
    assert values(CONDITION, [cell]) == [expected]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("os_license", "os_license"), ("OS License", "os_license"), ("os-license", "os_license"), ("Os  -  License", "os_license")],
)
def test_enum_treats_spaces_dashes_and_underscores_alike(values, cell, expected):
    assert values(COMPONENT, [cell]) == [expected]


@pytest.mark.parametrize("cell", ["Refurbed", "Refurbish", "ref", "brand", "Refurbished - Grade B"])
def test_enum_has_no_prefix_or_fuzzy_matching(coerce_cells, cell):
    result = coerce_cells(CONDITION, [cell])
    assert result.frame.get_column("condition").to_list() == [None]
    assert result.issues.get_column("reason").to_list() == [f"'{cell}' is not one of new, refurb, used"]


def test_enum_note_counts_respelled_values(coerce_cells):
    result = coerce_cells(CONDITION, ["Used", "used", "NEW", "-"])
    assert result.notes == [
        "condition: 1 value read as missing (-)",
        "condition: 2 values matched to an option ignoring case or separators (Used -> used)",
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("Refurbished", "refurb"), ("renewed", "refurb"), ("Open-Box", "used"), ("Like New", "used"), ("Brand New", "new")],
)
def test_condition_synonyms_are_read_as_their_option(values, cell, expected):
    assert values(CONDITION, [cell]) == [expected]


def test_synonyms_are_counted_apart_from_respellings(coerce_cells):
    result = coerce_cells(CONDITION, ["Refurbished", "Renewed", "Used", "refurb"])
    assert result.frame.get_column("condition").to_list() == ["refurb", "refurb", "used", "refurb"]
    assert result.notes == [
        "condition: 1 value matched to an option ignoring case or separators (Used -> used)",
        "condition: 2 values read as an option through a synonym or value_mappings (Refurbished -> refurb)",
    ]


def test_an_operator_synonym_wins_over_a_built_in_one(values):
    field = replace(CONDITION, synonyms={**CONDITION.synonyms, "open box": "new"})
    assert values(field, ["Open Box", "like new"]) == ["new", "used"]


def test_a_synonym_naming_no_option_is_a_spec_error():
    broken = replace(CONDITION, synonyms={"mint": "pristine"})
    with pytest.raises(ValueError, match="not one of its options"):
        coerce_value("mint", broken)


def test_multi_enum_items_are_read_through_synonyms(values):
    field = replace(CATEGORY, synonyms={"workstation": "Desktop"})
    assert values(field, ["Workstation, Server"]) == [["Desktop", "Server"]]


def test_options_that_collide_after_normalising_are_a_spec_error():
    clashing = FieldSpec("kind", FieldType.ENUM, options=("Wi-Fi", "wi fi"))
    with pytest.raises(ValueError, match="differ only in case or separators"):
        coerce_value("wifi", clashing)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Desktop", ["Desktop"]),
        ("Desktop, Server", ["Desktop", "Server"]),
        ("desktop;server", ["Desktop", "Server"]),
        ("Laptop | mobile/embedded", ["Laptop", "Mobile/Embedded"]),
        ("Desktop, , Server,", ["Desktop", "Server"]),
    ],
)
def test_multi_enum_splits_on_commas_semicolons_and_pipes(values, cell, expected):
    assert values(CATEGORY, [cell]) == [expected]


def test_multi_enum_with_an_unknown_item_is_reported_whole(coerce_cells):
    result = coerce_cells(CATEGORY, ["Desktop, Servr, Tablet"])
    assert result.frame.get_column("category").to_list() == [None]
    assert result.issues.get_column("reason").to_list() == [
        "'Desktop, Servr, Tablet' has 'Servr', 'Tablet' which is not one of Desktop, Server, Laptop, Mobile/Embedded"
    ]


def test_multi_enum_of_only_separators_is_missing(values):
    assert values(CATEGORY, [",", ";"]) == [None, None]


def test_multi_enum_note_counts_respelled_cells(coerce_cells):
    result = coerce_cells(CATEGORY, ["desktop, Server", "Desktop"])
    assert result.notes == [
        "category: 1 value matched to options ignoring case or separators (desktop, Server -> [Desktop, Server])"
    ]
