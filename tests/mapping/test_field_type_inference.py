"""infer_field_type: the type a NEW column's custom field would get."""

import pytest

from dealbrain.mapping import infer_field_type
from dealbrain.specs import FieldType


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["16", "2", "96"], FieldType.INTEGER),
        (["1,124", "126,653", "-3"], FieldType.INTEGER),
        (["16.0", "32.0", "8"], FieldType.INTEGER),
        (["3.5", "12", "0.25"], FieldType.NUMBER),
        (["$24.10*", "$89.95", "1,299.99"], FieldType.NUMBER),
        (["Yes", "no", "TRUE", "false"], FieldType.BOOLEAN),
        (["2024-03-01", "2023-11-30T10:15:00"], FieldType.DATE),
        (["Aug 2025", "Mar 2010", "August 2024"], FieldType.DATE),
        (["03/01/2024", "12/31/2023"], FieldType.DATE),
        (["AMD Athlon II X2 B24", "Intel Core i3-560 @ 3.33GHz"], FieldType.STRING),
        (["16", "sixteen"], FieldType.STRING),
    ],
)
def test_infers_each_scalar_type(values: list[str], expected: FieldType) -> None:
    assert infer_field_type(values) is expected


def test_few_distinct_short_values_repeated_make_an_enum() -> None:
    categories = ["Desktop", "Laptop", "Server", "Mobile/Embedded"] * 5
    assert infer_field_type(categories) is FieldType.ENUM


def test_too_few_values_stay_string_even_when_repeated() -> None:
    categories = ["Desktop", "Laptop", "Server", "Mobile/Embedded"] * 4
    assert infer_field_type(categories) is FieldType.STRING


def test_too_many_distinct_values_are_not_an_enum() -> None:
    values = [f"Socket {n}" for n in range(11)] * 2
    assert infer_field_type(values) is FieldType.STRING


def test_long_values_make_text() -> None:
    note = "Refurbished unit with a new SSD, clean Windows install and a 90-day warranty. " * 2
    assert infer_field_type([note, "short"]) is FieldType.TEXT
    assert infer_field_type(["line one\nline two"]) is FieldType.TEXT


def test_blanks_and_placeholders_are_ignored() -> None:
    assert infer_field_type(["65", None, "", "NA", "  ", "n/a", "73"]) is FieldType.INTEGER
    assert infer_field_type([None, "NA", ""]) is FieldType.STRING
    assert infer_field_type([]) is FieldType.STRING


def test_non_string_cells_are_read_as_text() -> None:
    assert infer_field_type([16, 32.0, None]) is FieldType.INTEGER  # type: ignore[list-item]
