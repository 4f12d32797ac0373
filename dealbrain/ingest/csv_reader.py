"""Reading a CSV, TSV or delimited .txt file as one sheet of text cells, with polars."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from dealbrain.ingest.delimited_width import widest_in_file, widest_in_sample
from dealbrain.ingest.delimiter import DELIMITER_NAMES, sniff_delimiter
from dealbrain.ingest.errors import FileRejected
from dealbrain.ingest.file_kind import is_ole2, is_zip
from dealbrain.ingest.limits import ReadLimits
from dealbrain.ingest.names import column_letter
from dealbrain.ingest.raw_sheet import SOURCE_ROW, RawSheet
from dealbrain.ingest.record_count import (
    check_header_line,
    check_record_count,
    find_lone_carriage_returns,
    lone_carriage_return_note,
    refuse_unquoted_carriage_return,
)
from dealbrain.ingest.sheet_shaping import ShapingContext, shape_sheet
from dealbrain.ingest.text_decoding import decode_to_utf8, reject_nul_bytes

_SAMPLE_BYTES = 64 * 1024
_UNCLOSED_QUOTE_HINT = 'if the cell should be short, look for an unclosed quote (") that starts there'


@dataclass(frozen=True)
class DelimitedSheet:
    """A delimited text file read as a sheet, and the format it turned out to be."""

    sheet: RawSheet
    format: str
    """``"csv"`` or ``"tsv"``."""
    separator: str = ","
    width: int = 0
    """Fields per record as read (the widest record)."""
    encoding: str = ""


def read_delimited(path: Path, file: str, declared_format: str, limits: ReadLimits) -> DelimitedSheet:
    """Read a delimited text file (``declared_format`` is ``csv``, ``tsv`` or ``text``).

    The encoding (UTF-8, UTF-8 with BOM, UTF-16 with BOM, Windows-1252) and,
    unless the file is a TSV, the separator (``, ; tab |``) are detected.
    Binary content, NUL bytes and undecodable text are refused. The single
    sheet is named after the file's stem; ``__source_row__`` is the line
    on which each record starts.
    """
    return read_delimited_bytes(path.read_bytes(), file, declared_format, limits)


def read_delimited_bytes(raw: bytes, file: str, declared_format: str, limits: ReadLimits) -> DelimitedSheet:
    """`read_delimited` on the file's bytes (the batched reader gives the first part of a large file)."""
    _refuse_workbook_content(raw[:8], file)
    decoded = decode_to_utf8(raw, file)
    del raw
    data = decoded.data
    reject_nul_bytes(data, file)
    notes = [f"text encoding detected as {decoded.encoding}"]
    if b"\n" not in data and b"\r" in data:
        data = data.replace(b"\r", b"\n")
        notes.append("lines end with a lone carriage return (old Mac style); read them as lines")
    check_header_line(data, file)
    sample = _sample_text(data)
    delimiter = "\t" if declared_format == "tsv" else sniff_delimiter(sample)
    notes.append(f"values are separated by {DELIMITER_NAMES[delimiter]} ({delimiter!r})")
    lone_returns = find_lone_carriage_returns(data)
    if lone_returns.unquoted:
        raise refuse_unquoted_carriage_return(lone_returns.unquoted[0], file)
    cells = _parse(data, delimiter, sample, limits, file)
    if lone_returns.quoted:
        check_record_count(data, cells.height, lone_returns.quoted, file)
        notes.append(lone_carriage_return_note(lone_returns.quoted))
    letters = [column_letter(index) for index in range(cells.width)]
    cells = cells.rename(dict(zip(cells.columns, letters)))
    spans_lines = _line_count(data) != cells.height
    grid = cells.select(record_start_lines(letters, spans_lines), *letters)
    context = ShapingContext(file=file, sheet=None, limits=limits, cell_hint=_UNCLOSED_QUOTE_HINT)
    sheet = shape_sheet(Path(file).stem or file, grid, letters, context, notes)
    is_tab_separated = declared_format == "tsv" or delimiter == "\t"
    return DelimitedSheet(sheet, "tsv" if is_tab_separated else "csv", delimiter, cells.width, decoded.encoding)


def _refuse_workbook_content(signature: bytes, file: str) -> None:
    if is_zip(signature):
        raise FileRejected(
            "the file is named like text (CSV/TSV) but is a zip archive, usually an Excel workbook",
            reason="not_a_spreadsheet",
            fix="if it is an Excel workbook, rename it to .xlsx; otherwise export the data as CSV",
            file=file,
        )
    if is_ole2(signature):
        raise FileRejected(
            "the file is named like text (CSV/TSV) but is an old-style or encrypted Excel file",
            reason="not_a_spreadsheet",
            fix="open it in Excel and save it as .xlsx or 'CSV UTF-8'",
            file=file,
        )


def _sample_text(data: bytes) -> str:
    if len(data) <= _SAMPLE_BYTES:
        return data.decode("utf-8", errors="ignore")
    head = data[:_SAMPLE_BYTES]
    last_newline = head.rfind(b"\n")
    if last_newline > 0:
        head = head[:last_newline]
    return head.decode("utf-8", errors="ignore")


def _parse(data: bytes, delimiter: str, sample: str, limits: ReadLimits, file: str) -> pl.DataFrame:
    """All records as strings; re-read with the whole file's width if a late record is wider."""
    try:
        return _read_with_width(data, delimiter, widest_in_sample(sample, delimiter, limits, file))
    except pl.exceptions.ComputeError as error:
        if "more fields" not in str(error):
            raise unparseable(file, error) from None
    except pl.exceptions.PolarsError:
        pass  # e.g. a first record wider than the sample: read again with the whole file's width
    try:
        return _read_with_width(data, delimiter, widest_in_file(data, delimiter, limits, file))
    except pl.exceptions.PolarsError as error:
        raise unparseable(file, error) from None


def _read_with_width(data: bytes, delimiter: str, width: int) -> pl.DataFrame:
    return pl.read_csv(
        data,
        has_header=False,
        separator=delimiter,
        quote_char='"',
        schema={f"field_{index}": pl.String for index in range(width)},
        missing_columns="insert",
        raise_if_empty=False,
    )


def _line_count(data: bytes) -> int:
    return data.count(b"\n") + (0 if data.endswith(b"\n") else 1)


def record_start_lines(letters: list[str], records_span_lines: bool) -> pl.Expr:
    """The line each record starts on; quoted fields may hold line breaks.

    When there are exactly as many lines as records, record *n* is line *n*;
    otherwise the line breaks inside each record's cells are counted.
    """
    if not records_span_lines or not letters:
        return pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias(SOURCE_ROW)
    embedded = pl.sum_horizontal(
        pl.col(letter).str.count_matches("\n", literal=True).fill_null(0) for letter in letters
    ).cast(pl.Int64)
    lines_used = embedded + 1
    return (lines_used.cum_sum() - lines_used + 1).alias(SOURCE_ROW)


def unparseable(file: str, error: Exception) -> FileRejected:
    detail = str(error).splitlines()[0] if str(error) else type(error).__name__
    return FileRejected(
        f"the text could not be parsed as delimited data ({detail})",
        reason="corrupt",
        fix="open the file in a spreadsheet program, check it, and save it again as 'CSV UTF-8'",
        file=file,
    )
