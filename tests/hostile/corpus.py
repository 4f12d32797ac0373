"""The hostile-file corpus: files built to break the importer, each with the refusal it must get.

Every entry writes its file into a folder it is given (a test's tmp_path), so
nothing hostile is checked in. ``HostileFile.says`` lists words the message
must contain: what was wrong, where, and what to do about it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from dealbrain.ingest import ReadLimits
from tests.hostile.builders import (
    CPU_HEADER,
    MB,
    SHEET_NAMES_THAT_FIGHT_BACK,
    billion_laughs,
    cpu_rows,
    cpu_workbook,
    external_entity,
    ole2,
    padded_sheet,
    rewrite_members,
    stray_last_cell,
    with_sheet_names,
    word_document,
    write_workbook,
    zip_marked_encrypted,
)
from tests.hostile.corpus_limits import NATIVE_READER_CORPUS, TEXT_CORPUS
from tests.hostile.hostile_file import HostileFile, _as_bytes, _csv


def _sheet_xml(change: Callable[[bytes], bytes]) -> Callable[[str, bytes], bytes]:
    return lambda name, data: change(data) if name == "xl/worksheets/sheet1.xml" else data


def _from_workbook(name: str, make: Callable[[Path], bytes]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(make(cpu_workbook(folder / f"real-{name}.xlsx", rows=200)))
        return path

    return build


def _rewritten(name: str, change: Callable[[str, bytes], bytes], extra: dict[str, bytes] | None = None) -> Callable[[Path], Path]:
    return lambda folder: rewrite_members(cpu_workbook(folder / f"real-{name}"), folder / name, change, extra)


def _hostile_sheet_names(folder: Path) -> Path:
    rows = [CPU_HEADER, *cpu_rows(3)]
    return with_sheet_names(folder, "names.xlsx", {name: rows for name in SHEET_NAMES_THAT_FIGHT_BACK})


_TEN_MB_CELL = "CPU Name,Notes\nIntel Core i7-8700," + "x" * (10 * MB) + "\n"
_QUOTE_RUNS_ON = "CPU Name,Notes\nIntel Core i7-8700,\"opened here\n" + "".join(f"AMD Ryzen {n},fine\n" for n in range(40))
_UNCLOSED_QUOTE = _QUOTE_RUNS_ON + "Intel Core i5-9400,ok\n"
_QUOTE_CLOSED_AT_THE_END = _QUOTE_RUNS_ON + 'closed at last",\n'
_WIDE = "CPU Name," + ",".join(f"Extra {n}" for n in range(11)) + "\n" + ",".join(["i7"] + ["1"] * 11) + "\n"
_SMALL = ReadLimits(max_rows=5, max_columns=10, max_cell_chars=100, max_sheets=3)


CORPUS: tuple[HostileFile, ...] = (
    HostileFile(
        "text_named_xlsx", _csv("cpus.xlsx", "CPU Name,Cores\nIntel Core i7-8700,6\n"), "not_a_spreadsheet",
        ("File 'cpus.xlsx'", "contains plain text", "rename it to .csv"),
    ),
    HostileFile(
        "binary_junk_named_xlsx", _as_bytes("cpus.xlsx", bytes(range(256)) * 16), "not_a_spreadsheet",
        ("File 'cpus.xlsx'", "is not one", "save it as an Excel Workbook (.xlsx)"),
    ),
    HostileFile(
        "truncated_xlsx", _from_workbook("cut.xlsx", lambda whole: whole.read_bytes()[: whole.stat().st_size // 2]),
        "corrupt", ("File 'cut.xlsx'", "damaged or incomplete", "cut off", "save it again as .xlsx"),
    ),
    HostileFile(
        "broken_sheet_xml", _rewritten("broken.xlsx", _sheet_xml(lambda xml: xml[: len(xml) // 2])),
        "corrupt", ("File 'broken.xlsx', sheet 'CPUs'", "damaged", "save it again as .xlsx"), where={"sheet": "CPUs"},
    ),
    HostileFile(
        "billion_laughs", _rewritten("laughs.xlsx", _sheet_xml(billion_laughs)),
        "corrupt", ("sheet 'CPUs'", "damaged", "entity", "save it again as .xlsx"), where={"sheet": "CPUs"},
    ),
    HostileFile(
        "external_entity", _rewritten("leak.xlsx", _sheet_xml(external_entity)),
        "corrupt", ("sheet 'CPUs'", "damaged", "entity", "save it again as .xlsx"), where={"sheet": "CPUs"},
    ),
    HostileFile(
        "zip_bomb_sheet_member", _rewritten("bomb.xlsx", _sheet_xml(padded_sheet(8 * MB))), "zip_bomb",
        ("File 'bomb.xlsx'", "'xl/worksheets/sheet1.xml' would expand", "treated as a zip bomb", "save it as CSV"),
        limits=ReadLimits(ratio_check_min_bytes=1 * MB),
    ),
    HostileFile(
        "zip_bomb_total_size", _rewritten("bigger.xlsx", _sheet_xml(padded_sheet(2 * MB))), "zip_bomb",
        ("File 'bigger.xlsx'", "would unpack to", "the limit is 1,048,576", "split the data into smaller workbooks"),
        limits=ReadLimits(max_uncompressed_bytes=1 * MB),
    ),
    HostileFile(
        "zip_with_too_many_parts",
        _rewritten("parts.xlsx", lambda name, data: data, {f"xl/media/p{n}.bin": b"" for n in range(60)}),
        "zip_bomb", ("File 'parts.xlsx'", "the limit is 50", "save it again as .xlsx"),
        limits=ReadLimits(max_zip_members=50),
    ),
    HostileFile(
        "stray_value_in_last_cell", stray_last_cell, "too_many_cells",
        ("File 'stray.xlsx', sheet 'CPUs'", "A1:XFD1048576", "Ctrl+End"), where={"sheet": "CPUs"},
    ),
    HostileFile(
        "encrypted_workbook", _as_bytes("secret.xlsx", ole2("EncryptedPackage".encode("utf-16-le"))),
        "password_protected", ("File 'secret.xlsx'", "password-protected", "remove the password"),
    ),
    HostileFile(
        "zip_with_encrypted_parts", _from_workbook("locked.xlsx", lambda whole: zip_marked_encrypted(whole.read_bytes())),
        "password_protected", ("File 'locked.xlsx'", "encrypted", "remove the password"),
    ),
    HostileFile(
        "legacy_xls_named_xlsx", _as_bytes("old.xlsx", ole2("Workbook".encode("utf-16-le"))), "legacy_format",
        ("File 'old.xlsx'", "97-2003", "save it as an Excel Workbook (.xlsx)"),
    ),
    HostileFile(
        "legacy_xls_extension", _as_bytes("old.xls", ole2("Workbook".encode("utf-16-le"))), "unsupported_extension",
        ("File 'old.xls'", "type '.xls' cannot be imported", "save it as .xlsx"),
    ),
    HostileFile(
        "word_document_named_xlsx", word_document, "not_a_spreadsheet",
        ("File 'cpus.xlsx'", "Word document", "upload the spreadsheet itself"),
    ),
    HostileFile(
        "workbook_named_csv", _from_workbook("cpus.csv", lambda whole: whole.read_bytes()), "not_a_spreadsheet",
        ("File 'cpus.csv'", "zip archive", "rename it to .xlsx"),
    ),
    HostileFile(
        "csv_with_nul_bytes", _as_bytes("cpus.csv", b"CPU Name,Cores\ni7,6\ni5,\x006\n"), "nul_bytes",
        ("File 'cpus.csv', row 3", "NUL bytes", "CSV UTF-8"), where={"row": 3},
    ),
    HostileFile(
        "csv_in_no_known_encoding", _as_bytes("cpus.csv", b"CPU Name\ni7\n\x81\x8d\xff\n"), "bad_encoding",
        ("File 'cpus.csv', row 3", "neither UTF-8 nor Windows-1252", "CSV UTF-8"), where={"row": 3},
    ),
    HostileFile(
        "csv_ten_megabyte_cell", _csv("notes.csv", _TEN_MB_CELL), "cell_too_large",
        ("File 'notes.csv', row 2, column 'Notes'", "10,485,760 characters; the limit is 32,767", "shorten the cell"),
        where={"row": 2, "column": "Notes"},
    ),
    HostileFile(
        "csv_quote_swallowing_the_file", _csv("quote.csv", _QUOTE_CLOSED_AT_THE_END), "cell_too_large",
        ("File 'quote.csv', row 2, column 'Notes'", "the limit is 100", "unclosed quote"),
        limits=_SMALL, where={"row": 2, "column": "Notes"},
    ),
    HostileFile(
        "csv_quote_never_closed", _csv("unclosed.csv", _UNCLOSED_QUOTE), "corrupt",
        ("File 'unclosed.csv'", "could not be parsed", "opened here", "save it again as 'CSV UTF-8'"),
    ),
    HostileFile(
        "xlsx_long_cell", lambda folder: write_workbook(folder / "long.xlsx", {"CPUs": [CPU_HEADER, ["x" * 101, "Intel", 6, 12]]}),
        "cell_too_large", ("File 'long.xlsx', sheet 'CPUs', row 2, column 'CPU Name'", "101 characters", "shorten the cell"),
        limits=_SMALL, where={"sheet": "CPUs", "row": 2, "column": "CPU Name"},
    ),
    HostileFile(
        "xlsx_too_many_rows", lambda folder: cpu_workbook(folder / "rows.xlsx", rows=6), "too_many_rows",
        ("File 'rows.xlsx', sheet 'CPUs'", "6 data rows; the limit is 5", "split the data"),
        limits=_SMALL, where={"sheet": "CPUs"},
    ),
    HostileFile(
        "csv_too_many_columns", _csv("wide.csv", _WIDE), "too_many_columns",
        ("File 'wide.csv'", "12 columns with data; the limit is 10", "remove the columns"), limits=_SMALL,
    ),
    HostileFile(
        "csv_absurdly_wide_line", _csv("wider.csv", "CPU Name,Cores\n" + "," * 1000 + "\n"), "too_many_columns",
        ("File 'wider.csv', row 2", "1,001 values; at most 100 can be read", "one record per line"),
        limits=_SMALL, where={"row": 2},
    ),
    HostileFile(
        "xlsx_too_many_sheets",
        lambda folder: write_workbook(folder / "sheets.xlsx", {f"S{n}": [CPU_HEADER, *cpu_rows(1)] for n in range(4)}),
        "too_many_sheets", ("File 'sheets.xlsx'", "4 sheets; the limit is 3", "workbook of their own"), limits=_SMALL,
    ),
    HostileFile(
        "file_too_large", lambda folder: cpu_workbook(folder / "big.xlsx"), "too_large",
        ("File 'big.xlsx'", "the limit is 1,000", "split the data"), limits=ReadLimits(max_file_bytes=1000),
    ),
    HostileFile("empty_xlsx", _as_bytes("empty.xlsx", b""), "empty", ("File 'empty.xlsx'", "no data", "right file")),
    HostileFile("empty_csv", _as_bytes("empty.csv", b""), "empty", ("File 'empty.csv'", "no data", "right file")),
    HostileFile(
        "blank_csv", _as_bytes("blank.csv", b"\xef\xbb\xbf\n , \n\t\n"), "empty", ("File 'blank.csv'", "no data"),
    ),
    HostileFile(
        "workbook_of_blank_sheets", lambda folder: write_workbook(folder / "blank.xlsx", {"CPUs": [], "GPUs": [[None]]}),
        "empty", ("File 'blank.xlsx'", "every sheet is empty", "right file"),
    ),
    HostileFile(
        "traversal_name_and_hostile_sheet_names", _hostile_sheet_names, "too_many_rows",
        ("File 'passwd.xlsx', sheet '../../etc/passwd'", "3 data rows; the limit is 2", "split the data"),
        source_name="../../etc/passwd.xlsx", limits=ReadLimits(max_rows=2), where={"sheet": "../../etc/passwd"},
    ),
    HostileFile(
        "control_characters_in_the_name", _csv("cpus.xlsx", "CPU Name\ni7\n"), "not_a_spreadsheet",
        ("File 'cpusCommitted 1000 rows.xlsx'", "plain text", "rename it to .csv"),
        source_name="..\\cpus\r\nCommitted 1000 rows\u202e.xlsx",
    ),
    HostileFile(
        "name_with_nothing_usable", lambda folder: cpu_workbook(folder / "fine.xlsx"), "bad_name",
        ("has no usable characters", "rename the file"), source_name="../../\u202e/ ..",
    ),
    *NATIVE_READER_CORPUS,
    *TEXT_CORPUS,
)

from tests.json_sources.hostile_corpus import JSON_CORPUS  # noqa: E402  (JSON sources join the corpus)

CORPUS = (*CORPUS, *JSON_CORPUS)
