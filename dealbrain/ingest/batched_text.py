"""Reading a large CSV or TSV in batches of records, each shaped exactly as `csv_reader` shapes a whole file.

A file of at least ``ReadLimits.batch_above_bytes`` is not read whole. Its
first part (``HEAD_BYTES``, cut at a line end) is read by `read_delimited_bytes`
as a file of its own: that finds the encoding, the separator, the header,
which columns hold data and their names, and gives the first rows the later
stages infer and sample from. Then `DelimitedBatches` reads the whole file
again in blocks of whole records (`record_blocks`, ``batch_block_bytes``
each, parsed by polars) and gives them ``batch_rows`` records at a time: cells
trimmed, blank rows dropped, the same columns named the same way,
``__source_row__`` the line each record starts on, the cell and row limits
checked as it goes. Memory is one batch and one block, whatever the file's
size (polars' own streaming reader holds more the larger the file is).

Only UTF-8 files are read in batches (with or without a byte-order mark):
another encoding is re-encoded whole, as before. What a batched read cannot
know from the first part is said in the sheet's notes: a column with neither
a header nor a value there is not read. A later record with more values than
the first part has columns is refused with its row.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import polars as pl

from dealbrain.ingest.cell_limits import check_cell_sizes, check_row_and_column_counts
from dealbrain.ingest.csv_reader import read_delimited_bytes, record_start_lines, unparseable
from dealbrain.ingest.delimited_width import first_record_wider_than
from dealbrain.ingest.errors import FileRejected
from dealbrain.ingest.limits import MB, ReadLimits
from dealbrain.ingest.names import column_letter
from dealbrain.ingest.raw_sheet import SOURCE_ROW, RawSheet, Workbook
from dealbrain.ingest.record_blocks import record_blocks
from dealbrain.ingest.sheet_shaping import has_any_value, trimmed_or_null

HEAD_BYTES = 1 * MB
"""How much of a large file is read whole to find its format, header and columns."""
_UTF8 = ("UTF-8", "UTF-8 with BOM")
_HAS_VALUE = "__has_value__"


@dataclass
class DelimitedBatches:
    """Every record of a delimited file after its header, ``batch_rows`` at a time (see the module docstring)."""

    path: Path
    file: str
    separator: str
    width: int
    header_row: int
    letters: list[str]
    names: list[str]
    limits: ReadLimits
    batch_rows: int

    def __iter__(self) -> Iterator[pl.DataFrame]:
        grid = [column_letter(index) for index in range(self.width)]
        next_line, rows = 1, 0
        for cells in self._records(grid):
            located = cells.select(record_start_lines(grid, True), *grid)
            located = located.with_columns(pl.col(SOURCE_ROW) + (next_line - 1))
            next_line = self._next_line(located, grid, next_line)
            batch = self._shaped(located)
            rows += batch.height
            check_row_and_column_counts(rows, len(self.names), self.limits, file=self.file, sheet=None)
            yield batch

    def _records(self, grid: list[str]) -> Iterator[pl.DataFrame]:
        """Every record (header and title rows included) as text cells named by ``grid``, ``batch_rows`` at a time."""
        schema = {letter: pl.String for letter in grid}
        block_bytes = self.limits.batch_block_bytes
        max_record_bytes = self.limits.max_cell_chars * 4 * self.width + block_bytes  # 4 bytes per UTF-8 character
        pending: list[pl.DataFrame] = []
        held = lines_before = 0
        blocks = record_blocks(self.path, self.file, quote='"', max_record_bytes=max_record_bytes, block_bytes=block_bytes)
        for block in blocks:
            try:
                cells = pl.read_csv(
                    block, has_header=False, separator=self.separator, quote_char='"', schema=schema,
                    missing_columns="insert", raise_if_empty=False,
                )
            except pl.exceptions.PolarsError as error:
                raise self._unreadable(block, lines_before, error) from None
            lines_before += block.count(b"\n")
            pending.append(cells)
            held += cells.height
            while held >= self.batch_rows:
                records = pl.concat(pending, how="vertical", rechunk=False)
                yield records.slice(0, self.batch_rows)
                pending, held = [records.slice(self.batch_rows)], held - self.batch_rows
        if held:
            yield pl.concat(pending, how="vertical")

    def _unreadable(self, block: bytes, lines_before: int, error: pl.exceptions.PolarsError) -> FileRejected:
        """Why ``block`` (after ``lines_before`` lines) does not parse: a record wider than the first part, or polars' reason."""
        wide = first_record_wider_than(block, self.separator, self.width) if "more fields" in str(error) else None
        if wide is None:
            return unparseable(self.file, error)
        line, fields = wide
        return FileRejected(
            f"the row has {fields:,} values, more than the {self.width:,} columns of the file's first part "
            "(a file this large is read in batches, with the columns its first part has)",
            reason="wider_than_header",
            fix="put quotes around a value that holds the separator, or remove the extra values, and save the file again",
            file=self.file,
            row=lines_before + line,
        )

    @staticmethod
    def _next_line(located: pl.DataFrame, grid: list[str], next_line: int) -> int:
        """The line the record after this batch starts on (records may span lines)."""
        if located.height == 0:
            return next_line
        embedded = located.select(
            pl.sum_horizontal(pl.col(c).str.count_matches("\n", literal=True).fill_null(0) for c in grid).sum()
        ).item()
        return next_line + located.height + int(embedded or 0)

    def _shaped(self, located: pl.DataFrame) -> pl.DataFrame:
        cleaned = located.with_columns(trimmed_or_null(letter) for letter in self.letters)
        data = cleaned.filter((pl.col(SOURCE_ROW) > self.header_row) & has_any_value(self.letters))
        frame = data.select(
            pl.col(SOURCE_ROW).cast(pl.Int64), *(pl.col(letter).alias(name) for letter, name in zip(self.letters, self.names))
        )
        check_cell_sizes(frame, self.limits, file=self.file, sheet=None)
        return frame


def _head(path: Path) -> bytes | None:
    """The file's first part up to its last line end within ``HEAD_BYTES`` (None: no line end there)."""
    with path.open("rb") as stream:
        head = stream.read(HEAD_BYTES)
    end = head.rfind(b"\n")
    return head[: end + 1] if end > 0 else None


def read_delimited_in_batches(path: Path, file: str, declared_format: str, limits: ReadLimits) -> Workbook | None:
    """The file as a one-sheet workbook read in batches, or None when it must be read whole (see the docstring)."""
    head = _head(path)
    if head is None or (b"\r" in head and b"\r\n" not in head):
        return None
    delimited = read_delimited_bytes(head, file, declared_format, limits)
    sheet = delimited.sheet
    if delimited.encoding not in _UTF8 or sheet.is_empty or sheet.frame.height == 0:
        return None
    if len(sheet.letters) != len(sheet.columns):
        raise FileRejected(  # shaping names every kept column; anything else is a bug, not the user's file
            "the file's columns could not be matched to its header", reason="corrupt", fix="save the file again as CSV", file=file,
        )
    batches = DelimitedBatches(
        path, file, delimited.separator, delimited.width, sheet.header_row, sheet.letters, sheet.columns,
        limits, limits.batch_rows,
    )
    note = (f"read in batches of {limits.batch_rows:,} rows (the file is larger than {limits.batch_above_bytes:,} bytes); "
            "columns are those of the file's first part")
    shaped = replace(sheet, notes=[*sheet.notes, note], batches=batches)
    return Workbook(file, delimited.format, [shaped])


def reads_in_batches(path: Path, declared_format: str, limits: ReadLimits) -> bool:
    """Whether a file of this format and size is read in batches."""
    return declared_format in ("csv", "tsv", "text") and path.stat().st_size >= limits.batch_above_bytes


def is_batched(sheet: RawSheet) -> bool:
    return sheet.batches is not None
