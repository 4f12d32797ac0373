"""The limited reading child on its own: native aborts, memory and time limits, and what comes back."""

from __future__ import annotations

import signal
import threading
import time
import zipfile
from pathlib import Path

import pytest

from dealbrain.ingest import FileRejected, ReadLimits, read_workbook, xlsx_isolation
from dealbrain.ingest.limits import MB
from dealbrain.ingest.record_count import check_record_count, expected_records
from dealbrain.ingest.sheet_census import count_sheet, shared_string_lengths
from dealbrain.ingest.workbook_parts import find_workbook_parts
from tests.hostile.handmade_xlsx import HandmadeSheet, cpu_sheet_rows, write_handmade
from tests.hostile.native_reader_files import FAR_CELL_SHEETS, far_cell_workbook, numbered_cpu_rows

SMALL_MEMORY = ReadLimits(max_parse_memory_bytes=256 * MB)


def test_a_native_abort_in_the_child_is_a_refusal_and_this_process_lives_on(tmp_path: Path) -> None:
    path = far_cell_workbook("dimension_that_lies")(tmp_path)

    with pytest.raises(FileRejected) as refusal:
        xlsx_isolation.read_in_child(path, "far.xlsx", SMALL_MEMORY)

    usage = xlsx_isolation.last_child_usage
    assert refusal.value.reason == "reader_crashed"
    assert "asked for 512.0 GB at once" in str(refusal.value)
    assert usage.exit == -6  # SIGABRT: calamine aborts when the allocation fails
    assert usage.peak_rss_bytes < SMALL_MEMORY.max_parse_memory_bytes + xlsx_isolation.RUNTIME_ADDRESS_SPACE_BYTES
    sheets = xlsx_isolation.read_in_child(write_handmade(tmp_path / "fine.xlsx", HandmadeSheet(cpu_sheet_rows(2))), "fine.xlsx", SMALL_MEMORY)
    assert sheets[0].frame.height == 2 and xlsx_isolation.last_child_usage.exit == 0


def test_sheets_come_back_from_the_child_as_they_were_read(tmp_path: Path) -> None:
    path = write_handmade(tmp_path / "cpus.xlsx", HandmadeSheet(cpu_sheet_rows(5)))

    sheet = read_workbook(path).sheets[0]

    assert sheet.name == "CPUs" and sheet.header_row == 1
    assert sheet.columns == ["CPU Name", "Manufacturer", "Cores", "Threads"]
    assert sheet.frame.row(0) == (2, "Intel Core i7-8700", "Intel", "6", "12")
    assert sheet.frame.height == 5 and xlsx_isolation.last_child_usage.peak_rss_bytes > 0


@pytest.mark.parametrize("kind", sorted(FAR_CELL_SHEETS))
def test_every_far_cell_variant_is_counted_from_the_real_cells(kind: str, tmp_path: Path) -> None:
    path = far_cell_workbook(kind)(tmp_path)
    with zipfile.ZipFile(path) as archive:
        parts = find_workbook_parts(archive)
        (sheet,) = parts.sheets
        census = count_sheet(archive, sheet.member, sheet.name, shared_string_lengths(archive, parts.shared_strings, "f"), "f")

    assert (sheet.name, census.last_row, census.last_column) == ("CPUs", 1_048_576, 16_384)
    assert census.cells == 17 and census.grid_cells == 1_048_576 * 16_384


def test_plain_and_element_by_element_counts_agree(tmp_path: Path) -> None:
    plain = write_handmade(tmp_path / "plain.xlsx", HandmadeSheet(cpu_sheet_rows(50), shared_strings=["x" * 10]))
    quoted = write_handmade(tmp_path / "quoted.xlsx", HandmadeSheet(cpu_sheet_rows(50, quote="'"), quote="'"))
    censuses = []
    for path in (plain, quoted):
        with zipfile.ZipFile(path) as archive:
            parts = find_workbook_parts(archive)
            member = parts.sheets[0].member
            censuses.append(count_sheet(archive, member, "CPUs", shared_string_lengths(archive, parts.shared_strings, "f"), "f"))

    assert censuses[0] == censuses[1]
    assert (censuses[0].cells, censuses[0].rows, censuses[0].columns) == (204, 51, 4)


def test_a_record_count_that_does_not_add_up_is_refused_naming_the_line() -> None:
    data = b'Name,Notes\ni7,"a\rb"\ni5,ok\n'

    assert expected_records(data) == 3
    check_record_count(data, 3, [2], "cpus.csv")
    with pytest.raises(FileRejected) as refusal:
        check_record_count(data, 2, [2], "cpus.csv")
    assert (refusal.value.reason, refusal.value.row) == ("stray_carriage_return", 2)
    assert "holds 3 records but 2 were read" in str(refusal.value)


def test_a_quoted_carriage_return_is_kept_and_every_record_is_read(tmp_path: Path) -> None:
    path = tmp_path / "cpus.csv"
    path.write_bytes(b'CPU Name,Notes,Cores\ni7,"fast\rchip",6\ni5,ok,6\ni3,fine,4\n')

    sheet = read_workbook(path).sheets[0]

    assert sheet.frame.rows() == [(2, "i7", "fast\rchip", "6"), (3, "i5", "ok", "6"), (4, "i3", "fine", "4")]
    assert any("carriage return inside a value was kept" in note and "line 2" in note for note in sheet.notes)


def test_a_far_reference_with_dollar_signs_is_not_missed(tmp_path: Path) -> None:
    far = '<row r="1048576"><c r="$XFD$1048576" t="inlineStr"><is><t>oops</t></is></c></row>'
    path = write_handmade(tmp_path / "dollars.xlsx", HandmadeSheet([*cpu_sheet_rows(), far]))

    with pytest.raises(FileRejected) as refusal:
        read_workbook(path)

    assert refusal.value.reason == "too_many_cells" and "A1:XFD1048576" in str(refusal.value)


def test_a_cancelled_read_kills_the_child_at_once(tmp_path: Path) -> None:
    """The counts refusing a workbook cancel the read running beside them: the child is killed, not waited for."""
    path = write_handmade(tmp_path / "cpus.xlsx", HandmadeSheet(numbered_cpu_rows(600_000)))
    cancel = threading.Event()
    threading.Timer(0.3, cancel.set).start()
    started = time.monotonic()

    with pytest.raises(FileRejected):
        xlsx_isolation.read_in_child(path, "cpus.xlsx", ReadLimits(), cancel)

    usage = xlsx_isolation.last_child_usage
    assert usage.exit == -signal.SIGKILL and not usage.timed_out
    assert time.monotonic() - started < 5 and usage.cpu_seconds < 1.5, usage  # reading it whole takes about 1.5 s of CPU
