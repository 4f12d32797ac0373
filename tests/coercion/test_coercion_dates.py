"""DATE cells: ISO, month-year, US order, Excel serials, and what is refused."""

from __future__ import annotations

from datetime import date

import pytest

from dealbrain.specs.fields import FieldSpec, FieldType

RELEASED = FieldSpec("released_on", FieldType.DATE)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2024-05-01", date(2024, 5, 1)),
        ("2024-5-1", date(2024, 5, 1)),
        ("2024/05/01", date(2024, 5, 1)),
        ("2024-05-01T13:45:00", date(2024, 5, 1)),
        ("2024-05-01 13:45", date(2024, 5, 1)),
        ("2024-05-01T13:45:00Z", date(2024, 5, 1)),
        ("Aug 2025", date(2025, 8, 1)),
        ("August 2025", date(2025, 8, 1)),
        ("aug 2025", date(2025, 8, 1)),
        ("Sept 2025", date(2025, 9, 1)),
        ("Aug 14, 2025", date(2025, 8, 14)),
        ("14 August 2025", date(2025, 8, 14)),
        ("05/01/2024", date(2024, 5, 1)),
        ("5/1/2024", date(2024, 5, 1)),
        ("12/31/2024", date(2024, 12, 31)),
        ("45413", date(2024, 5, 1)),
        ("45413.75", date(2024, 5, 1)),
        ("18264", date(1950, 1, 1)),
    ],
)
def test_accepted_date_spellings(values, cell, expected):
    assert values(RELEASED, [cell]) == [expected]


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("2024-02-30", "'2024-02-30' is not a real calendar date"),
        ("2024-13-01", "'2024-13-01' is not a real calendar date"),
        ("31/12/2024", "'31/12/2024' is not a real calendar date (read as month/day/year)"),
        (
            "Agust 2025",
            "'Agust 2025' is not a date (expected e.g. 2024-05-01, 05/01/2024, Aug 2025 or an Excel date number)",
        ),
        (
            "soon",
            "'soon' is not a date (expected e.g. 2024-05-01, 05/01/2024, Aug 2025 or an Excel date number)",
        ),
        (
            "2024",
            "'2024' is not a date (a plain number is read as an Excel date only from 18264 to 73415,"
            " i.e. 1950 to 2100)",
        ),
        (
            "999999",
            "'999999' is not a date (a plain number is read as an Excel date only from 18264 to 73415,"
            " i.e. 1950 to 2100)",
        ),
    ],
)
def test_unreadable_dates_are_reported(coerce_cells, cell, reason):
    result = coerce_cells(RELEASED, [cell])
    assert result.frame.get_column("released_on").to_list() == [None]
    assert result.issues.get_column("reason").to_list() == [reason]


def test_date_notes_count_each_kind_of_reading(coerce_cells):
    result = coerce_cells(
        RELEASED,
        ["Aug 2025", "Sep 2025", "2024-05-01T10:00:00", "05/01/2024", "45413", "2024-05-01", "N/A"],
    )
    assert result.issues.is_empty()
    assert result.notes == [
        "released_on: 1 value read as missing (N/A)",
        "released_on: 2 values read as the first of the month (Aug 2025 -> 2025-08-01)",
        "released_on: 1 value had a time of day dropped (2024-05-01T10:00:00 -> 2024-05-01)",
        "released_on: 1 value read as US month/day/year (05/01/2024 -> 2024-05-01)",
        "released_on: 1 value read as an Excel serial date (45413 -> 2024-05-01)",
    ]


def test_repeated_dates_are_parsed_once_but_reported_per_row(coerce_cells):
    result = coerce_cells(RELEASED, ["Aug 2025", "later", "Aug 2025", "later"])
    assert result.frame.get_column("released_on").to_list() == [date(2025, 8, 1), None] * 2
    assert result.issues.get_column("__source_row__").to_list() == [3, 5]
