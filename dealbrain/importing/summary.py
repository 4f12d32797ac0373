"""One plain document describing an import's outcome, for the CLI's text and --json output."""

from __future__ import annotations

from typing import Any

from dealbrain.importing.mapping_report import mapping_buckets, unloaded_columns
from dealbrain.importing.component_preview import created_record_rows, listing_component_rows
from dealbrain.importing.preview_tables import DEFAULT_ROWS, preview_tables_document
from dealbrain.importing.stages.commit import CommitResult
from dealbrain.importing.stages.validation import ImportPreview


def import_warnings(preview: ImportPreview) -> list[str]:
    return list(preview.warnings)


def import_summary(
    session_id: str, preview: ImportPreview | None, result: CommitResult | None, errors: list[str], *, rows: int = DEFAULT_ROWS
) -> dict[str, Any]:
    """Session, status, per-entity counts, duplicates, warnings, blocking reasons, the error workbook,
    and the first ``rows`` planned inserts and updates, rows left out and likely duplicates."""
    if result is not None:
        status = "committed"
    elif preview is not None and not preview.can_commit:
        status = "blocked"
    elif errors or preview is None:
        status = "failed"
    else:
        status = "previewed"
    summary: dict[str, Any] = {"session_id": session_id, "status": status, "errors": errors}
    if preview is not None:
        summary |= {
            "file": preview.upload.original_name,
            "sheets": [
                {"sheet": s.name, "entity": s.entity, "rows": s.source.frame.height, "declared": s.declared}
                for s in preview.resolution
            ],
            "planned": preview.counts(),
            "mapping": mapping_buckets([sheet.mapping for sheet in preview.sheets]),
            "unloaded_columns": unloaded_columns([sheet.mapping for sheet in preview.sheets]),
            "unknown_choices": [row for sheet in preview.sheets for row in sheet.unknown_choices],
            "on_duplicate": str(preview.request.on_duplicate),
            "duplicates": {
                name: entity.duplicates.rows.height for name, entity in preview.entities.items() if entity.duplicates.rows.height
            },
            "duplicate_rows": {
                name: {"headline": entity.duplicates.headline, "rows": entity.duplicates.table().to_dicts()}
                for name, entity in preview.entities.items()
                if entity.duplicates.rows.height
            },
            "rejected_rows": sum(entity.rejected for entity in preview.entities.values()),
            "failures": preview.total_failures,
            "failures_csv": str(preview.failures_csv) if preview.failures_csv else None,
            "batched": preview.batched,
            "warnings": import_warnings(preview),
            "blocking": preview.blocking,
            "error_workbook": str(preview.error_workbook) if preview.error_workbook else None,
            "auto_created": preview.auto_created(),
            "created_records": created_record_rows(preview),
            "listing_components": listing_component_rows(preview),
            "needs_review": sum(entity.components.needs_review for entity in preview.entities.values()),
            "conflicts": {name: e.conflicts.conflicts for name, e in preview.entities.items() if e.conflicts.conflicts},
            **preview_tables_document(preview, rows),
        }
    if result is not None:
        summary["counts"] = result.counts()
        summary["auto_created_cpus"] = result.auto_created.get("cpu", [])
    elif preview is not None:
        summary["counts"] = {
            name: {"inserted": 0, "updated": 0, "unchanged": 0, "rejected": counts["rejected"]}
            for name, counts in preview.counts().items()
        }
    return summary
