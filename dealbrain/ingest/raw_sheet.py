"""What the ingest layer hands on: sheets of text cells with their spreadsheet row numbers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

import polars as pl

from dealbrain.frames import SOURCE_ROW
"""Column holding each row's 1-based row number as the user sees it in Excel (or its CSV line)."""


class SheetBatches(Protocol):
    """A sheet's rows read lazily: each batch is shaped like ``RawSheet.frame``; reading again starts over."""

    batch_rows: int

    def __iter__(self) -> Iterator[pl.DataFrame]: ...


@dataclass
class RawSheet:
    """One sheet's data as text, with the header already found and named.

    ``frame`` has ``__source_row__`` (Int64) first, then one ``pl.String``
    column per source column named by its (disambiguated) header. Cells are
    trimmed; empty cells are null. ``header_row`` is the header's 1-based row
    (0 for an empty sheet). ``notes`` say, in plain sentences, what was fixed.
    """

    name: str
    frame: pl.DataFrame
    header_row: int
    notes: list[str] = field(default_factory=list)
    cell_issues: pl.DataFrame | None = None
    """Cells found unreadable while shaping (e.g. malformed JSON in a JSON column): row failures
    with ``__source_row__``, ``column``, ``field``, ``raw_value``, ``reason``; None when there are none."""
    set_aside: pl.DataFrame | None = None
    """Rows left out of ``frame`` as not records (see `dealbrain.ingest.non_data_rows`):
    ``__source_row__``, ``reason``, ``text``; None when there are none."""
    letters: list[str] = field(default_factory=list)
    """The grid column (letter) each data column was read from, in order (empty when not known)."""
    batches: SheetBatches | None = None
    """Set when the file is read in batches (`dealbrain.ingest.batched_text`): ``frame`` then holds the
    first rows only (for inference, mapping and samples) and ``batches`` yields every row, batch by batch."""

    @property
    def columns(self) -> list[str]:
        """The data column names, without ``__source_row__``."""
        return [name for name in self.frame.columns if name != SOURCE_ROW]

    @property
    def is_empty(self) -> bool:
        """True when the sheet has no header (nothing was found on it)."""
        return self.header_row == 0


@dataclass
class Workbook:
    """Every sheet of an upload; a CSV or TSV has exactly one, named after the file."""

    source_name: str
    format: str
    """``"xlsx"``, ``"csv"``, ``"tsv"``, ``"json"`` or ``"jsonl"``."""
    sheets: list[RawSheet]

    def sheet(self, name: str) -> RawSheet:
        """The sheet with this exact name."""
        for sheet in self.sheets:
            if sheet.name == name:
                return sheet
        raise KeyError(f"{self.source_name!r} has no sheet named {name!r}")


def empty_frame() -> pl.DataFrame:
    """A sheet frame with no rows and no data columns."""
    return pl.DataFrame(schema={SOURCE_ROW: pl.Int64})
