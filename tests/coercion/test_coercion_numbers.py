"""NUMBER and INTEGER cells: formatting, units, whole numbers and their reports."""

from __future__ import annotations

import pytest

from dealbrain.coercion import coerce_value
from dealbrain.specs.entities import CPU, LISTING
from dealbrain.specs.fields import FieldSpec, FieldType

PRICE = LISTING.field("price_usd")
RAM = LISTING.field("ram_gb")
STORAGE = LISTING.field("primary_storage_gb")
CORES = CPU.field("cores")
CPU_MARK = CPU.field("cpu_mark_multi")
TDP = CPU.field("tdp_w")
PLAIN_NUMBER = FieldSpec("ratio", FieldType.NUMBER)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1439", 1439.0),
        ("1,439", 1439.0),
        ("$1,064.00*", 1064.0),
        ("$60.23*", 60.23),
        ("$12,345.67", 12345.67),
        ("1,234,567.5", 1234567.5),
        ("1.5e3", 1500.0),
        ("2E-2", 0.02),
        ("+3", 3.0),
        ("-$5", -5.0),
        ("-2.5", -2.5),
        (".5", 0.5),
        ("  42  ", 42.0),
        ("100 USD", 100.0),
        ("100usd", 100.0),
        ("5$", 5.0),
    ],
)
def test_numbers_read_with_us_formatting(values, cell, expected):
    assert values(PRICE, [cell]) == [pytest.approx(expected)]


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("abc", "'abc' is not a number"),
        ("€1.234,50", "'€1.234,50' is not a number"),
        ("1,43", "'1,43' is not a number"),
        ("12345,678", "'12345,678' is not a number"),
        ("1.2.3", "'1.2.3' is not a number"),
        ("1 2", "'1 2' is not a number"),
        ("inf", "'inf' is not a number"),
        ("1e400", "'1e400' is too large"),
        ("12 EUR", "'12 EUR' has an unknown unit 'eur' (accepted: usd, $)"),
    ],
)
def test_unreadable_numbers_are_reported(coerce_cells, cell, reason):
    result = coerce_cells(PRICE, [cell])
    assert result.frame.get_column("price_usd").to_list() == [None]
    assert result.issues.get_column("reason").to_list() == [reason]


def test_unit_on_a_field_without_units_is_reported(coerce_cells):
    result = coerce_cells(PLAIN_NUMBER, ["65 W", "50%"])
    assert result.frame.get_column("ratio").to_list() == [None, None]
    assert result.issues.get_column("reason").to_list() == [
        "'65 W' has a unit 'w' but ratio takes a plain number",
        "'50%' has a unit '%' but ratio takes a plain number",
    ]


@pytest.mark.parametrize("cell", ["65 W", "65W", "65 watts", "65", "65.0 w"])
def test_watts_accepted_with_or_without_unit(values, cell):
    assert values(TDP, [cell]) == [65.0]


@pytest.mark.parametrize(
    ("cell", "ram_gb", "storage_gb"),
    [
        ("16GB", 16, 16),
        ("16 gb", 16, 16),
        ("16 GiB", 16, None),
        ("512 GB", 512, 512),
        ("1 TB", 1024, 1000),
        ("2tb", 2048, 2000),
        ("2048 MB", 2, None),
    ],
)
def test_units_follow_each_field(values, cell, ram_gb, storage_gb):
    assert values(RAM, [cell]) == [ram_gb]
    assert values(STORAGE, [cell]) == [storage_gb]


def test_unknown_unit_lists_the_accepted_ones(coerce_cells):
    result = coerce_cells(RAM, ["1 PB"])
    assert result.issues.get_column("reason").to_list() == [
        "'1 PB' has an unknown unit 'pb' (accepted: gb, gib, g, tb, tib, mb)"
    ]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("16", 16), ("12.0", 12), ("13875", 13875), ("5,830", 5830), ("1,064.00", 1064), ("1e3", 1000), ("+8", 8)],
)
def test_whole_numbers(values, cell, expected):
    assert values(CORES, [cell]) == [expected]


def test_whole_numbers_beyond_float_precision_stay_exact(values):
    assert values(CPU_MARK, ["12345678901234567", "12,345,678,901,234,567"]) == [
        12345678901234567,
        12345678901234567,
    ]


@pytest.mark.parametrize(
    ("field", "cell", "reason"),
    [
        (CORES, "12.5", "'12.5' is not a whole number"),
        (CORES, "abc", "'abc' is not a whole number"),
        (CORES, "65 W", "'65 W' has a unit 'w' but cores takes a plain number"),
        (RAM, "0.5 MB", "'0.5 MB' converts to 0.00048828125, not a whole number"),
        (RAM, "1.5 GB", "'1.5 GB' converts to 1.5, not a whole number"),
    ],
)
def test_fractions_and_junk_in_whole_number_fields_are_reported(coerce_cells, field, cell, reason):
    result = coerce_cells(field, [cell])
    assert result.frame.get_column(field.name).to_list() == [None]
    assert result.issues.get_column("reason").to_list() == [reason]


def test_unit_conversion_that_lands_on_a_whole_number_is_accepted(values):
    assert values(RAM, ["0.5 TB", "1024 MB"]) == [512, 1]


def test_number_notes_count_formatting_units_and_fractions(coerce_cells):
    prices = coerce_cells(PRICE, ["$1,064.00*", "1,439", "$60.23*", "12", "100 USD"])
    assert prices.notes == [
        "price_usd: 3 values had a currency sign or thousands separators removed ($1,064.00* -> 1064.0)",
        "price_usd: 2 values had a trailing '*' footnote mark removed ($1,064.00* -> 1064.0)",
        "price_usd: 1 value converted from units (100 USD -> 100.0)",
    ]
    ram = coerce_cells(RAM, ["16GB", "8", "1 TB"])
    assert ram.notes == ["ram_gb: 2 values converted from units (16GB -> 16)"]
    cores = coerce_cells(CORES, ["12.0", "4", "6.00"])
    assert cores.notes == ["cores: 2 values had a zero fraction or exponent dropped (12.0 -> 12)"]


def test_failed_cells_are_not_counted_as_conversions(coerce_cells):
    result = coerce_cells(RAM, ["1 PB", "1,43"])
    assert result.notes == []
    assert result.issues.height == 2


def test_coerce_value_matches_the_frame_path():
    assert coerce_value("$1,064.00*", PRICE) == (1064.0, None)
    assert coerce_value("1 TB", STORAGE) == (1000, None)
    assert coerce_value("12.5", CORES) == (None, "'12.5' is not a whole number")
    assert coerce_value("NA", CORES) == (None, None)


@pytest.mark.parametrize(
    ("field", "cell", "reason"),
    [
        (CPU_MARK, "99999999999999999999", "'99999999999999999999' is too large: cpu_mark_multi takes whole numbers up to 2,147,483,647"),
        (CPU_MARK, "1e20", "'1e20' is too large: cpu_mark_multi takes whole numbers up to 2,147,483,647"),
        (CORES, "99,999,999,999,999,999,999", "'99,999,999,999,999,999,999' is too large: cores takes whole numbers up to 1,024"),
        (
            FieldSpec("offset", FieldType.INTEGER),
            "-99999999999999999999",
            "'-99999999999999999999' is too small: offset takes whole numbers from -2,147,483,648",
        ),
        (
            FieldSpec("serial", FieldType.INTEGER, custom=True),
            "99999999999999999999",
            "'99999999999999999999' is too large: serial takes whole numbers up to 9,007,199,254,740,991",
        ),
    ],
)
def test_a_whole_number_past_64_bits_is_too_large_with_the_limit_not_fractional(field, cell, reason):
    assert coerce_value(cell, field) == (None, reason)


def test_whole_numbers_inside_64_bits_are_read_exactly_and_left_to_validation():
    assert coerce_value("3000000000", CPU_MARK) == (3_000_000_000, None)
    assert coerce_value("9000000000000000001", FieldSpec("big", FieldType.INTEGER)) == (9_000_000_000_000_000_001, None)
