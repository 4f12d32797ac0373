"""The preview workbook: every failing row of every sheet, then every planned change and what was left out.

One file an operator downloads to check a preview before committing it:

* one sheet per source sheet with failing rows (the original rows, an
  ``errors`` column, bad cells highlighted);
* ``planned <entity>``: every record the commit inserts or updates, with its
  values after coercion (numbers stay numbers), the sheet and row it came
  from and, for updates, ``changes`` (``field: before -> after``). A plan of
  more than `PLANNED_ROWS_IN_WORKBOOK` rows for one entity is written whole
  as CSV beside the workbook (``<workbook>-planned-<entity>.csv``, formula-like
  text neutralised) and its sheet holds the first rows and says where the
  rest is: writing ten thousand rows into a workbook would take longer than
  the whole preview;
* ``left out``: rows set aside as not records (notes, totals, repeated
  headers), with sheet, row, reason and text;
* ``near duplicates``: new names that nearly equal a stored record's, with the
  candidate, score and decision, and rows of the file that normalize equal.

Text that a spreadsheet would evaluate is written as text (quote prefix), as
on the failure sheets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from dealbrain.export.error_workbook import SheetErrors, TableSheet, write_error_workbook
from dealbrain.export.safe_csv import frame_as_csv
from dealbrain.ingest import RawSheet
from dealbrain.store.frames import SHEET, SOURCE_ROW

if TYPE_CHECKING:
    from dealbrain.importing.stages.validation import ImportPreview

LOCATION = {SHEET: "sheet", SOURCE_ROW: "row"}
PLANNED_ROWS_IN_WORKBOOK = 250
"""Planned rows per entity written into the workbook; a larger plan goes whole into a CSV file beside it."""


def failure_sheets(sheets: Sequence[RawSheet], failures: pl.DataFrame) -> list[SheetErrors]:
    """The original failing rows of ``sheets`` with their reasons."""
    reports = []
    for sheet in sheets:
        failing = failures.filter(pl.col(SHEET) == sheet.name)
        if not failing.is_empty():
            reports.append(SheetErrors(sheet=sheet.name, raw_rows=sheet.frame, failures=failing.select(SOURCE_ROW, "column", "reason")))
    return reports


def planned_csv_path(workbook: Path, entity: str) -> Path:
    """Where a plan too large for the workbook is written whole."""
    return workbook.with_name(f"{workbook.stem}-planned-{entity}.csv")


def _planned_table(entity: str, rows: pl.DataFrame, workbook: Path, total: int | None = None) -> TableSheet:
    """The entity's planned rows for the workbook; beyond the limit, all of them as CSV and the first ones here.

    A plan made batch by batch keeps its first rows only (``total`` counts them all): the CSV then holds those
    and the note says so."""
    total = rows.height if total is None else total
    if rows.height <= PLANNED_ROWS_IN_WORKBOOK and total <= rows.height:
        return TableSheet(f"planned {entity}", rows)
    csv_file = planned_csv_path(workbook, entity)
    csv_file.write_bytes(frame_as_csv(rows))
    note = f"first {min(PLANNED_ROWS_IN_WORKBOOK, rows.height):,} of {total:,}; every row is in {csv_file.name}"
    if total > rows.height:
        note = (f"first {min(PLANNED_ROWS_IN_WORKBOOK, rows.height):,} of {total:,} (planned batch by batch); "
                f"the first {rows.height:,} are in {csv_file.name}")
    shown = rows.head(PLANNED_ROWS_IN_WORKBOOK).with_columns(pl.lit(None, pl.String).alias("note"))
    shown = shown.with_columns(pl.when(pl.int_range(pl.len()) == 0).then(pl.lit(note)).otherwise(None).alias("note"))
    return TableSheet(f"planned {entity}", shown.select("note", pl.all().exclude("note")))


def preview_tables(preview: ImportPreview, workbook: Path) -> list[TableSheet]:
    """The planned changes, the rows left out and the likely duplicates, one table each."""
    counts = preview.counts()
    tables = [
        _planned_table(entity, rows, workbook, counts[entity]["insert"] + counts[entity]["update"])
        for entity, rows in preview.planned_rows().items()
    ]
    set_aside = preview.set_aside_rows()
    if set_aside.height:
        tables.append(TableSheet("left out", set_aside.rename(LOCATION)))
    near = [e.near_duplicates for e in preview.entities.values() if e.near_duplicates is not None]
    stored = [r.rows.with_columns(pl.lit(r.entity).alias("entity")) for r in near if r.rows.height]
    if stored:
        tables.append(TableSheet("near duplicates", pl.concat(stored).select("entity", pl.all().exclude("entity")).rename(LOCATION)))
    within = [r.within_file.with_columns(pl.lit(r.entity).alias("entity")) for r in near if r.within_file.height]
    if within:
        tables.append(TableSheet("same part in file", pl.concat(within).select("entity", pl.all().exclude("entity")).rename(LOCATION)))
    return tables


def write_preview_workbook(preview: ImportPreview, path: Path) -> Path | None:
    """The preview workbook at ``path`` (see the module docstring), or None when it would be empty."""
    sources = [replace(s.source, frame=preview.failure_rows[s.name]) if s.name in preview.failure_rows else s.source for s in preview.sheets]
    failures = failure_sheets(sources, preview.failures)
    path.parent.mkdir(parents=True, exist_ok=True)
    tables = preview_tables(preview, path)
    if not failures and not tables:
        return None
    return write_error_workbook(path, failures, tables)
