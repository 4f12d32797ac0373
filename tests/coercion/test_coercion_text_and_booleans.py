"""Text, references, yes/no cells and the missing-value tokens."""

from __future__ import annotations

import pytest

from dealbrain.coercion import MISSING_TOKENS
from dealbrain.specs.entities import CPU, LISTING
from dealbrain.specs.fields import FieldSpec, FieldType

IN_STOCK = FieldSpec("in_stock", FieldType.BOOLEAN)
SOCKET = CPU.field("socket")
NOTES = CPU.field("notes")
CPU_REFERENCE = LISTING.field("cpu")


@pytest.mark.parametrize("cell", ["yes", "YES", "Yes", "true", "TRUE", "y", "Y", "1", "t", "T"])
def test_true_spellings(values, cell):
    assert values(IN_STOCK, [cell]) == [True]


@pytest.mark.parametrize("cell", ["no", "No", "false", "False", "n", "N", "0", "f", "F"])
def test_false_spellings(values, cell):
    assert values(IN_STOCK, [cell]) == [False]


@pytest.mark.parametrize("cell", ["maybe", "2", "yes!", "si"])
def test_other_booleans_are_reported(coerce_cells, cell):
    result = coerce_cells(IN_STOCK, [cell])
    assert result.frame.get_column("in_stock").to_list() == [None]
    assert result.issues.get_column("reason").to_list() == [
        f"'{cell}' is not yes or no (accepted: yes/no, true/false, y/n, 1/0, t/f)"
    ]


def test_text_is_stripped_and_never_fails(coerce_cells):
    result = coerce_cells(SOCKET, ["  LGA1700 ", "AM5", "Unknown", "x" * 500])
    assert result.frame.get_column("socket").to_list() == ["LGA1700", "AM5", "Unknown", "x" * 500]
    assert result.issues.is_empty()


def test_multi_line_text_keeps_inner_line_breaks(values):
    assert values(NOTES, ["  first line\nsecond line \n"]) == ["first line\nsecond line"]


def test_reference_keeps_the_referenced_name_as_text(values):
    assert values(CPU_REFERENCE, [" Intel Core i7-8700 "]) == ["Intel Core i7-8700"]


def test_missing_tokens_are_the_documented_ones():
    assert MISSING_TOKENS == {"na", "n/a", "-", "--", "empty", "null", "none", "nan"}


@pytest.mark.parametrize(
    "cell", ["NA", "na", "N/A", "n/a", "-", "--", "empty", "EMPTY", "null", "NULL", "None", "none", "nan", "NaN", " NA "]
)
@pytest.mark.parametrize("field", [CPU.field("cores"), CPU.field("tdp_w"), SOCKET, IN_STOCK, LISTING.field("condition")])
def test_missing_tokens_read_as_missing_for_every_type(coerce_cells, field, cell):
    result = coerce_cells(field, [cell])
    assert result.frame.get_column(field.name).to_list() == [None]
    assert result.issues.is_empty()


def test_blank_cells_are_missing_without_a_note(coerce_cells):
    result = coerce_cells(CPU.field("cores"), [None, "", "   "])
    assert result.frame.get_column("cores").to_list() == [None, None, None]
    assert result.issues.is_empty()
    assert result.notes == []


def test_missing_note_lists_the_spellings_seen(coerce_cells):
    result = coerce_cells(CPU.field("release_year"), ["NA", "2020", "N/A", "-", "NA"])
    assert result.notes == ["release_year: 4 values read as missing (NA, N/A, -)"]


def test_words_that_merely_contain_a_token_are_kept(values):
    assert values(SOCKET, ["NAND", "nonexistent", "-1-"]) == ["NAND", "nonexistent", "-1-"]
