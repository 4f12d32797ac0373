"""Metadata of each import stage's materialization: what an operator reads in the UI to decide."""

from __future__ import annotations

from typing import Any

import dagster as dg
import polars as pl

from assets.presentation import (
    bullet_list,
    frame_markdown,
    markdown,
    records_markdown,
    split_list_column,
    yaml_block,
)
from dealbrain.importing.component_preview import (
    created_record_rows,
    listing_component_rows,
)
from dealbrain.importing.mapping_report import unloaded_columns, unloaded_warning
from dealbrain.importing.rerun_config import rerun_config_yaml
from dealbrain.importing.stages.commit import CommitResult
from dealbrain.importing.stages.entities import ResolvedWorkbook
from dealbrain.importing.stages.mapping import MappedWorkbook
from dealbrain.importing.stages.parse import ParsedUpload
from dealbrain.importing.stages.typing import TypedWorkbook
from dealbrain.importing.stages.validation import ImportPreview
from dealbrain.mapping import Bucket
from dealbrain.store.frames import RECORD_ID, SHEET, SOURCE_ROW

Metadata = dict[str, Any]
PLANNED_ROWS_SHOWN = 25
"""Planned inserts and updates shown per entity in the UI; the preview workbook lists every one."""
MAPPING_COLUMNS = ["column", "samples", "field", "confidence", "loaded", "rationale"]
UNKNOWN_CHOICE_COLUMNS = ["sheet", "column", "field", "value", "rows", "closest"]
BUCKET_TITLES = {
    Bucket.MAPPED: "Mapped",
    Bucket.SUGGESTED: "Suggested",
    Bucket.NEW: "New (candidate custom fields)",
    Bucket.IGNORED: "Ignored",
}


def parse_metadata(parsed: ParsedUpload) -> Metadata:
    return {
        "file": parsed.upload.original_name,
        "sha256": parsed.upload.sha256,
        "sheets": markdown(records_markdown(parsed.sheet_summary())),
        "rows": sum(sheet.frame.height for sheet in parsed.sheets),
        "left_out_rows": markdown(_set_aside_markdown(parsed.set_aside)),
        "warnings": markdown(bullet_list(parsed.warnings)),
    }


def entities_metadata(resolved: ResolvedWorkbook) -> Metadata:
    rows = [
        {
            "sheet": sheet.name,
            "rows": sheet.source.frame.height,
            "entity": sheet.entity or "(skipped)",
            "declared": "yes" if sheet.declared else "inferred",
            "inferred": sheet.inference.entity or "?",
            "confidence": f"{sheet.inference.confidence:.0%}",
            "note": sheet.skipped_reason or (sheet.check.message if sheet.check and sheet.check.mismatch else ""),
        }
        for sheet in resolved.sheets
    ]
    return {"sheets": markdown(records_markdown(rows)), "warnings": markdown(bullet_list(resolved.warnings))}


def mapping_metadata(mapped: MappedWorkbook) -> Metadata:
    sections = []
    for sheet in mapped.sheets:
        lines = [f"## {sheet.name} → {sheet.entity}"]
        if sheet.remembered_from:
            lines.append(f"_Started from the mapping confirmed in session {sheet.remembered_from}._")
        if sheet.missing_required:
            lines.append(f"**Required fields without a column: {', '.join(sheet.missing_required)}** (blocks the commit)")
        for bucket, title in BUCKET_TITLES.items():
            rows = [
                {
                    "column": c.column,
                    "samples": ", ".join(c.samples),
                    "field": c.field or (f"new {c.inferred_type}" if c.inferred_type else ""),
                    "confidence": f"{c.confidence:.0%}",
                    "loaded": "yes" if c.applied else ("awaiting acceptance" if c.awaiting_acceptance else "no"),
                    "rationale": c.rationale,
                }
                for c in sheet.columns
                if c.bucket is bucket
            ]
            if rows:
                lines += [f"### {title} ({len(rows)})", records_markdown(rows, MAPPING_COLUMNS)]
        sections.append("\n\n".join(lines))
    counts = {b.value: sum(c.bucket is b for s in mapped.sheets for c in s.columns) for b in Bucket}
    unloaded = [unloaded_warning(row) for row in unloaded_columns(mapped.sheets)]
    return {
        "mapping": markdown("\n\n".join(sections) or "_no sheets to map_"),
        "not_loaded": markdown(bullet_list(unloaded)),
        **{f"columns_{k}": v for k, v in counts.items()},
    }


def typing_metadata(typed: TypedWorkbook) -> Metadata:
    previews = [f"## {sheet.name} ({sheet.entity})\n\n{frame_markdown(sheet.frame.drop(SHEET), 10)}" for sheet in typed.sheets]
    notes = [f"{sheet.name}: {note}" for sheet in typed.sheets for note in sheet.notes]
    return {
        "first_rows": markdown("\n\n".join(previews) or "_no rows_"),
        "conversions": markdown(bullet_list(notes)),
        "unreadable_cells": sum(sheet.issues.height for sheet in typed.sheets),
        "custom_fields_created": markdown(bullet_list(typed.created_fields)),
        "custom_fields_pending_approval": markdown(bullet_list(typed.pending_fields)),
        "overrides": markdown(_overrides_markdown(typed)),
    }


def _overrides_markdown(typed: TypedWorkbook) -> str:
    """Each override with the rows it touched and a sample of before → after."""
    sections = []
    for effect in typed.override_effects:
        lines = [f"### {effect.index}. {effect.override.describe()} — {effect.rows_affected} row(s)"]
        if effect.discarded:
            lines.append(f"Discarded rows: {', '.join(map(str, effect.discarded[:50]))}")
        if effect.changes.height:
            lines.append(frame_markdown(effect.changes, 10))
        sections.append("\n\n".join(lines))
    return "\n\n".join(sections) or "_no overrides_"


def _changes_markdown(preview: ImportPreview) -> str:
    rows = []
    for name, counts in preview.counts().items():
        duplicates = preview.entities[name].duplicates
        shown = {key: value for key, value in counts.items() if key != "duplicates"}
        rows.append({"entity": name} | shown | {duplicates.count_label: duplicates.rows.height if duplicates.blocking else counts["duplicates"]})
    return records_markdown(rows)


def _conflicts_markdown(preview: ImportPreview) -> str:
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


def _components_markdown(preview: ImportPreview) -> str:
    """How listings' CPU, GPU and ports profile names were matched, needs-review and unmatched first."""
    listing = preview.entities.get("listing")
    if listing is None or listing.components.matches.is_empty():
        return "_no component references_"
    order = {"unmatched": 0, "needs_review": 1, "auto": 2}
    matches = listing.components.matches.sort(pl.col("status").replace_strict(order, default=3), SOURCE_ROW)
    note = ""
    for decision, verb in (("create", "Will create"), ("blocked", "Would create, blocked by on_unknown_component")):
        by_entity: dict[str, list[str]] = {}
        for entry in preview.created_records():
            if entry["decision"] == decision:
                by_entity.setdefault(str(entry["entity"]), []).append(str(entry["name"]))
        note += "".join(f"\n\n{verb} {entity}: {', '.join(names)}" for entity, names in by_entity.items())
    return frame_markdown(split_list_column(matches, "candidates"), 50) + note


def _unknown_choices_markdown(preview: ImportPreview) -> str:
    """Choice values matching no option, with the closest option and how many rows carry each."""
    rows = [row | {"closest": row["closest"] or "(none close)"} for sheet in preview.sheets for row in sheet.unknown_choices]
    if not rows:
        return "_every choice value matches an option_"
    return (
        records_markdown(rows, UNKNOWN_CHOICE_COLUMNS)
        + "\n\nThese rows fail validation until mapped: add them to `value_mappings` (see `next_try_run_config`)."
    )


def _set_aside_markdown(rows: pl.DataFrame) -> str:
    if rows.is_empty():
        return "_no rows left out_"
    table = frame_markdown(rows.rename({SHEET: "sheet", SOURCE_ROW: "row"}), 50)
    return table + "\n\n_Not records, so not imported. To import one anyway: `keep_rows: [{sheet: ..., rows: \"N\"}]`._"


def planned_rows_markdown(preview: ImportPreview, limit: int = PLANNED_ROWS_SHOWN) -> str:
    """Per entity, the first ``limit`` records to insert and to update, with their values and changes."""
    sections = []
    for entity, rows in preview.planned_rows().items():
        for action in ("insert", "update"):
            chosen = rows.filter(pl.col("action") == action).drop("action")
            if chosen.is_empty():
                continue
            chosen = chosen.drop("record_id", "changes") if action == "insert" else chosen
            shown = chosen.select(col for col in chosen.columns if col in ("sheet", "row") or chosen[col].null_count() < chosen.height)
            sections.append(f"### {entity}: {chosen.height} to {action}\n\n{frame_markdown(shown, limit)}")
    if not sections:
        return "_nothing to write_"
    return "\n\n".join(sections) + "\n\n_Every planned row is in the preview workbook (`error_workbook`)._"


def _near_duplicates_markdown(preview: ImportPreview) -> str:
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


def verdict_text(preview: ImportPreview) -> str:
    """The preview's verdict in one line: ready, or blocked and why."""
    if preview.can_commit:
        return "**Ready to commit.**\n\nLaunch `commit_import` for this session: its defaults commit this preview."
    return (
        "**Blocked.**\n\n" + "\n".join(f"- {reason}" for reason in preview.blocking)
        + "\n\nDecide in `next_try_run_config` below, then launch `import_workbook` for this session with it."
    )


def preview_metadata(preview: ImportPreview) -> Metadata:
    failures = preview.failures
    counts = (
        failures.group_by("column", "reason").len("rows").sort("rows", descending=True)
        if failures.height
        else pl.DataFrame()
    )
    duplicates = [d for e in preview.entities.values() for d in [e.duplicates] if d.rows.height]
    return {
        "verdict": markdown(verdict_text(preview)),
        "blocking": markdown(bullet_list(preview.blocking)),
        "next_try_run_config": yaml_block(rerun_config_yaml(preview)),
        "planned_changes": markdown(_changes_markdown(preview)),
        "planned_rows": markdown(planned_rows_markdown(preview)),
        "near_duplicates": markdown(_near_duplicates_markdown(preview)),
        "left_out_rows": markdown(_set_aside_markdown(preview.set_aside_rows())),
        "conflicts": markdown(_conflicts_markdown(preview)),
        "component_matches": markdown(_components_markdown(preview)),
        "records_to_create": markdown(records_markdown(created_record_rows(preview)) if preview.created_records() else "_none_"),
        "listing_components": markdown(records_markdown(listing_component_rows(preview, 50)) or "_no components_"),
        "failure_counts": markdown(frame_markdown(counts) if failures.height else "_no failures_"),
        "failing_rows": markdown(frame_markdown(failures, 50) if failures.height else "_no failures_"),
        "duplicates": markdown("\n\n".join(f"{d.headline}.\n\n{frame_markdown(d.table())}" for d in duplicates) or "_no duplicates_"),
        "unknown_choices": markdown(_unknown_choices_markdown(preview)),
        "can_commit": preview.can_commit,
        "error_workbook": dg.MetadataValue.path(str(preview.error_workbook)) if preview.error_workbook else "none",
        "conversions": markdown(bullet_list(preview.notes)),
        "fingerprint": preview.fingerprint,
    }


def commit_metadata(result: CommitResult) -> Metadata:
    rows = [{"entity": name} | counts for name, counts in result.counts().items()]
    return {"result": markdown(records_markdown(rows)), "changed_anything": result.changed_anything}


STAGE_METADATA = {
    "uploaded_workbook": parse_metadata,
    "sheet_entities": entities_metadata,
    "column_mappings": mapping_metadata,
    "typed_rows": typing_metadata,
    "validated_preview": preview_metadata,
}
"""The metadata of each preview stage's materialization, by stage name (see `dealbrain.importing.spine`)."""
