"""Row selections: sheet row numbers and closed ranges."""

from __future__ import annotations

import pytest

from dealbrain.overrides import MAX_RANGE_ROWS, parse_row_selection
from dealbrain.overrides.errors import RowSelectionError


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("2-10,15", {2, 3, 4, 5, 6, 7, 8, 9, 10, 15}),
        ("2-10, 15", {2, 3, 4, 5, 6, 7, 8, 9, 10, 15}),
        (" 7 ", {7}),
        ("3 - 5", {3, 4, 5}),
        ("4-4", {4}),
        ("5, 2-6, 5", {2, 3, 4, 5, 6}),
        ("1", {1}),
        ("1048576", {1_048_576}),
    ],
)
def test_row_numbers_and_closed_ranges(text: str, rows: set[int]) -> None:
    assert parse_row_selection(text) == rows


def test_largest_range_allowed() -> None:
    assert len(parse_row_selection(f"2-{MAX_RANGE_ROWS + 1}")) == MAX_RANGE_ROWS


@pytest.mark.parametrize(
    ("text", "column", "problem"),
    [
        ("", 1, "the row selection is empty"),
        ("  ", 1, "the row selection is empty"),
        ("2,,3", 3, "empty item"),
        ("2,", 3, "empty item"),
        (",2", 1, "empty item"),
        ("20-", 1, "'20-' is an open range"),
        ("2, 20 -", 4, "open range"),
        ("-5", 1, "not a row number or a range"),
        ("10-2", 1, "runs backwards"),
        ("0", 1, "row numbers start at 1"),
        ("3, 0-4", 4, "row numbers start at 1"),
        ("abc", 1, "'abc' is not a row number"),
        ("2.5", 1, "not a row number"),
        ("2-4-6", 1, "not a row number"),
        ("2;3", 1, "not a row number"),
        ("٣", 1, "not a row number"),
        ("2-200000", 1, "covers 199,999 rows; the limit is 100,000"),
        ("5, 2000000", 4, "past the last row of a sheet"),
        ("99999999999999999999999", 1, "past the last row"),
    ],
)
def test_bad_selections_point_at_the_item(text: str, column: int, problem: str) -> None:
    with pytest.raises(RowSelectionError) as raised:
        parse_row_selection(text)
    assert raised.value.column == column
    assert problem in raised.value.problem
    assert str(raised.value).startswith(f"Row selection error at column {column}: ")
    assert raised.value.hint


def test_reversed_range_hint_gives_the_fix() -> None:
    with pytest.raises(RowSelectionError) as raised:
        parse_row_selection("10-2")
    assert "2-10" in raised.value.hint


def test_length_limit() -> None:
    with pytest.raises(RowSelectionError, match="limit is 2,000"):
        parse_row_selection("2," * 1_001)


def test_is_a_value_error() -> None:
    assert issubclass(RowSelectionError, ValueError)
