"""The validated preview's decision tables and sections, each a metadata entry (or a few) of its materialization.

Tables are Dagster table metadata, shown inline at any length; what is said
about a table goes beside it as short Markdown (`with_notes`). Sections of
several sub-tables (conflicts, near duplicates) stay Markdown.
"""

from __future__ import annotations

from typing import Any

import dagster as dg
import polars as pl

from assets.presentation import (
    frame_markdown,
    frame_table,
    markdown,
    records_table,
    rows_not_shown,
    split_list_column,
    with_notes,
)
from dealbrain.importing.stages.validation import ImportPreview
from dealbrain.store.frames import RECORD_ID, SHEET, SOURCE_ROW

Metadata = dict[str, Any]
COUNT = "integer"
PLANNED_ROWS_SHOWN = 25
"""Planned inserts and updates shown per entity in the UI; the preview workbook lists every one."""
ROWS_SHOWN = 50
"""Rows shown of the failing rows, the component matches, the left-out rows and the listings' components."""
UNKNOWN_CHOICE_COLUMNS = ["sheet", "column", "field", "value", "rows", "closest"]


def changes_table(preview: ImportPreview) -> dg.MetadataValue:
    """Per entity the counts of what the commit does, duplicates named by what the policy in force does to them."""
    rows = []
    for name, counts in preview.counts().items():
        duplicates = preview.entities[name].duplicates
        shown = {key: value for key, value in counts.items() if key != "duplicates"}
        rows.append({"entity": name} | shown | {duplicates.count_label: duplicates.rows.height if duplicates.blocking else counts["duplicates"]})
    columns = list(dict.fromkeys(key for row in rows for key in row))
    return records_table(rows, columns, dict.fromkeys(columns[1:], COUNT), empty="_no entities_")


def conflicts_markdown(preview: ImportPreview) -> str:
    """Per entity: each conflicting record's changed fields, before → after, and the decision taken."""
    sections = []
    for name, entity in preview.entities.items():
        resolution = entity.conflicts
        if not resolution.conflicts:
            continue
        decided = ", ".join(f"{policy}: {count}" for policy, count in resolution.decided.items()) or "none"
        lines = [f"### {name}: {resolution.conflicts} conflict(s); decided {decided}"]
        if resolution.undecided:
            lines.append(f"**Undecided: {', '.join(resolution.undecided[:20])}**")
        lines.append(frame_markdown(resolution.diffs.drop(RECORD_ID), 50))
        sections.append("\n\n".join(lines))
    return "\n\n".join(sections) or "_no conflicts_"


def component_entries(preview: ImportPreview) -> Metadata:
    """How listings' CPU, GPU and ports profile names were matched, needs-review and unmatched first; beside the
    table, the records the commit will create (or would, were it not for ``on_unknown_component``)."""
    listing = preview.entities.get("listing")
    if listing is None or listing.components.matches.is_empty():
        return {"component_matches": markdown("_no component references_")}
    order = {"unmatched": 0, "needs_review": 1, "auto": 2}
    matches = split_list_column(listing.components.matches.sort(pl.col("status").replace_strict(order, default=3), SOURCE_ROW), "candidates")
    notes = rows_not_shown(matches, ROWS_SHOWN)
    for decision, verb in (("create", "Will create"), ("blocked", "Would create, blocked by on_unknown_component")):
        by_entity: dict[str, list[str]] = {}
        for entry in preview.created_records():
            if entry["decision"] == decision:
                by_entity.setdefault(str(entry["entity"]), []).append(str(entry["name"]))
        notes += [f"{verb} {entity}: {', '.join(names)}" for entity, names in by_entity.items()]
    return with_notes("component_matches", frame_table(matches, ROWS_SHOWN), notes)


def unknown_choice_entries(preview: ImportPreview) -> Metadata:
    """Choice values matching no option, with the closest option and how many rows carry each, and what to do."""
    rows = [row | {"closest": row["closest"] or "(none close)"} for sheet in preview.sheets for row in sheet.unknown_choices]
    if not rows:
        return {"unknown_choices": markdown("_every choice value matches an option_")}
    hint = "These rows fail validation until mapped: add them to `value_mappings` (see `next_try_run_config`)."
    return with_notes("unknown_choices", records_table(rows, UNKNOWN_CHOICE_COLUMNS, {"rows": COUNT}), [hint])


def duplicate_entries(preview: ImportPreview) -> Metadata:
    """Every repeated row of every entity in one table, and each entity's headline (what the policy does) beside it."""
    reports = [e.duplicates for e in preview.entities.values() if e.duplicates.rows.height]
    if not reports:
        return {"duplicates": markdown("_no duplicates_")}
    rows = pl.concat([report.table().select(pl.lit(report.entity).alias("entity"), pl.all()) for report in reports])
    return with_notes("duplicates", frame_table(rows, None), [f"{report.headline}." for report in reports])


def planned_row_entries(preview: ImportPreview, limit: int = PLANNED_ROWS_SHOWN) -> Metadata:
    """Per entity and action a table of the first ``limit`` records with their values and changes, keyed
    ``planned_rows: <entity> <action>`` (their columns differ), under a one-line count in ``planned_rows``."""
    tables, counts = {}, []
    for entity, rows in preview.planned_rows().items():
        for action in ("insert", "update"):
            chosen = rows.filter(pl.col("action") == action).drop("action")
            if chosen.is_empty():
                continue
            chosen = chosen.drop("record_id", "changes") if action == "insert" else chosen
            shown = chosen.select(col for col in chosen.columns if col in ("sheet", "row") or chosen[col].null_count() < chosen.height)
            tables[f"planned_rows: {entity} {action}"] = frame_table(shown, limit)
            hidden = f" ({chosen.height - limit} more row(s) not shown)" if chosen.height > limit else ""
            counts.append(f"{entity}: {chosen.height} to {action}{hidden}")
    if not tables:
        return {"planned_rows": markdown("_nothing to write_")}
    return {"planned_rows": markdown("; ".join(counts) + ". _Every planned row is in the preview workbook (`error_workbook`)._"), **tables}


def near_duplicates_markdown(preview: ImportPreview) -> str:
    """Per entity: new names nearly equal to stored records (with the decision), and rows naming the same part."""
    sections = []
    for name, entity in preview.entities.items():
        report = entity.near_duplicates
        if report is None:
            continue
        if report.rows.height:
            shown = report.rows.with_columns(pl.col("decision").fill_null("undecided (blocks)"))
            sections.append(f"### {name}: likely duplicates of stored records\n\n{frame_markdown(shown.rename({SHEET: 'sheet', SOURCE_ROW: 'row'}), 50)}")
        if report.within_file.height:
            sections.append(
                f"### {name}: rows of this file naming the same part\n\n"
                f"{frame_markdown(report.within_file.rename({SHEET: 'sheet', SOURCE_ROW: 'row'}), 50)}"
            )
    return "\n\n".join(sections) or "_no likely duplicates_"


def failing_rows_notes(preview: ImportPreview) -> list[str]:
    """How many failing rows the table leaves out; every one is in the preview workbook."""
    hidden = preview.total_failures - min(preview.failures.height, ROWS_SHOWN)
    return [f"_{hidden} more row(s) not shown; every failing row is in the preview workbook (`error_workbook`)._"] if hidden > 0 else []
