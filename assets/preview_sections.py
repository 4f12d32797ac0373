"""The validated preview's decision tables and sections, each a metadata entry (or a few) of its materialization.

Tables are Dagster table metadata, shown inline at any length; what is said
about a table goes beside it as short Markdown (`with_notes`). Entities share
a table when their columns agree (an ``entity`` column tells them apart) and
get one each when they differ (``planned_rows: <entity> <action>``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import dagster as dg
import polars as pl

from assets.presentation import (
    frame_table,
    markdown,
    records_table,
    rows_not_shown,
    split_list_column,
    with_notes,
)
from dealbrain.importing.rerun_config import MAX_CHOICES, open_choices
from dealbrain.importing.stages.validation import ImportPreview
from dealbrain.store.frames import RECORD_ID, SOURCE_ROW

Metadata = dict[str, Any]
COUNT = "integer"
PLANNED_ROWS_SHOWN = 25
"""Planned inserts and updates shown per entity in the UI; the preview workbook lists every one."""
ROWS_SHOWN = 50
"""Rows shown of the failing rows, the component matches, the left-out rows and the listings' components."""
UNKNOWN_CHOICE_COLUMNS = ["sheet", "column", "field", "value", "rows", "closest"]
OPEN_DECISION_COLUMNS = ["option", "where", "choice", "why"]
CONVERSION_COLUMNS = ["sheet", "field", "note"]
UNDECIDED = "undecided (blocks)"


def changes_table(preview: ImportPreview) -> dg.MetadataValue:
    """Per entity the counts of what the commit does, duplicates named by what the policy in force does to them."""
    rows = []
    for name, counts in preview.counts().items():
        duplicates = preview.entities[name].duplicates
        shown = {key: value for key, value in counts.items() if key != "duplicates"}
        rows.append({"entity": name} | shown | {duplicates.count_label: duplicates.rows.height if duplicates.blocking else counts["duplicates"]})
    columns = list(dict.fromkeys(key for row in rows for key in row))
    return records_table(rows, columns, dict.fromkeys(columns[1:], COUNT), empty="_no entities_")


def conflict_entries(preview: ImportPreview) -> Metadata:
    """Every conflicting record's changed fields, before and after, with the decision taken (undecided first), in
    one table ``conflicts`` (its columns are the same for every entity); beside it each entity's tally."""
    diffs, notes = [], []
    for name, entity in preview.entities.items():
        resolution = entity.conflicts
        if not resolution.conflicts:
            continue
        diffs.append(resolution.diffs.select(pl.lit(name).alias("entity"), pl.all().exclude(RECORD_ID)))
        decided = ", ".join(f"{policy}: {count}" for policy, count in resolution.decided.items()) or "none"
        blocking = f"; **{len(resolution.undecided)} undecided** (block the commit)" if resolution.undecided else ""
        notes.append(f"{name}: {resolution.conflicts} conflict(s); decided {decided}{blocking}.")
    if not diffs:
        return {"conflicts": markdown("_no conflicts_")}
    rows = pl.concat(diffs, how="diagonal_relaxed").with_columns(pl.col("decision").fill_null(UNDECIDED))
    rows = rows.sort(pl.col("decision") != UNDECIDED, maintain_order=True)
    return with_notes("conflicts", frame_table(rows, ROWS_SHOWN), [*notes, *rows_not_shown(rows, ROWS_SHOWN)])


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


def near_duplicate_entries(preview: ImportPreview) -> Metadata:
    """New names nearly equal to stored records, with the decision (``near_duplicates``), and rows of this file
    naming the same part (``near_duplicates_within_file``): one table each, every entity in it."""
    reports = [entity.near_duplicates for entity in preview.entities.values() if entity.near_duplicates is not None]
    stored = [report.rows.select(pl.lit(report.entity).alias("entity"), pl.all()) for report in reports if report.rows.height]
    within = [report.within_file.select(pl.lit(report.entity).alias("entity"), pl.all()) for report in reports if report.within_file.height]
    if not stored and not within:
        return {"near_duplicates": markdown("_no likely duplicates_")}
    entries: Metadata = {"near_duplicates": markdown("_no likely duplicates of stored records_")}
    if stored:
        rows = pl.concat(stored).with_columns(pl.col("decision").fill_null(UNDECIDED))
        entries |= with_notes("near_duplicates", frame_table(rows, ROWS_SHOWN), rows_not_shown(rows, ROWS_SHOWN))
    if within:
        rows = pl.concat(within)
        entries |= with_notes("near_duplicates_within_file", frame_table(rows, ROWS_SHOWN), rows_not_shown(rows, ROWS_SHOWN))
    return entries


def open_decision_entries(preview: ImportPreview) -> Metadata:
    """Each decision the preview leaves open as a row: the option it belongs to, where it applies, the line to
    uncomment in ``next_try_run_config`` and why it is offered. The YAML stays the thing to copy; this table shows
    its choices inline (the YAML of a blocked preview is long and hides behind "Show Markdown")."""
    rows = [
        {"option": choice.option, "where": _where(choice.value), "choice": choice.line, "why": choice.why}
        for choice in open_choices(preview)
    ]
    if not rows:
        return {"open_decisions": markdown("_no open decisions_")}
    hidden = len(rows) - ROWS_SHOWN
    notes = [f"_{hidden} more not shown; `next_try_run_config` lists up to {MAX_CHOICES} per option._"] if hidden > 0 else []
    return with_notes("open_decisions", records_table(rows[:ROWS_SHOWN], OPEN_DECISION_COLUMNS), notes)


def _where(value: Any) -> str:
    """Where a choice applies: the sheet, column and rows of its value, or the stored record it names (an
    entity's ``key`` or ``name``). Other fields (a proposed key, a field to set) are the choice itself."""
    if not isinstance(value, dict):
        return "the whole import"
    locating = ("entity", "key", "name") if "entity" in value else ("sheet", "column", "rows")
    return ", ".join(f"{name} {value[name]}" for name in locating if value.get(name) not in (None, ""))


def conversion_table(notes: Sequence[tuple[str, str]]) -> dg.MetadataValue:
    """The conversions and defaults a stage applied, as ``(sheet, note)`` pairs: a row each with the field the note
    names (its text starts ``field: ``) split from what was done. A note of no sheet has sheet and field empty."""
    rows = []
    for sheet, note in notes:
        field, separator, said = note.partition(": ")
        rows.append({"sheet": sheet, "field": field, "note": said} if sheet and separator else {"sheet": sheet, "field": "", "note": note})
    return records_table(rows, CONVERSION_COLUMNS, empty="_no conversions_")


def preview_conversion_notes(preview: ImportPreview) -> list[tuple[str, str]]:
    """The preview's notes as ``(sheet, note)``: validation prefixes each sheet's notes with ``<sheet>: ``; the
    entity-wide ones (deleted or disabled records, batched reads) belong to no sheet."""
    names = sorted((sheet.name for sheet in preview.sheets), key=len, reverse=True)
    pairs = []
    for note in preview.notes:
        sheet = next((name for name in names if note.startswith(f"{name}: ")), "")
        pairs.append((sheet, note.removeprefix(f"{sheet}: ") if sheet else note))
    return pairs


def failing_rows_notes(preview: ImportPreview) -> list[str]:
    """How many failing rows the table leaves out; every one is in the preview workbook."""
    hidden = preview.total_failures - min(preview.failures.height, ROWS_SHOWN)
    return [f"_{hidden} more row(s) not shown; every failing row is in the preview workbook (`error_workbook`)._"] if hidden > 0 else []
