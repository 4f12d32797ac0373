"""Reading a large JSON Lines file in batches of records, each shaped as `json_reader` shapes the whole file.

The first ``batch_rows`` records are read as a sheet of their own: their
members name the columns the stages infer, map and sample from. Then
`JsonLinesBatches` reads the file again, line by line (`each_line_value`),
``batch_rows`` records at a time, numbering rows by record as the whole-file
reader does. A member that no record of the first batch has is refused with
the line it is on (a batched read cannot add a column after the mapping was
made), and the message says how to import the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import polars as pl

from dealbrain.ingest.cell_limits import check_row_and_column_counts
from dealbrain.ingest.errors import FileRejected
from dealbrain.ingest.json_lines import each_line_value
from dealbrain.ingest.json_reader import _add_line_record, max_value_chars
from dealbrain.ingest.json_sheet_builder import RecordSheetBuilder
from dealbrain.ingest.limits import ReadLimits
from dealbrain.ingest.raw_sheet import SOURCE_ROW, RawSheet, Workbook


@dataclass
class JsonLinesBatches:
    """Every record of a JSON Lines file, ``batch_rows`` at a time, in the columns of the first batch."""

    path: Path
    file: str
    names: list[str]
    limits: ReadLimits
    batch_rows: int

    def __iter__(self) -> Iterator[pl.DataFrame]:
        before, values = 0, []
        for line, value in each_line_value(self.path, self.file, max_value_chars(self.limits)):
            values.append((line, value))
            if len(values) == self.batch_rows:
                yield self._batch(values, before)
                before, values = before + len(values), []
        if values:
            yield self._batch(values, before)

    def _batch(self, values: list[tuple[int, Any]], before: int) -> pl.DataFrame:
        check_row_and_column_counts(before + len(values), len(self.names), self.limits, file=self.file, sheet=None)
        sheet = _records_sheet(values, self.file, self.limits)
        extra = [name for name in sheet.columns if name not in self.names]
        if extra:
            raise FileRejected(
                f"the member {extra[0]!r} first appears after the first {self.batch_rows:,} records, which a file this "
                "large is mapped from",
                reason="late_column", file=self.file,
                fix="give the member (even empty, as null) in one of the first records, or split the file",
            )
        return sheet.frame.select(
            (pl.col(SOURCE_ROW) + before).alias(SOURCE_ROW),
            *(pl.col(name) if name in sheet.frame.columns else pl.lit(None, pl.String).alias(name) for name in self.names),
        )


def _records_sheet(values: list[tuple[int, Any]], file: str, limits: ReadLimits) -> RawSheet:
    builder = RecordSheetBuilder(file, Path(file).stem or file, limits)
    for line, value in values:
        _add_line_record(builder, value, f"line {line:,}", file)
    return builder.build(["JSON Lines: one record per line"])


def read_json_lines_in_batches(path: Path, file: str, limits: ReadLimits) -> Workbook | None:
    """The file as a one-sheet workbook read in batches (None: it has no records, so read it whole)."""
    head = []
    for item in each_line_value(path, file, max_value_chars(limits)):
        head.append(item)
        if len(head) == limits.batch_rows:
            break
    if not head:
        return None
    sheet = _records_sheet(head, file, limits)
    batches = JsonLinesBatches(path, file, sheet.columns, limits, limits.batch_rows)
    note = (f"read in batches of {limits.batch_rows:,} records (the file is larger than {limits.batch_above_bytes:,} "
            "bytes); columns are the members of the first batch")
    shaped = replace(sheet, notes=[*sheet.notes[:1], note], batches=batches)
    return Workbook(file, "jsonl", [shaped])
