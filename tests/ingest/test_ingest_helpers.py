"""Small pure helpers: header detection, separator sniffing, names and error wording."""

from __future__ import annotations

import pickle

import pytest

from dealbrain.ingest import FileRejected, ReadLimits, column_letter, safe_sheet_label
from dealbrain.ingest.column_naming import name_columns
from dealbrain.ingest.delimiter import sniff_delimiter
from dealbrain.ingest.header_detection import find_header_row, looks_numeric


@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (25, "Z"), (26, "AA"), (701, "ZZ"), (702, "AAA")])
def test_column_letter(index, letters):
    assert column_letter(index) == letters


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("CPUs", "CPUs"),
        ("Prix €/CPU (2026)", "Prix_CPU_2026"),
        ("Só ünï cøde", "So_uni_cde"),
        ("../../secret", "secret"),
    ],
)
def test_safe_sheet_label(name, label):
    assert safe_sheet_label(name) == label


def test_safe_sheet_label_for_names_without_latin_letters_is_distinct():
    first, second = safe_sheet_label("处理器"), safe_sheet_label("显卡")

    assert first.startswith("sheet-") and second.startswith("sheet-") and first != second


@pytest.mark.parametrize("value", ["13875", "-3", "1,299.99", "$499", "€5", "45%", "2024-01-02", "1e-7", "TRUE"])
def test_values_that_look_numeric(value):
    assert looks_numeric(value)


@pytest.mark.parametrize("value", ["Name", "i7-12700", "RTX 3060", "Price (USD)", "2024 model"])
def test_values_that_look_like_words(value):
    assert not looks_numeric(value)


def test_header_is_first_mostly_filled_text_row():
    rows = [
        ["Deal Brain CPU export — Nov 2026", None, None, None],
        ["Name", "Cores", "Threads", "Price"],
        ["i7", "8", "16", "300"],
    ]

    choice = find_header_row(rows)

    assert (choice.index, choice.confident) == (1, True)


def test_numeric_rows_are_not_headers():
    choice = find_header_row([["1", "2", "3"], ["4", "5", "6"]])

    assert (choice.index, choice.confident) == (0, False)


def test_single_column_sheet_uses_its_first_row():
    assert find_header_row([["Name"], ["i7"]]).index == 0


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1,5;2;3\n4,5;6;7\n", ";"),
        ("a\tb\n1\t2\n", "\t"),
        ("a|b\n1|2\n", "|"),
        ('name,notes\n"x","a;b;c;d"\n"y","e;f;g;h"\n', ","),
        ("Title only\n\nName;Price\nA;1\nB;2\n", ";"),
        ("just one column\nvalue\n", ","),
    ],
)
def test_sniff_delimiter(sample, expected):
    assert sniff_delimiter(sample) == expected


def test_name_columns_reserves_the_source_row_name():
    naming = name_columns(["__source_row__", "Name"], ["A", "B"])

    assert naming.names == ["__source_row__ (2)", "Name"]
    assert naming.notes == ["'__source_row__' is a reserved name; the column is named '__source_row__ (2)'"]


def test_name_columns_does_not_collide_with_an_existing_numbered_name():
    naming = name_columns(["Price", "Price (2)", "Price"], ["A", "B", "C"])

    assert naming.names == ["Price", "Price (2)", "Price (3)"]


def test_file_rejected_message_says_what_where_and_what_to_do():
    error = FileRejected(
        "the cell is too large", reason="cell_too_large", fix="shorten it",
        file="a.xlsx", sheet="CPUs", row=1200, column="Notes",
    )

    assert str(error) == "File 'a.xlsx', sheet 'CPUs', row 1,200, column 'Notes': the cell is too large. Shorten it."
    assert (error.reason, error.sheet, error.row, error.column) == ("cell_too_large", "CPUs", 1200, "Notes")


def test_file_rejected_survives_pickling():
    error = FileRejected("bad", reason="corrupt", fix="redo", file="a.csv", row=3)

    copy = pickle.loads(pickle.dumps(error))

    assert (str(copy), copy.reason, copy.row) == (str(error), "corrupt", 3)


def test_file_rejected_without_location_or_fix():
    assert str(FileRejected("nothing to read", reason="empty")) == "Nothing to read."


def test_read_limits_must_be_positive():
    with pytest.raises(ValueError, match="max_rows"):
        ReadLimits(max_rows=0)


def test_control_characters_are_removed_from_headers_and_said_so() -> None:
    from dealbrain.ingest.column_naming import name_columns

    named = name_columns(["Extra\x00col", "Price\x07", "Cores"], ["A", "B", "C"])
    assert named.names == ["Extracol", "Price", "Cores"]
    assert named.notes == ["Control characters were removed from the header of column(s) A, B."]
