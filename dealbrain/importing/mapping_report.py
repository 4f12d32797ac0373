"""The column mapping as plain rows: the buckets per sheet and every column that will not be loaded.

One owner for how the CLI's text, its ``--json`` and the preview's summary
describe a mapping, so no surface leaves a column out without saying so.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dealbrain.importing.stages.mapping import SheetMapping
from dealbrain.mapping import Bucket


def column_row(column: Any) -> dict[str, Any]:
    return {
        "column": column.column,
        "bucket": str(column.bucket),
        "field": column.field,
        "confidence": round(column.confidence, 3),
        "loaded": column.applied,
        "rationale": column.rationale,
        "samples": list(column.samples),
    }


def mapping_buckets(sheets: Sequence[SheetMapping]) -> list[dict[str, Any]]:
    """Per sheet: its entity and the columns of each bucket (mapped, suggested, new, ignored)."""
    return [
        {
            "sheet": sheet.name,
            "entity": sheet.entity,
            "remembered_from": sheet.remembered_from,
            **{str(bucket): [column_row(c) for c in sheet.columns if c.bucket is bucket] for bucket in Bucket},
        }
        for sheet in sheets
    ]


def unloaded_columns(sheets: Sequence[SheetMapping]) -> list[dict[str, str]]:
    """Every column whose values will not be loaded, with why (awaiting acceptance, no field, ignored)."""
    return [
        {"sheet": sheet.name, "column": column.column, "bucket": str(column.bucket), "reason": reason}
        for sheet in sheets
        for column in sheet.columns
        if (reason := column.not_loaded_reason) is not None
    ]


def unloaded_warning(row: dict[str, str]) -> str:
    return f"column {row['column']!r} of sheet {row['sheet']!r} will not be loaded: {row['reason']}"
