"""Choice values matching no option: listed once each, with the closest option and their row count."""

from __future__ import annotations

from dataclasses import replace

import polars as pl

from dealbrain.coercion.unknown_choices import UnknownChoice, closest_option, unknown_choices
from dealbrain.specs.entities import LISTING
from dealbrain.specs.fields import FieldSpec, FieldType

CONDITION = LISTING.field("condition")
GRADE = FieldSpec("grade", FieldType.ENUM, options=("new", "refurb", "used"), custom=True)
CATEGORY = FieldSpec("category", FieldType.MULTI_ENUM, options=("Desktop", "Server", "Laptop", "Mobile/Embedded"))


def test_a_custom_field_without_synonyms_proposes_refurb_for_refurbished() -> None:
    cells = pl.Series(["Refurbished"] * 12 + ["refurb", "Used", None, "NA"])
    assert unknown_choices(cells, GRADE) == [UnknownChoice("Refurbished", 12, "refurb", 100.0)]


def test_the_standard_condition_reads_the_obvious_spellings_itself() -> None:
    cells = pl.Series(["Refurbished", "Renewed", "Open Box", "Refurbished - Grade B", "refurbished - grade b", "Mint"])
    found = unknown_choices(cells, CONDITION)
    assert [(c.value, c.rows, c.closest) for c in found] == [("Refurbished - Grade B", 2, "refurb"), ("Mint", 1, None)]


def test_values_the_operator_mapped_are_no_longer_unknown() -> None:
    mapped = replace(GRADE, synonyms={"Refurbished": "refurb"})
    assert unknown_choices(pl.Series(["Refurbished", "REFURBISHED "]), mapped) == []


def test_multi_enum_items_are_counted_once_per_row() -> None:
    cells = pl.Series(["Desktop, Workstation", "Workstation; Workstation", "Servers", "Laptop"])
    found = {c.value: (c.rows, c.closest) for c in unknown_choices(cells, CATEGORY)}
    assert found == {"Workstation": (2, None), "Servers": (1, "Server")}


def test_closest_option_scores_and_declines() -> None:
    assert closest_option("Used - Good", CONDITION) == ("used", 100.0)
    option, score = closest_option("xyz", CONDITION)
    assert option is None and score < 60


def test_other_field_types_have_no_unknown_choices() -> None:
    assert unknown_choices(pl.Series(["abc"]), LISTING.field("title")) == []
