"""Metadata of each import stage's materialization: what an operator reads in the UI to decide."""

from __future__ import annotations

import dagster as dg
import polars as pl

from assets.presentation import (
    bullet_list,
    frame_table,
    markdown,
    records_table,
    rows_not_shown,
    with_notes,
    yaml_block,
)
from assets.preview_sections import (
    COUNT,
    ROWS_SHOWN,
    Metadata,
    changes_table,
    component_entries,
    conflict_entries,
    conversion_table,
    duplicate_entries,
    failing_rows_notes,
    near_duplicate_entries,
    open_decision_entries,
    planned_row_entries,
    preview_conversion_notes,
    unknown_choice_entries,
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
from dealbrain.store.frames import SHEET

FIRST_ROWS_SHOWN = 10
MAPPING_COLUMNS = ["sheet", "bucket", "column", "samples", "field", "confidence", "loaded", "rationale"]
CREATED_RECORD_COLUMNS = ["entity", "name", "filled_in", "needs_review", "decision", "named_by"]
LISTING_COMPONENT_COLUMNS = ["sheet", "row", "listing", "component_type", "name", "quantity", "record", "metadata"]
OVERRIDE_COLUMNS = ["override", "does", "rows_affected", "discarded_rows"]
OVERRIDE_CHANGES_SHOWN = 10
SHEET_COLUMNS = ["sheet", "rows", "columns", "header_row", "notes"]
ENTITY_COLUMNS = ["sheet", "rows", "entity", "declared", "inferred", "confidence", "note"]
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
        "sheets": records_table(parsed.sheet_summary(), SHEET_COLUMNS, {"rows": COUNT, "columns": COUNT, "header_row": COUNT},
                                empty="_no sheets_"),
        "rows": sum(sheet.frame.height for sheet in parsed.sheets),
        **_set_aside_entries(parsed.set_aside),
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
    return {
        "sheets": records_table(rows, ENTITY_COLUMNS, {"rows": COUNT}, empty="_no sheets_"),
        "warnings": markdown(bullet_list(resolved.warnings)),
    }


def mapping_metadata(mapped: MappedWorkbook) -> Metadata:
    """Every column of every sheet in one table (by sheet, then bucket), and the sheets' notes beside it."""
    rows = [
        {
            "sheet": sheet.name,
            "bucket": title,
            "column": c.column,
            "samples": ", ".join(c.samples),
            "field": c.field or (f"new {c.inferred_type}" if c.inferred_type else ""),
            "confidence": f"{c.confidence:.0%}",
            "loaded": "yes" if c.applied else ("awaiting acceptance" if c.awaiting_acceptance else "no"),
            "rationale": c.rationale,
        }
        for sheet in mapped.sheets
        for bucket, title in BUCKET_TITLES.items()
        for c in sheet.columns
        if c.bucket is bucket
    ]
    counts = {b.value: sum(c.bucket is b for s in mapped.sheets for c in s.columns) for b in Bucket}
    unloaded = [unloaded_warning(row) for row in unloaded_columns(mapped.sheets)]
    return {
        **with_notes("mapping", records_table(rows, MAPPING_COLUMNS, empty="_no sheets to map_"), _mapping_notes(mapped)),
        "not_loaded": markdown(bullet_list(unloaded)),
        **{f"columns_{k}": v for k, v in counts.items()},
    }


def _mapping_notes(mapped: MappedWorkbook) -> list[str]:
    """Per sheet: the confirmed mapping it started from and the required fields no column fills."""
    notes = []
    for sheet in mapped.sheets:
        if sheet.remembered_from:
            notes.append(f"{sheet.name}: started from the mapping confirmed in session {sheet.remembered_from}.")
        if sheet.missing_required:
            notes.append(f"**{sheet.name}: required fields without a column: {', '.join(sheet.missing_required)}** (blocks the commit)")
    return notes


def typing_metadata(typed: TypedWorkbook) -> Metadata:
    """The first rows of each sheet as typed, one table per sheet (their columns differ): ``first_rows: <sheet>``."""
    previews = {f"first_rows: {sheet.name}": frame_table(sheet.frame.drop(SHEET), FIRST_ROWS_SHOWN, empty="_no rows_")
                for sheet in typed.sheets}
    notes = [(sheet.name, note) for sheet in typed.sheets for note in sheet.notes]
    return {
        **(previews or {"first_rows": markdown("_no rows_")}),
        "conversions": conversion_table(notes),
        "unreadable_cells": sum(sheet.issues.height for sheet in typed.sheets),
        "custom_fields_created": markdown(bullet_list(typed.created_fields)),
        "custom_fields_pending_approval": markdown(bullet_list(typed.pending_fields)),
        **_override_entries(typed),
    }


def _override_entries(typed: TypedWorkbook) -> Metadata:
    """Each override with the rows it touched (``overrides``), and a sample of its cells before and after
    (``override_changes``: the first ``OVERRIDE_CHANGES_SHOWN`` of each, every value whole)."""
    effects = typed.override_effects
    if not effects:
        return {"overrides": markdown("_no overrides_")}
    rows = [
        {"override": e.index, "does": e.override.describe(), "rows_affected": e.rows_affected,
         "discarded_rows": ", ".join(map(str, e.discarded))}
        for e in effects
    ]
    entries = {"overrides": records_table(rows, OVERRIDE_COLUMNS, {"override": COUNT, "rows_affected": COUNT})}
    changes = [e.changes.head(OVERRIDE_CHANGES_SHOWN).select(pl.lit(e.index).alias("override"), pl.all()) for e in effects if e.changes.height]
    if changes:
        notes = [f"_Override {e.index}: {e.changes.height - OVERRIDE_CHANGES_SHOWN} more changed row(s) not shown._"
                 for e in effects if e.changes.height > OVERRIDE_CHANGES_SHOWN]
        entries |= with_notes("override_changes", frame_table(pl.concat(changes), None), notes)
    return entries


def _set_aside_entries(rows: pl.DataFrame) -> Metadata:
    """Rows left out at parse time as not records, and how to import one anyway."""
    if rows.is_empty():
        return {"left_out_rows": markdown("_no rows left out_")}
    hint = "_Not records, so not imported. To import one anyway: `keep_rows: [{sheet: ..., rows: \"N\"}]`._"
    return with_notes("left_out_rows", frame_table(rows, ROWS_SHOWN), [*rows_not_shown(rows, ROWS_SHOWN), hint])


def verdict_text(preview: ImportPreview) -> str:
    """The preview's verdict in one line: ready, or blocked by how many reasons and where to read and decide them."""
    if preview.can_commit:
        return "**Ready to commit.** Launch `commit_import` for this session: its defaults commit this preview."
    return (
        f"**Blocked.** {len(preview.blocking)} reason(s), listed in `blocking`; decide them in `open_decisions`, "
        "fill them in `next_try_run_config` and launch `import_workbook` for this session with it."
    )


def preview_metadata(preview: ImportPreview) -> Metadata:
    failures = preview.failures
    counts = failures.group_by("column", "reason").len("rows").sort("rows", descending=True, maintain_order=True)
    components = listing_component_rows(preview, ROWS_SHOWN)
    return {
        "verdict": markdown(verdict_text(preview)),
        "blocking": records_table([{"reason": reason} for reason in preview.blocking], ["reason"], empty="_nothing blocks_"),
        "next_try_run_config": yaml_block(rerun_config_yaml(preview)),
        **open_decision_entries(preview),
        "planned_changes": changes_table(preview),
        **planned_row_entries(preview),
        **near_duplicate_entries(preview),
        **_set_aside_entries(preview.set_aside_rows()),
        **conflict_entries(preview),
        **component_entries(preview),
        "records_to_create": records_table(created_record_rows(preview), CREATED_RECORD_COLUMNS, {"needs_review": "boolean"},
                                           empty="_none_"),
        "listing_components": records_table(components, LISTING_COMPONENT_COLUMNS, {"row": COUNT, "quantity": COUNT},
                                            empty="_no components_"),
        **with_notes("failure_counts", frame_table(counts, ROWS_SHOWN, empty="_no failures_"), rows_not_shown(counts, ROWS_SHOWN)),
        **with_notes("failing_rows", frame_table(failures, ROWS_SHOWN, empty="_no failures_"), failing_rows_notes(preview)),
        **duplicate_entries(preview),
        **unknown_choice_entries(preview),
        "can_commit": preview.can_commit,
        "error_workbook": dg.MetadataValue.path(str(preview.error_workbook)) if preview.error_workbook else "none",
        "conversions": conversion_table(preview_conversion_notes(preview)),
        "fingerprint": preview.fingerprint,
    }


def commit_metadata(result: CommitResult) -> Metadata:
    rows = [{"entity": name} | counts for name, counts in result.counts().items()]
    columns = ["entity", "inserted", "updated", "unchanged", "skipped", "rejected"]
    return {
        "result": records_table(rows, columns, dict.fromkeys(columns[1:], COUNT), empty="_nothing to write_"),
        "changed_anything": result.changed_anything,
    }


STAGE_METADATA = {
    "uploaded_workbook": parse_metadata,
    "sheet_entities": entities_metadata,
    "column_mappings": mapping_metadata,
    "typed_rows": typing_metadata,
    "validated_preview": preview_metadata,
}
"""The metadata of each preview stage's materialization, by stage name (see `dealbrain.importing.spine`)."""
