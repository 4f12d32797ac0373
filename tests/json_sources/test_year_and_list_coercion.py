"""Year fields read dates as years; multi_enum cells may be JSON lists, and free lists keep any items."""

from __future__ import annotations

import polars as pl

from dealbrain.coercion import coerce_frame
from dealbrain.specs import FieldSpec, FieldType, get_entity_spec

RELEASE_YEAR = get_entity_spec("cpu").field("release_year")
DEPENDENCIES = get_entity_spec("valuation_rule").field("dependencies")
CATEGORY = FieldSpec("category", FieldType.MULTI_ENUM, options=("Desktop", "Server", "Laptop", "Mobile/Embedded"), custom=True)


def _coerce(column: list[str | None], field: FieldSpec):
    frame = pl.DataFrame({"__source_row__": list(range(1, len(column) + 1)), "cell": column}, schema={"__source_row__": pl.Int64, "cell": pl.String})
    result = coerce_frame(frame, {"cell": field})
    return result.frame[field.name].to_list(), {row["__source_row__"]: row["reason"] for row in result.issues.to_dicts()}, result.notes


def test_a_year_field_takes_years_and_the_year_of_dates() -> None:
    values, issues, notes = _coerce(["2017", "Aug 2025", "August 2019", "2021-03-01", "NA", "2,021", "soon", None], RELEASE_YEAR)
    assert values == [2017, 2025, 2019, 2021, None, 2021, None, None]
    assert issues == {7: "'soon' is not a year (expected a year such as 2021, or a date such as Aug 2025 or 2021-03-01)"}
    assert "release_year: 3 values read as the year of a date (Aug 2025 -> 2025)" in notes


def test_other_integer_fields_do_not_read_dates() -> None:
    cores = get_entity_spec("cpu").field("cores")
    values, issues, _ = _coerce(["6", "Aug 2025"], cores)
    assert values == [6, None] and issues == {2: "'Aug 2025' is not a whole number"}


def test_custom_integer_fields_named_like_years_hold_years() -> None:
    launch = FieldSpec("launch_year", FieldType.INTEGER, custom=True)
    assert _coerce(["Mar 2024"], launch)[0] == [2024]
    assert not FieldSpec("launch_count", FieldType.INTEGER, custom=True).holds_year


def test_a_multi_enum_reads_comma_joined_cells_and_json_lists_alike() -> None:
    values, issues, _ = _coerce(["Desktop, Server", '["server", "Laptop"]', "Mobile/Embedded", "Phone", '["Desktop", '], CATEGORY)
    assert values[:3] == [["Desktop", "Server"], ["Server", "Laptop"], ["Mobile/Embedded"]]
    assert values[3:] == [None, None]
    assert issues[4] == "'Phone' has 'Phone' which is not one of Desktop, Server, Laptop, Mobile/Embedded"
    assert 5 in issues


def test_a_list_without_options_keeps_any_items_in_order() -> None:
    values, issues, _ = _coerce(['["CPU.cpu_mark_multi", "CPU.release_year"]', "a; b | c", "[]", "[oops]"], DEPENDENCIES)
    assert values == [["CPU.cpu_mark_multi", "CPU.release_year"], ["a", "b", "c"], None, None]
    assert issues == {4: "'[oops]' looks like a JSON list but is not a valid list of values"}
