"""What filters select on a typed CPU frame, and the field-aware errors.

Rows (sheet row: name, manufacturer, cores, tdp_w, release_year, purchased_on, tags, verified):
2 Core i7-12700  Intel 12  65  2022 2024-01-15 [gaming]         true
3 Ryzen 5 5600X  AMD    6  65  2020 2023-06-01 [gaming, office] false
4 Core i5-12400  intel  6  65  2022 -          [office]         -
5 EPYC 7763      AMD   64 280  2021 2022-12-31 [server]         true
6 Mystery chip   -      -   -     - 2024-01-15 -                false
7 Ryzen 9 7950X  AMD   16 170  2022 -          [gaming]         true
"""

from __future__ import annotations

import polars as pl
import pytest

from dealbrain.overrides import FilterSyntaxError, compile_filter
from dealbrain.specs import FieldSpec
from tests.overrides.conftest import selected_rows


@pytest.fixture
def select(cpu_frame: pl.DataFrame, cpu_fields: dict[str, FieldSpec]):
    def run(text: str) -> list[int]:
        return selected_rows(cpu_frame, compile_filter(text, cpu_fields))

    return run


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("cores = 6", [3, 4]),
        ("cores != 6", [2, 5, 7]),
        ("cores < 12", [3, 4]),
        ("cores <= 12", [2, 3, 4]),
        ("cores > 12", [5, 7]),
        ("cores >= 12", [2, 5, 7]),
        ("cores > 6.5", [2, 5, 7]),
        ("cores = 6.0", [3, 4]),
        ("cores > -1", [2, 3, 4, 5, 7]),
        ("tdp_w >= 170", [5, 7]),
        ("tdp_w = 65", [2, 3, 4]),
        ("tdp_w < 100.5", [2, 3, 4]),
    ],
)
def test_numeric_comparisons(select, text: str, rows: list[int]) -> None:
    assert select(text) == rows


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ('manufacturer = "intel"', [2, 4]),
        ('manufacturer = "INTEL"', [2, 4]),
        ("manufacturer = 'Intel'", [2, 4]),
        ('manufacturer != "amd"', [2, 4]),
        ('name < "d"', [2, 4]),
        ('name >= "r"', [3, 7]),
        ('name contains "RYZEN"', [3, 7]),
        ('name contains "-12"', [2, 4]),
        ('name not contains "ryzen"', [2, 4, 5, 6]),
        ('manufacturer in ("Intel", "nvidia")', [2, 4]),
        ('manufacturer not in ("intel")', [3, 5, 7]),
    ],
)
def test_text_comparisons_ignore_case(select, text: str, rows: list[int]) -> None:
    assert select(text) == rows


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("cores in (6, 16)", [3, 4, 7]),
        ("cores in (6, 16.0)", [3, 4, 7]),
        ("cores in (6.5)", []),
        ("cores not in (6, 16)", [2, 5]),
        ("tdp_w in (65, 280)", [2, 3, 4, 5]),
        ("release_year in (2020, 2021)", [3, 5]),
    ],
)
def test_in_lists_of_numbers(select, text: str, rows: list[int]) -> None:
    assert select(text) == rows


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("cores is null", [6]),
        ("cores IS NOT NULL", [2, 3, 4, 5, 7]),
        ("manufacturer is null", [6]),
        ("purchased_on is null", [4, 7]),
        ("tags is null", [6]),
        ("verified is not null", [2, 3, 5, 6, 7]),
    ],
)
def test_is_null(select, text: str, rows: list[int]) -> None:
    assert select(text) == rows


def test_conditions_on_empty_cells_are_false_but_not_flips_them(select) -> None:
    assert 6 not in select("cores != 6")
    assert 6 not in select("cores not in (6)")
    assert 6 not in select('manufacturer not contains "amd"')
    assert select("not cores = 6") == [2, 5, 6, 7]
    assert select("not (cores != 6)") == [3, 4, 6]


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ('purchased_on = "2024-01-15"', [2, 6]),
        ('purchased_on != "2024-01-15"', [3, 5]),
        ('purchased_on < "2023-06-01"', [5]),
        ('purchased_on <= "2023-06-01"', [3, 5]),
        ('purchased_on > "2023-06-01"', [2, 6]),
        ('purchased_on >= "2023-01-01" and purchased_on < "2024-01-01"', [3]),
        ('purchased_on in ("2022-12-31", "2023-06-01")', [3, 5]),
    ],
)
def test_dates_compare_with_quoted_iso_dates(select, text: str, rows: list[int]) -> None:
    assert select(text) == rows


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ('tags contains "gaming"', [2, 3, 7]),
        ('tags contains "GAMING"', [2, 3, 7]),
        ('tags contains "office" and tags contains "gaming"', [3]),
        ('tags not contains "gaming"', [4, 5]),
    ],
)
def test_contains_on_multi_enum_is_membership(select, text: str, rows: list[int]) -> None:
    assert select(text) == rows


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ("verified = true", [2, 5, 7]),
        ("verified = FALSE", [3, 6]),
        ("verified != true", [3, 6]),
        ("verified in (true, false)", [2, 3, 5, 6, 7]),
    ],
)
def test_booleans(select, text: str, rows: list[int]) -> None:
    assert select(text) == rows


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        ('manufacturer = "amd" and cores > 6', [5, 7]),
        ('manufacturer = "amd" or cores > 6', [2, 3, 5, 7]),
        ('cores = 6 or cores = 64 and manufacturer = "intel"', [3, 4]),
        ('(cores = 6 or cores = 64) and manufacturer = "intel"', [4]),
        ('not manufacturer = "amd" and cores is not null', [2, 4]),
        ('not (manufacturer = "amd" and cores is not null)', [2, 4, 6]),
        ("cores = 6 or not verified = true and release_year = 2022", [3, 4]),
        ("((cores > 6)) and (((tdp_w < 200)))", [2, 7]),
    ],
)
def test_combinations_and_precedence(select, text: str, rows: list[int]) -> None:
    assert select(text) == rows


def test_field_names_are_matched_ignoring_case(select) -> None:
    assert select("Cores = 6 AND MANUFACTURER = 'amd'") == [3]


def test_custom_fields_are_fields(select) -> None:
    assert select('verified = true and tags contains "server"') == [5]


@pytest.mark.parametrize(
    ("text", "column", "problem", "hint"),
    [
        ("corez > 4", 1, "unknown field 'corez'", "Did you mean 'cores'?"),
        ("__source_row__ = 2", 1, "unknown field", "Valid fields are: name, manufacturer"),
        ('cores > "abc"', 9, "'cores' is an integer field", "without quotes"),
        ('cores = "8"', 9, "is not a number", "without quotes"),
        ("cores = true", 9, "is not a number", "without quotes"),
        ("name = 3", 8, "is not quoted text", 'name = "3"'),
        ('name = ""', 8, "empty text never matches", "name is null"),
        ('name contains "  "', 15, "empty text never matches", "name is null"),
        ("cores = null", 9, "null is not a value", "cores is null"),
        ("cores in (1, null)", 14, "null is not a value", "is null"),
        ("cores = 99999999999999999999", 9, "too large", "smaller"),
        ("cores > 1e999", 9, "too large", "smaller"),
        ('cores contains "1"', 1, "'contains' does not work on the integer field", "= != <"),
        ('purchased_on = "2024-13-01"', 16, "is not a date", '"2024-05-31"'),
        ('purchased_on = "May 2024"', 16, "is not a date", "ISO"),
        ("purchased_on > 2024", 16, "is not a date", "ISO"),
        ('tags = "gaming"', 1, "'=' does not work on the multi enum field", "tags contains"),
        ('tags in ("gaming")', 1, "'in' does not work", "tags contains"),
        (
            'tags contains "mining"',
            15,
            "'mining' is not an option of 'tags'",
            "gaming, server, office",
        ),
        ("verified > true", 1, "'>' does not work on the boolean field", "verified = true"),
        ('verified = "yes"', 12, "is not true or false", "without quotes"),
    ],
)
def test_field_aware_errors(cpu_fields, text: str, column: int, problem: str, hint: str) -> None:
    with pytest.raises(FilterSyntaxError) as raised:
        compile_filter(text, cpu_fields)
    assert raised.value.column == column
    assert problem in raised.value.problem
    assert hint in raised.value.hint


def test_unknown_field_lists_custom_fields_too(cpu_fields) -> None:
    with pytest.raises(FilterSyntaxError) as raised:
        compile_filter("colour = 'red'", cpu_fields)
    assert "purchased_on, tags, verified" in raised.value.hint


def test_enum_literals_must_be_options_and_match_any_spelling(
    listing_frame, listing_fields
) -> None:
    assert selected_rows(listing_frame, compile_filter('condition = "USED"', listing_fields)) == [
        2,
        6,
    ]
    assert selected_rows(
        listing_frame, compile_filter('condition in ("Refurb", "new")', listing_fields)
    ) == [3, 5]
    assert selected_rows(
        listing_frame, compile_filter('condition contains "ur"', listing_fields)
    ) == [5]
    with pytest.raises(FilterSyntaxError, match="'mint' is not an option of 'condition'"):
        compile_filter('condition = "mint"', listing_fields)
    with pytest.raises(FilterSyntaxError, match="'<' does not work on the enum field"):
        compile_filter('condition < "used"', listing_fields)


def test_reference_fields_compare_as_text(listing_frame, listing_fields) -> None:
    expression = compile_filter('cpu contains "ryzen" or gpu = "rtx 3060"', listing_fields)
    assert selected_rows(listing_frame, expression) == [3, 4]


def test_ports_fields_only_take_is_null() -> None:
    from tests.overrides.conftest import entity_fields

    fields = entity_fields("ports_profile")
    compile_filter("ports is null", fields)
    with pytest.raises(FilterSyntaxError, match="'=' does not work on the ports field"):
        compile_filter('ports = "usb"', fields)


def test_compiled_filter_is_a_plain_polars_expression(cpu_frame, cpu_fields) -> None:
    expression = compile_filter("cores > 6", cpu_fields)
    assert isinstance(expression, pl.Expr)
    assert cpu_frame.select(expression).to_series().dtype == pl.Boolean
    assert cpu_frame.select(expression).to_series().null_count() == 0
