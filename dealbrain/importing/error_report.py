"""The preview workbook: every failing row of every sheet, then every planned change and what was left out.

One file an operator downloads to check a preview before committing it:

* one sheet per source sheet with failing rows (the original rows, an
  ``errors`` column, bad cells highlighted);
* ``planned <entity>``: every record the commit inserts or updates, with its
  values after coercion (numbers stay numbers), the sheet and row it came
  from and, for updates, ``changes`` (``field: before -> after``);
* ``left out``: rows set aside as not records (notes, totals, repeated
  headers), with sheet, row, reason and text;
* ``near duplicates``: new names that nearly equal a stored record's, with the
  candidate, score and decision, and rows of the file that normalize equal.

Text that a spreadsheet would evaluate is written as text (quote prefix), as
on the failure sheets.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import polars as pl

from dealbrain.export.error_workbook import SheetErrors, TableSheet, write_error_workbook
from dealbrain.ingest import RawSheet
from dealbrain.store.frames import SHEET, SOURCE_ROW

if TYPE_CHECKING:
    from dealbrain.importing.stages.validation import ImportPreview

LOCATION = {SHEET: "sheet", SOURCE_ROW: "row"}


def failure_sheets(sheets: Sequence[RawSheet], failures: pl.DataFrame) -> list[SheetErrors]:
    """The original failing rows of ``sheets`` with their reasons."""
    reports = []
    for sheet in sheets:
        failing = failures.filter(pl.col(SHEET) == sheet.name)
        if not failing.is_empty():
            reports.append(SheetErrors(sheet=sheet.name, raw_rows=sheet.frame, failures=failing.select(SOURCE_ROW, "column", "reason")))
    return reports


def preview_tables(preview: ImportPreview) -> list[TableSheet]:
    """The planned changes, the rows left out and the likely duplicates, one table each."""
    tables = [TableSheet(f"planned {entity}", rows) for entity, rows in preview.planned_rows().items()]
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
    failures = failure_sheets([sheet.source for sheet in preview.sheets], preview.failures)
    tables = preview_tables(preview)
    if not failures and not tables:
        return None
    return write_error_workbook(path, failures, tables)
