"""From a grid of raw text cells to a tidy sheet: header found, blanks dropped, columns named.

Both readers (xlsx and delimited text) produce the same raw grid: a
``__source_row__`` column followed by one string column per source column,
named by its letter. Everything after that is shared and lives here.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from dealbrain.ingest.cell_limits import (
    check_cell_sizes,
    check_header_cell_sizes,
    check_row_and_column_counts,
)
from dealbrain.ingest.column_naming import name_columns
from dealbrain.ingest.header_detection import HEADER_SEARCH_ROWS, find_header_row
from dealbrain.ingest.limits import ReadLimits
from dealbrain.ingest.raw_sheet import SOURCE_ROW, RawSheet, empty_frame

_HAS_VALUE = "__has_value__"


@dataclass(frozen=True)
class ShapingContext:
    """Where a grid came from, for limits and for messages that name the place."""

    file: str
    sheet: str | None
    """Sheet name to use in error messages (None for CSV, which has no sheets)."""
    limits: ReadLimits
    cell_hint: str = ""
    """Extra advice when a cell is too large (CSV: an unclosed quote is the usual cause)."""


def shape_sheet(
    name: str,
    grid: pl.DataFrame,
    letters: list[str],
    context: ShapingContext,
    notes: list[str] | None = None,
) -> RawSheet:
    """Find the header, drop blank rows and columns, name the columns and check limits."""
    notes = list(notes or [])
    cleaned = grid.with_columns(trimmed_or_null(letter) for letter in letters).with_columns(
        has_any_value(letters).alias(_HAS_VALUE)
    )
    filled = cleaned.filter(pl.col(_HAS_VALUE))
    if filled.height == 0:
        notes.append("the sheet is empty")
        return RawSheet(name, empty_frame(), 0, notes)

    candidates = filled.head(HEADER_SEARCH_ROWS)
    choice = find_header_row(candidates.select(letters).rows())
    header_row = int(candidates.get_column(SOURCE_ROW)[choice.index])
    header_cells = list(candidates.select(letters).row(choice.index))
    check_header_cell_sizes(
        header_cells, letters, header_row, context.limits, file=context.file, sheet=context.sheet
    )
    first_row = int(grid.get_column(SOURCE_ROW)[0])
    skipped_above = filled.filter(pl.col(SOURCE_ROW) < header_row).height
    notes.extend(_header_notes(header_row, first_row, skipped_above, choice.confident))

    below = cleaned.filter(pl.col(SOURCE_ROW) > header_row)
    data = below.filter(pl.col(_HAS_VALUE))
    if below.height > data.height:
        notes.append(_count_phrase(below.height - data.height, "blank row") + " dropped")

    header_by_letter = dict(zip(letters, header_cells))
    kept = _columns_with_content(data, letters, header_cells)
    check_row_and_column_counts(
        data.height, len(kept), context.limits, file=context.file, sheet=context.sheet
    )
    kept_set = set(kept)
    dropped = [letter for letter in letters if letter not in kept_set]
    if dropped:
        notes.append(_dropped_columns_note(dropped))
    naming = name_columns([header_by_letter[letter] for letter in kept], kept)
    notes.extend(naming.notes)
    frame = data.select(
        pl.col(SOURCE_ROW).cast(pl.Int64),
        *(pl.col(letter).alias(column) for letter, column in zip(kept, naming.names)),
    )
    check_cell_sizes(
        frame, context.limits, file=context.file, sheet=context.sheet, hint=context.cell_hint
    )
    return RawSheet(name, frame, header_row, notes, letters=list(kept))


def trimmed_or_null(column: str) -> pl.Expr:
    return pl.col(column).str.strip_chars().replace("", None).alias(column)


def has_any_value(letters: list[str]) -> pl.Expr:
    if not letters:
        return pl.lit(False)
    return pl.any_horizontal(pl.col(letter).is_not_null() for letter in letters)


def _columns_with_content(
    data: pl.DataFrame, letters: list[str], header_cells: list[str | None]
) -> list[str]:
    if data.height == 0:
        return [letter for letter, cell in zip(letters, header_cells) if cell is not None]
    counts = data.select(pl.col(letters).count()).row(0)
    return [
        letter
        for letter, cell, count in zip(letters, header_cells, counts)
        if cell is not None or count > 0
    ]


def _header_notes(header_row: int, first_row: int, skipped_above: int, confident: bool) -> list[str]:
    if not confident:
        return [f"no row looked clearly like a header; used row {header_row}, the first row with values"]
    if header_row == first_row:
        return []
    single = header_row - 1 == first_row
    rows_above = _row_range(first_row, header_row - 1)
    if skipped_above:
        tail = "looks like a title and was skipped" if single else "look like a title and were skipped"
        return [f"header found on row {header_row}; {rows_above} {tail}"]
    tail = "above it was skipped" if single else "above it were skipped"
    return [f"header found on row {header_row}; the blank {rows_above} {tail}"]


def _row_range(first: int, last: int) -> str:
    return f"row {first}" if first == last else f"rows {first}-{last}"


def _count_phrase(count: int, noun: str) -> str:
    return f"{count:,} {noun}" + (" was" if count == 1 else "s were")


def _dropped_columns_note(letters: list[str]) -> str:
    shown = ", ".join(letters[:10]) + (f" and {len(letters) - 10} more" if len(letters) > 10 else "")
    return _count_phrase(len(letters), "empty column") + f" dropped ({shown})"
