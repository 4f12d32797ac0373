"""Hostile files for the reader's limits: the native xlsx reader (far cells, amplification, its child's
limits) and delimited text that lost records or crashed the parser; each with the refusal it must get."""

from __future__ import annotations

from dealbrain.ingest import ReadLimits
from dealbrain.ingest.limits import MB as LIMIT_MB
from tests.hostile.builders import CPU_HEADER, write_workbook
from tests.hostile.hostile_file import HostileFile, _as_bytes, _csv
from tests.hostile.native_reader_files import (
    FAR_CELL_SHEETS,
    amplified_shared_string,
    far_cell_workbook,
    fifty_million_cell_rectangle,
    many_cpu_rows,
)

_BACKSTOP = ReadLimits(max_cells=10**12, max_decoded_chars=10**12, max_parse_memory_bytes=256 * LIMIT_MB)
"""Counting limits out of the way and a small memory limit: only the reading child's limits can refuse."""
_CR_UNQUOTED = b"CPU Name,Notes,Cores\nIntel Core i7-8700,fast\rchip,6\nIntel Core i5-9400,ok,6\nIntel Core i3-8100,fine,4\n"
_CR_LINE_ENDS_AND_ONE_LF = b"CPU Name,Cores\rIntel Core i7-8700,6\rIntel Core i5-9400,6\nIntel Core i3-8100,4\n"
_LONG_HEADER = ",".join(f"Column {n} " + "x" * 200 for n in range(400)) + "\n" + ",".join("1" * 400) + "\n"


def _far_cell_case(kind: str) -> HostileFile:
    return HostileFile(
        f"far_cell_{kind}", far_cell_workbook(kind), "too_many_cells",
        (f"File '{kind}.xlsx', sheet 'CPUs'", "used range is A1:XFD1048576", "17,179,869,184 cells", "Ctrl+End"),
        where={"sheet": "CPUs"},
    )


NATIVE_READER_CORPUS: tuple[HostileFile, ...] = (
    *(_far_cell_case(kind) for kind in FAR_CELL_SHEETS),
    HostileFile(
        "shared_string_amplification", amplified_shared_string, "too_much_text",
        ("File 'amplified.xlsx', sheet 'CPUs'", "6,400,000,000 characters", "the limit is 200,000,000", "repeated in many cells"),
        where={"sheet": "CPUs"},
    ),
    HostileFile(
        "fifty_million_cell_rectangle", fifty_million_cell_rectangle, "too_many_cells",
        ("File 'rectangle.xlsx', sheet 'CPUs'", "A1:AU1048576", "49,283,072 cells", "the limit is 20,000,000", "Ctrl+End"),
        where={"sheet": "CPUs"},
    ),
    HostileFile(
        "far_cell_past_the_counts", far_cell_workbook("no_dimension"), "reader_crashed",
        ("File 'no_dimension.xlsx'", "more than the 256.0 MB of memory allowed", "asked for 512.0 GB at once", "split the data"),
        limits=_BACKSTOP, read_in_child=True,
    ),
    HostileFile(
        "amplification_past_the_counts", amplified_shared_string, "reader_crashed",
        ("File 'amplified.xlsx'", "more than the 256.0 MB of memory allowed", "so it was stopped", "split the data"),
        limits=_BACKSTOP, read_in_child=True,
    ),
    HostileFile(  # 1.2M rows take the reader about 3 s; 400k sat right at the 1 s limit and passed now and then
        "reader_out_of_time", many_cpu_rows(1_200_000), "too_slow",
        ("File 'cpus-1200000.xlsx'", "more than the 1 second of processor time", "split the data"),
        limits=ReadLimits(max_parse_seconds=1), read_in_child=True,
    ),
)
"""Workbooks aimed at the native reader: item 2 and 3 of the hardening issue, and its last line of defence."""

TEXT_CORPUS: tuple[HostileFile, ...] = (
    HostileFile(
        "csv_lone_carriage_return_unquoted", _as_bytes("cr.csv", _CR_UNQUOTED), "stray_carriage_return",
        ("File 'cr.csv', row 2", "carriage return on its own, outside quotes", "put that value in double quotes"),
        where={"row": 2},
    ),
    HostileFile(
        "csv_carriage_returns_with_one_line_feed", _as_bytes("mixed.csv", _CR_LINE_ENDS_AND_ONE_LF), "stray_carriage_return",
        ("File 'mixed.csv', row 1", "carriage return on its own", "save the file again as 'CSV UTF-8'"),
        where={"row": 1},
    ),
    HostileFile(
        "csv_header_line_over_64_kib", _csv("long.csv", _LONG_HEADER), "header_too_long",
        ("File 'long.csv', row 1", "84,689 bytes long; the limit is 65,536 bytes", "one record per line"),
        where={"row": 1},
    ),
    HostileFile(
        "csv_header_only", _csv("header.csv", "CPU Name,Manufacturer,Cores,Threads\n"), "no_data_rows",
        ("File 'header.csv'", "no data rows", "header on row 1 has nothing under it", "add the rows"),
    ),
    HostileFile(
        "xlsx_header_only", lambda folder: write_workbook(folder / "header.xlsx", {"CPUs": [CPU_HEADER], "Blank": []}),
        "no_data_rows", ("File 'header.xlsx', sheet 'CPUs'", "no data rows", "add the rows"), where={"sheet": "CPUs"},
    ),
)
"""Delimited text that lost or merged records in silence, or crashed the parser; and files with nothing to import."""
