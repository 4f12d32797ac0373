"""Reading real xlsx workbooks written with openpyxl."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dealbrain.ingest import SOURCE_ROW, FileRejected, ReadLimits, read_workbook

HEADER = ["Name", "Cores", "Price"]


def column(sheet, name):
    return sheet.frame.get_column(name).to_list()


def test_every_sheet_is_read_in_workbook_order(write_xlsx):
    path = write_xlsx(
        "reference.xlsx",
        {
            "CPUs": [HEADER, ["i7-12700", 12, 300], ["i5-12400", 6, 150]],
            "GPUs": [["Name", "G3D Mark"], ["RTX 3060", 17000]],
        },
    )

    workbook = read_workbook(path)

    assert workbook.format == "xlsx"
    assert workbook.source_name == "reference.xlsx"
    assert [sheet.name for sheet in workbook.sheets] == ["CPUs", "GPUs"]
    cpus = workbook.sheet("CPUs")
    assert cpus.header_row == 1
    assert cpus.frame.columns == [SOURCE_ROW, "Name", "Cores", "Price"]
    assert column(cpus, SOURCE_ROW) == [2, 3]
    assert column(cpus, "Name") == ["i7-12700", "i5-12400"]
    assert column(workbook.sheet("GPUs"), "G3D Mark") == ["17000"]
    assert cpus.notes == []


def test_source_name_is_used_for_messages_and_workbook(write_xlsx):
    path = write_xlsx("0a1b2c.xlsx", {"S": [HEADER, ["a", 1, 2]]})

    assert read_workbook(path, source_name="cpus.xlsx").source_name == "cpus.xlsx"


def test_title_rows_above_the_header_are_skipped(write_xlsx):
    path = write_xlsx(
        "cpus.xlsx",
        {"CPUs": [["Deal Brain CPU export — Nov 2026"], [], HEADER, ["i7", 8, 300]]},
    )

    sheet = read_workbook(path).sheets[0]

    assert sheet.header_row == 3
    assert sheet.columns == HEADER
    assert column(sheet, SOURCE_ROW) == [4]
    assert "header found on row 3; rows 1-2 look like a title and were skipped" in sheet.notes


def test_title_with_a_few_cells_is_not_taken_for_the_header(write_xlsx):
    wide_header = ["Title", "Price", "Condition", "CPU", "GPU", "RAM", "Storage", "OS"]
    path = write_xlsx(
        "listings.xlsx",
        {"L": [["Listings", "exported", "2026-11-01"], wide_header, ["PC", 1, "new", "i7", "x", 8, 256, "w"]]},
    )

    sheet = read_workbook(path).sheets[0]

    assert sheet.header_row == 2
    assert sheet.columns == wide_header


def test_blank_rows_and_columns_are_dropped_and_reported(write_xlsx):
    rows = [
        ["Name", "Cores", None, "Price"],
        ["i7", 8, None, 300],
        [None, None, None, None],
        ["   ", None, None, None],
        ["i5", 6, None, 150],
    ]
    path = write_xlsx("cpus.xlsx", {"CPUs": rows})

    sheet = read_workbook(path).sheets[0]

    assert sheet.columns == ["Name", "Cores", "Price"]
    assert column(sheet, SOURCE_ROW) == [2, 5]
    assert "2 blank rows were dropped" in sheet.notes
    assert "1 empty column was dropped (C)" in sheet.notes


def test_leading_empty_columns_keep_their_excel_letters(write_xlsx):
    rows = [[None, None, "Name", "Cores", None], [None, None, "i7", 8, "unnamed value"]]
    path = write_xlsx("cpus.xlsx", {"CPUs": rows})

    sheet = read_workbook(path).sheets[0]

    assert sheet.columns == ["Name", "Cores", "Column E"]
    assert "column E has no header; named it 'Column E'" in sheet.notes


def test_duplicate_and_empty_headers_are_renamed(write_xlsx):
    rows = [["Name", "Price", None, "Price", "price"], ["i7", 1, "x", 2, 3]]
    path = write_xlsx("cpus.xlsx", {"CPUs": rows})

    sheet = read_workbook(path).sheets[0]

    assert sheet.columns == ["Name", "Price", "Column C", "Price (2)", "price (3)"]
    assert "'Price' appears 3 times; the columns are named 'Price', 'Price (2)', 'price (3)'" in sheet.notes
    assert "column C has no header; named it 'Column C'" in sheet.notes


def test_header_names_are_trimmed_and_cells_cleaned(write_xlsx):
    rows = [["  Name ", "Price\n(USD)"], ["  i7  ", ""], ["i5", "  "]]
    path = write_xlsx("cpus.xlsx", {"CPUs": rows})

    sheet = read_workbook(path).sheets[0]

    assert sheet.columns == ["Name", "Price (USD)"]
    assert column(sheet, "Name") == ["i7", "i5"]
    assert column(sheet, "Price (USD)") == [None, None]


def test_numbers_stored_as_text_stay_text(write_xlsx):
    rows = [["Code", "Price"], ["00123", "13875.0"], ["1e3", " 1,299.99 "]]
    path = write_xlsx("codes.xlsx", {"S": rows})

    sheet = read_workbook(path).sheets[0]

    assert column(sheet, "Code") == ["00123", "1e3"]
    assert column(sheet, "Price") == ["13875.0", "1,299.99"]


def test_numeric_cells_become_text_without_spurious_decimals(write_xlsx):
    """Fractions keep 9 decimals; values that would lose digits or show noise are exact."""
    values = [13875, 13875.0, 0.85, 1299.99, -3, 1 / 3, 123456789012345, 2.5e-7, 0.000123456789, 123456789.123]
    rows = [["Label", "Value"], *[[f"v{i}", value] for i, value in enumerate(values)]]
    path = write_xlsx("numbers.xlsx", {"S": rows})

    sheet = read_workbook(path).sheets[0]

    assert column(sheet, "Value") == [
        "13875",
        "13875",
        "0.85",
        "1299.99",
        "-3",
        "0.333333333",
        "123456789012345",
        "0.00000025",
        "0.000123456789",
        "123456789.123",
    ]
    assert sheet.frame.schema["Value"] == pl.String


def test_date_cells_become_iso_text(write_xlsx):
    rows = [
        ["Label", "When"],
        ["date", dt.date(2024, 1, 2)],
        ["midnight", dt.datetime(2024, 1, 2, 0, 0)],
        ["afternoon", dt.datetime(2024, 1, 2, 13, 45, 7)],
        ["time", dt.time(10, 30)],
        ["typed", "2 Jan 2024"],
    ]
    path = write_xlsx("dates.xlsx", {"S": rows})

    sheet = read_workbook(path).sheets[0]

    assert column(sheet, "When") == [
        "2024-01-02",
        "2024-01-02",
        "2024-01-02T13:45:07",
        "10:30:00",
        "2 Jan 2024",
    ]


def test_booleans_become_lowercase_words(write_xlsx):
    path = write_xlsx("flags.xlsx", {"S": [["Name", "Active"], ["a", True], ["b", False]]})

    assert column(read_workbook(path).sheets[0], "Active") == ["true", "false"]


def test_empty_and_hidden_sheets_are_kept_with_notes(write_xlsx):
    path = write_xlsx(
        "book.xlsx",
        {"Data": [HEADER, ["i7", 8, 1]], "Blank": [], "Lists": [["Option"], ["new"]]},
        hidden={"Lists"},
    )

    workbook = read_workbook(path)

    blank = workbook.sheet("Blank")
    assert blank.is_empty and blank.header_row == 0 and blank.frame.columns == [SOURCE_ROW]
    assert blank.notes == ["the sheet is empty"]
    assert "this sheet is hidden in Excel" in workbook.sheet("Lists").notes


def test_header_only_workbook_is_refused_naming_the_sheet(write_xlsx):
    path = write_xlsx("book.xlsx", {"Empty": [], "S": [HEADER], "T": [HEADER]})

    with pytest.raises(FileRejected) as refusal:
        read_workbook(path)

    assert (refusal.value.reason, refusal.value.sheet) == ("no_data_rows", "S")
    assert "header on row 1 has nothing under it (nor does the other sheet with a header)" in str(refusal.value)


def test_header_only_sheet_beside_a_sheet_with_data_is_kept_without_rows(write_xlsx):
    path = write_xlsx("book.xlsx", {"S": [HEADER], "Data": [HEADER, ["i7", "Intel"]]})

    sheet = read_workbook(path).sheet("S")

    assert sheet.columns == HEADER and sheet.frame.height == 0


def test_workbook_with_only_empty_sheets_is_rejected(write_xlsx):
    path = write_xlsx("book.xlsx", {"One": [], "Two": [[None, None]]})

    with pytest.raises(FileRejected) as caught:
        read_workbook(path)

    assert caught.value.reason == "empty"
    assert "'book.xlsx'" in str(caught.value) and "no data" in str(caught.value)


def test_twenty_thousand_rows_are_all_read(write_xlsx):
    rows = [HEADER, *[[f"cpu {i}", i % 64, i * 1.5] for i in range(20_000)]]
    path = write_xlsx("big.xlsx", {"CPUs": rows})

    sheet = read_workbook(path).sheets[0]

    assert sheet.frame.height == 20_000
    assert column(sheet, SOURCE_ROW)[-1] == 20_001
    assert sheet.frame.row(-1) == (20_001, "cpu 19999", str(19_999 % 64), "29998.5")


@pytest.mark.parametrize(
    ("limits", "reason", "words"),
    [
        (ReadLimits(max_rows=2), "too_many_rows", "3 data rows; the limit is 2"),
        (ReadLimits(max_columns=2), "too_many_columns", "3 columns with data; the limit is 2"),
        (ReadLimits(max_sheets=1), "too_many_sheets", "2 sheets; the limit is 1"),
    ],
)
def test_limits_are_enforced_with_the_sheet_named(write_xlsx, limits, reason, words):
    rows = [HEADER, ["a", 1, 2], ["b", 1, 2], ["c", 1, 2]]
    path = write_xlsx("cpus.xlsx", {"CPUs": rows, "Other": [["x"], ["y"]]})

    with pytest.raises(FileRejected) as caught:
        read_workbook(path, limits=limits)

    assert caught.value.reason == reason
    assert words in str(caught.value)
    if reason != "too_many_sheets":
        assert caught.value.sheet == "CPUs" and "sheet 'CPUs'" in str(caught.value)


def test_oversized_cell_is_located_by_sheet_row_and_column(write_xlsx):
    rows = [["Name", "Notes"], ["i7", "short"], ["i5", "x" * 50]]
    path = write_xlsx("cpus.xlsx", {"CPUs": rows})

    with pytest.raises(FileRejected) as caught:
        read_workbook(path, limits=ReadLimits(max_cell_chars=40))

    error = caught.value
    assert (error.reason, error.sheet, error.row, error.column) == ("cell_too_large", "CPUs", 3, "Notes")
    assert "sheet 'CPUs', row 3, column 'Notes'" in str(error)
    assert "50 characters; the limit is 40" in str(error)
