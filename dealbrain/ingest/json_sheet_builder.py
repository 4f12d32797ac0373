"""Collecting JSON records into one sheet of text cells, within the read limits.

Each record becomes a row; its members become columns in the order they are
first seen (columns carried from a record path's labelled levels come
first). Rows are numbered by record: row 1 is the first record. Cells are
built in batches of polars frames, so a large source holds its text in
polars rather than in millions of Python strings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from dealbrain.ingest.cell_limits import check_row_and_column_counts
from dealbrain.ingest.column_naming import name_columns
from dealbrain.ingest.errors import FileRejected
from dealbrain.ingest.json_values import cell_text
from dealbrain.ingest.limits import ReadLimits
from dealbrain.ingest.names import column_letter
from dealbrain.ingest.raw_sheet import SOURCE_ROW, RawSheet, empty_frame

BATCH_ROWS = 20_000

ColumnId = tuple[str, str]
"""``("level", name)`` for carried columns, ``("record", key)`` for a record's own members."""


class RecordSheetBuilder:
    """Rows of cells added record by record, then one ``RawSheet``."""

    def __init__(self, file: str, name: str, limits: ReadLimits) -> None:
        self.file = file
        self.name = name
        self.limits = limits
        self._columns: dict[ColumnId, int] = {}
        self._batch: list[dict[int, str | None]] = []
        self._frames: list[pl.DataFrame] = []
        self.rows = 0

    def add(self, record: dict[str, Any], carried: Sequence[tuple[str, Any]], where: str) -> None:
        """Add one record (an object) with the columns carried from its parents; ``where`` names it in messages."""
        self.rows += 1
        if self.rows > self.limits.max_rows:
            check_row_and_column_counts(self.rows, len(self._columns), self.limits, file=self.file, sheet=None)
        row: dict[int, str | None] = {}
        for kind, items in (("level", carried), ("record", record.items())):
            for key, value in items:
                text = cell_text(value)
                if text is not None and len(text) > self.limits.max_cell_chars:
                    raise FileRejected(
                        f"{_place(where, self.rows)}: the value of {key!r} is too large "
                        f"({len(text):,} characters; the limit is {self.limits.max_cell_chars:,})",
                        reason="cell_too_large",
                        fix="shorten the value or leave it out of the records",
                        file=self.file,
                    )
                row[self._column(kind, key)] = text
        self._batch.append(row)
        if len(self._batch) >= BATCH_ROWS:
            self._flush()

    def build(self, notes: list[str]) -> RawSheet:
        """The sheet: ``__source_row__`` (the record number) and one text column per member seen."""
        self._flush()
        if not self._frames:
            notes.append("the source holds no records")
            return RawSheet(self.name, empty_frame(), 0, notes)
        frame = pl.concat(self._frames, how="diagonal")
        ids = list(self._columns)
        letters = [column_letter(index) for index in range(len(ids))]
        naming = name_columns([name for _, name in ids], letters)
        notes.extend(naming.notes)
        frame = frame.select(
            pl.int_range(1, pl.len() + 1, dtype=pl.Int64).alias(SOURCE_ROW),
            *(
                (pl.col(f"c{index}") if f"c{index}" in frame.columns else pl.lit(None, pl.String)).alias(column)
                for index, column in enumerate(naming.names)
            ),
        )
        notes.append(f"{_row_phrase(frame.height, plural=True)} read; rows are numbered by record (row 1 is the first)")
        return RawSheet(self.name, frame, 1, notes)

    def _column(self, kind: str, key: str) -> int:
        column_id = (kind, key)
        index = self._columns.get(column_id)
        if index is None:
            index = len(self._columns)
            self._columns[column_id] = index
            if len(self._columns) > self.limits.max_columns:
                check_row_and_column_counts(0, len(self._columns), self.limits, file=self.file, sheet=None)
        return index

    def _flush(self) -> None:
        if not self._batch:
            return
        width = len(self._columns)
        data = {f"c{index}": [row.get(index) for row in self._batch] for index in range(width)}
        self._frames.append(pl.DataFrame(data, schema={name: pl.String for name in data}))
        self._batch = []


def _row_phrase(count: int, plural: bool = False) -> str:
    if plural:
        return f"{count:,} record" + ("" if count == 1 else "s")
    return f"record {count:,}"


def _place(where: str, row: int) -> str:
    """``where`` and the row it becomes, unless they say the same."""
    phrase = _row_phrase(row)
    return where if where == phrase else f"{where} ({phrase})"
