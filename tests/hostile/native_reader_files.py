"""Hostile workbooks for the native reader, built by hand: far cells hidden from the old guard, text amplification.

Each builder takes the folder to write into and returns the path, like every
builder of the corpus. They are small files that would make calamine ask
for hundreds of gigabytes, or copy one long text into every cell.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.hostile.handmade_xlsx import (
    HandmadeSheet,
    cell,
    cpu_sheet_rows,
    row,
    shared_cell,
    write_handmade,
)

FAR_CELL = "XFD1048576"
LONG_TEXT_CHARS = 32_000
AMPLIFYING_CELLS = 200_000


def _far_row(quote: str = '"') -> str:
    return row(1_048_576, [cell(FAR_CELL, "oops", quote)], quote)


FAR_CELL_SHEETS: dict[str, HandmadeSheet] = {
    "dimension_that_lies": HandmadeSheet([*cpu_sheet_rows(), _far_row()], dimension="A1:D4"),
    "no_dimension": HandmadeSheet([*cpu_sheet_rows(), _far_row()]),
    "dimension_past_the_head": HandmadeSheet(
        [*cpu_sheet_rows(), _far_row()], dimension=f"A1:{FAR_CELL}", head_padding=70_000
    ),
    "single_quoted_attributes": HandmadeSheet(
        [*cpu_sheet_rows(quote="'"), _far_row("'")], dimension=f"A1:{FAR_CELL}", quote="'"
    ),
    "sheet_outside_worksheets": HandmadeSheet(
        [*cpu_sheet_rows(), _far_row()], dimension=f"A1:{FAR_CELL}", part="xl/data/cpus.xml"
    ),
}
"""A real value in the last cell of the sheet, each time hidden from a guard that trusted ``<dimension>``."""


def far_cell_workbook(kind: str) -> Callable[[Path], Path]:
    return lambda folder: write_handmade(folder / f"{kind}.xlsx", FAR_CELL_SHEETS[kind])


def amplified_shared_string(folder: Path) -> Path:
    """One 32,000-character shared string shown by 200,000 cells: about 1.5 MB, 6.4 billion characters."""
    header = row(1, [cell("A1", "CPU Name"), cell("B1", "Notes")])
    rows = [
        row(number, [cell(f"A{number}", f"cpu {number}"), shared_cell(f"B{number}", 0)])
        for number in range(2, AMPLIFYING_CELLS + 2)
    ]
    sheet = HandmadeSheet([header, *rows], shared_strings=["x" * LONG_TEXT_CHARS])
    return write_handmade(folder / "amplified.xlsx", sheet)


def fifty_million_cell_rectangle(folder: Path) -> Path:
    """Two values, in A1 and AU1048576: a 2 KB file whose cells span 49,283,072 cells."""
    sheet = HandmadeSheet([row(1, [cell("A1", "CPU Name")]), row(1_048_576, [cell("AU1048576", "far")])])
    return write_handmade(folder / "rectangle.xlsx", sheet)


def many_cpu_rows(count: int) -> Callable[[Path], Path]:
    """An honest workbook of ``count`` CPU rows, big enough to take the reader a while."""
    return lambda folder: write_handmade(folder / f"cpus-{count}.xlsx", HandmadeSheet(numbered_cpu_rows(count)))


def numbered_cpu_rows(count: int) -> list[str]:
    """``cpu_sheet_rows(count)``'s XML, written straight for these values (plain text, nothing to escape).

    The general builder spends seconds per million rows escaping values;
    a million of these take about one.
    """
    header = cpu_sheet_rows(0)[0]
    return [header, *(
        f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>Intel Core i7-{8698 + r}</t></is></c>'
        f'<c r="B{r}" t="inlineStr"><is><t>Intel</t></is></c><c r="C{r}"><v>6</v></c><c r="D{r}"><v>12</v></c></row>'
        for r in range(2, count + 2)
    )]
