"""Reading real CSV, TSV and delimited .txt files."""

from __future__ import annotations

import pytest

from dealbrain.ingest import SOURCE_ROW, FileRejected, read_workbook


def column(sheet, name):
    return sheet.frame.get_column(name).to_list()


def test_plain_utf8_csv_is_one_sheet_named_after_the_file(write_file):
    path = write_file("cpus.csv", "Name,Cores,Price\ni7-12700,12,300\ni5-12400,6,150.50\n")

    workbook = read_workbook(path)

    assert workbook.format == "csv"
    assert [sheet.name for sheet in workbook.sheets] == ["cpus"]
    sheet = workbook.sheets[0]
    assert sheet.header_row == 1
    assert sheet.columns == ["Name", "Cores", "Price"]
    assert column(sheet, SOURCE_ROW) == [2, 3]
    assert column(sheet, "Price") == ["300", "150.50"]
    assert "text encoding detected as UTF-8" in sheet.notes
    assert "values are separated by commas (',')" in sheet.notes


def test_utf8_with_bom_does_not_leak_into_the_first_header(write_file):
    path = write_file("cpus.csv", "\ufeffName,Maker\nRyzen 5 5600,AMD\n")

    sheet = read_workbook(path).sheets[0]

    assert sheet.columns == ["Name", "Maker"]
    assert "text encoding detected as UTF-8 with BOM" in sheet.notes


def test_windows_1252_text_is_decoded(write_file):
    path = write_file("listings.csv", "Title;Price\nCafé PC;€499\nNaïve box;€5\n", encoding="cp1252")

    sheet = read_workbook(path).sheets[0]

    assert column(sheet, "Title") == ["Café PC", "Naïve box"]
    assert column(sheet, "Price") == ["€499", "€5"]
    assert "text encoding detected as Windows-1252" in sheet.notes


def test_utf16_text_from_excel_unicode_export_is_read(write_file):
    path = write_file("gpus.txt", "\ufeffName\tMark\nRTX 3060\t17000\n", encoding="utf-16-le")

    workbook = read_workbook(path)

    assert workbook.format == "tsv"
    assert column(workbook.sheets[0], "Mark") == ["17000"]
    assert "text encoding detected as UTF-16" in workbook.sheets[0].notes


@pytest.mark.parametrize(
    ("name", "text", "separator_note", "expected_format"),
    [
        ("eu.csv", "Name;Price\nA;1,5\nB;2,25\n", "semicolons (';')", "csv"),
        ("tabs.csv", "Name\tPrice\nA\t1,5\nB\t2\n", "tabs ('\\t')", "tsv"),
        ("pipes.txt", "Name|Price\nA|1,5\nB|2\n", "pipes ('|')", "csv"),
        ("plain.tsv", "Name\tPrice\nA\t1,5\nB\t2\n", "tabs ('\\t')", "tsv"),
    ],
)
def test_separator_is_detected(write_file, name, text, separator_note, expected_format):
    workbook = read_workbook(write_file(name, text))

    sheet = workbook.sheets[0]
    assert workbook.format == expected_format
    assert sheet.columns == ["Name", "Price"]
    assert column(sheet, "Price")[0] == "1,5"
    assert f"values are separated by {separator_note}" in sheet.notes


def test_tsv_keeps_commas_inside_values(write_file):
    path = write_file("cpus.tsv", "Name\tNotes\ni7\tfast, hot, loud\ni5\tok\n")

    sheet = read_workbook(path).sheets[0]

    assert column(sheet, "Notes") == ["fast, hot, loud", "ok"]


def test_quoted_fields_with_newlines_and_separators(write_file):
    text = (
        'Name,Notes,Price\n'
        '"Mini PC, 8GB","line one\nline two",299\n'
        'Tower,"say ""hi""",499\n'
        '"NUC","a\r\nb\r\nc",99\n'
        'Laptop,,150\n'
    )
    sheet = read_workbook(write_file("listings.csv", text)).sheets[0]

    assert column(sheet, "Name") == ["Mini PC, 8GB", "Tower", "NUC", "Laptop"]
    assert column(sheet, "Notes") == ["line one\nline two", 'say "hi"', "a\r\nb\r\nc", None]
    assert column(sheet, SOURCE_ROW) == [2, 4, 5, 8]


def test_blank_lines_are_dropped_but_line_numbers_stay_true(write_file):
    path = write_file("cpus.csv", "Name,Cores\r\ni7,8\r\n\r\n  ,  \r\ni5,6\r\n")

    sheet = read_workbook(path).sheets[0]

    assert column(sheet, SOURCE_ROW) == [2, 5]
    assert column(sheet, "Name") == ["i7", "i5"]
    assert "2 blank rows were dropped" in sheet.notes


def test_title_lines_above_the_header_are_skipped(write_file):
    text = "Deal Brain CPU export — Nov 2026\n\nName,Cores,Threads\ni7,8,16\n"

    sheet = read_workbook(write_file("cpus.csv", text)).sheets[0]

    assert sheet.header_row == 3
    assert sheet.columns == ["Name", "Cores", "Threads"]
    assert column(sheet, SOURCE_ROW) == [4]
    assert "header found on row 3; rows 1-2 look like a title and were skipped" in sheet.notes


def test_quoted_empty_strings_and_whitespace_become_null(write_file):
    path = write_file("cpus.csv", 'Name,Socket\ni7,""\n  i5  ,"  "\n')

    sheet = read_workbook(path).sheets[0]

    assert column(sheet, "Name") == ["i7", "i5"]
    assert column(sheet, "Socket") == [None, None]


def test_rows_wider_than_the_header_get_extra_columns(write_file):
    filler = "".join(f"cpu {i},{i}\n" for i in range(10_000))
    text = "Name,Cores\n" + filler + "late row,4,surprise\n"

    sheet = read_workbook(write_file("cpus.csv", text)).sheets[0]

    assert sheet.columns == ["Name", "Cores", "Column C"]
    assert column(sheet, "Column C")[-1] == "surprise"
    assert column(sheet, SOURCE_ROW)[-1] == 10_002


def test_lone_carriage_returns_are_line_ends(write_file):
    path = write_file("old_mac.csv", "Name,Cores\ri7,8\ri5,6\r")

    sheet = read_workbook(path).sheets[0]

    assert column(sheet, "Name") == ["i7", "i5"]


def test_header_only_csv_is_refused_as_having_no_data_rows(write_file):
    with pytest.raises(FileRejected) as refusal:
        read_workbook(write_file("cpus.csv", "Name,Cores\n\n  ,\n"))

    assert refusal.value.reason == "no_data_rows"
    assert str(refusal.value).startswith("File 'cpus.csv': there are no data rows: the header on row 1")


def test_twenty_thousand_line_csv_is_read(write_file):
    lines = "".join(f'cpu {i},{i % 64},"note {i}, quoted"\n' for i in range(20_000))
    sheet = read_workbook(write_file("big.csv", "Name,Cores,Notes\n" + lines)).sheets[0]

    assert sheet.frame.height == 20_000
    assert sheet.frame.row(-1) == (20_001, "cpu 19999", str(19_999 % 64), "note 19999, quoted")
