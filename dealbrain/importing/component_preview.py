"""The preview's tables about components, as plain rows for every surface (UI metadata, CLI text and --json).

``created_record_rows``: each record the commit would create for an unknown
component, what it will be filled with, its review tag, what the policy
decided and which listing rows name it. ``listing_component_rows``: every
component of the listings to be written, with the record it names.
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from dealbrain.importing.created_records import rows_text
from dealbrain.importing.listing_components import COMPONENTS
from dealbrain.importing.stages.validation import ImportPreview
from dealbrain.jsonsafe import to_jsonable
from dealbrain.store.component_lists import read_components
from dealbrain.store.frames import SHEET, SOURCE_ROW


def created_record_rows(preview: ImportPreview) -> list[dict[str, Any]]:
    """One row per record to create: entity, name, filled in, needs_review, decision, named by."""
    return [
        {
            "entity": entry["entity"],
            "name": entry["name"],
            "filled_in": ", ".join(f"{k}={v}" for k, v in sorted(entry["values"].items())) or "nothing but the name",  # type: ignore[union-attr]
            "needs_review": True,
            "decision": entry["decision"],
            "named_by": rows_text(entry["rows"]),  # type: ignore[arg-type]
        }
        for entry in preview.created_records()
    ]


def listing_component_rows(preview: ImportPreview, limit: int | None = None) -> list[dict[str, Any]]:
    """The components of the listings the commit writes (inserted or updated), first ``limit`` listings."""
    listing = preview.entities.get("listing")
    if listing is None:
        return []
    plan = listing.plan
    frames = [frame for frame in (plan.inserts, plan.updates) if COMPONENTS in frame.columns]
    if not frames:
        return []
    written = pl.concat([frame.select(SHEET, SOURCE_ROW, "title", COMPONENTS) for frame in frames])
    written = written.filter(pl.col(COMPONENTS).is_not_null()).sort(SHEET, SOURCE_ROW)
    if limit is not None:
        written = written.head(limit)
    rows = []
    for sheet, row, title, text in written.iter_rows():
        for item in read_components(text):
            rows.append({
                "sheet": sheet, "row": row, "listing": title, "component_type": item["component_type"],
                "name": item["name"], "quantity": item["quantity"], "record": item.get("record"),
                "metadata": json.dumps(to_jsonable(item.get("metadata") or {}), sort_keys=True),
            })
    return rows
