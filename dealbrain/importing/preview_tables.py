"""The preview's row-level tables as plain data, for the CLI's text and ``--json`` (and any other surface).

The same tables as the Dagster UI and the preview workbook, cut to the first
``limit`` rows each with the total beside them: the records to insert and to
update per entity (`dealbrain.importing.planned_rows`), the rows left out as
not records, and the likely duplicates of stored records and within the file.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from dealbrain.importing.stages.validation import ImportPreview
from dealbrain.store.frames import SHEET, SOURCE_ROW

DEFAULT_ROWS = 10
LOCATION = {SHEET: "sheet", SOURCE_ROW: "row"}


def _cut(frame: pl.DataFrame, limit: int) -> dict[str, Any]:
    return {"total": frame.height, "shown": min(limit, frame.height), "rows": frame.head(limit).to_dicts()}


def planned_rows_document(preview: ImportPreview, limit: int = DEFAULT_ROWS) -> dict[str, dict[str, Any]]:
    """Entity -> ``{"insert": {total, shown, rows}, "update": {...}}``; updates carry ``record_id`` and ``changes``."""
    document = {}
    for entity, rows in preview.planned_rows().items():
        inserts = rows.filter(pl.col("action") == "insert").drop("action", "record_id", "changes")
        updates = rows.filter(pl.col("action") == "update").drop("action")
        document[entity] = {"insert": _cut(inserts, limit), "update": _cut(updates, limit)}
    return document


def preview_tables_document(preview: ImportPreview, limit: int = DEFAULT_ROWS) -> dict[str, Any]:
    """Planned rows, rows left out and likely duplicates, each cut to ``limit`` rows."""
    near = [e.near_duplicates for e in preview.entities.values() if e.near_duplicates is not None]
    stored = [r.rows.with_columns(pl.lit(r.entity).alias("entity")) for r in near if r.rows.height]
    within = [r.within_file.with_columns(pl.lit(r.entity).alias("entity")) for r in near if r.within_file.height]
    return {
        "planned_rows": planned_rows_document(preview, limit),
        "left_out_rows": _cut(preview.set_aside_rows().rename(LOCATION), limit),
        "near_duplicates": _cut(pl.concat(stored).rename(LOCATION) if stored else pl.DataFrame(), limit),
        "same_part_in_file": _cut(pl.concat(within).rename(LOCATION) if within else pl.DataFrame(), limit),
    }
