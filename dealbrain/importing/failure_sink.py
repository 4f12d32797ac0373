"""Row failures of a file read in batches: the first ones kept to show, every one counted and, past that, on disk.

A preview shows `SHOWN_FAILURES` failures and the original rows they came
from (for the error workbook). When a file has more, every failure is written
as CSV beside the error workbook (formula-like text neutralised, as the
workbook does), batch by batch, so a file failing on millions of rows costs
the memory of one batch.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from dealbrain.export.safe_csv import frame_as_csv
from dealbrain.importing.failures import FAILURE_COLUMNS
from dealbrain.store.frames import SHEET, SOURCE_ROW

SHOWN_FAILURES = 10_000
"""Failures a preview keeps in memory, shows and writes into the error workbook."""


class FailureSink:
    """Failures added batch by batch; see the module docstring."""

    def __init__(self, csv_path: Path, shown: int = SHOWN_FAILURES) -> None:
        self.csv_path = csv_path
        self.limit = shown
        self.total = 0
        self._shown: list[pl.DataFrame] = []
        self._raw: dict[str, list[pl.DataFrame]] = {}
        self._kept = 0
        self._written = False

    def add(self, failures: pl.DataFrame, raw_rows: pl.DataFrame) -> None:
        """Count ``failures`` (of one batch), keep the first ones with their ``raw_rows``, spill every one to CSV
        once there are more than are shown."""
        if failures.is_empty():
            return
        earlier = list(self._shown)
        self.total += failures.height
        room = self.limit - self._kept
        if room > 0:
            kept = failures.head(room)
            self._shown.append(kept)
            self._kept += kept.height
            for sheet in kept[SHEET].unique().to_list():
                rows = kept.filter(pl.col(SHEET) == sheet)[SOURCE_ROW].unique().implode()
                self._raw.setdefault(sheet, []).append(raw_rows.filter(pl.col(SOURCE_ROW).is_in(rows)))
        if self.total <= self.limit:
            return
        if not self._written:  # the failures of earlier batches first, so the file holds every one in order
            self.csv_path.parent.mkdir(parents=True, exist_ok=True)
            self.csv_path.write_bytes(frame_as_csv(pl.concat([*earlier, failures], how="vertical")))
            self._written = True
            return
        with self.csv_path.open("ab") as stream:
            stream.write(frame_as_csv(failures).split(b"\n", 1)[1])

    @property
    def shown(self) -> pl.DataFrame:
        return pl.concat([pl.DataFrame(schema=FAILURE_COLUMNS), *self._shown], how="vertical")

    def raw_rows(self, sheet: str) -> pl.DataFrame | None:
        """The original rows of ``sheet`` the shown failures came from (None: none failed)."""
        parts = self._raw.get(sheet)
        return pl.concat(parts, how="diagonal_relaxed") if parts else None

    @property
    def csv_file(self) -> Path | None:
        """The CSV of every failure, when there are more than are shown."""
        return self.csv_path if self._written else None
