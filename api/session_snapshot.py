"""The original product's import-session snapshot, built from the stored ``import_session`` row.

The row's JSON columns hold what each stage decided (sheets, declared and
inferred entities, confirmed mappings, the preview's counts and blocking
reasons, the commit's result) and the API's run report (``preview_json["run"]``,
see `api.imports_runner`) holds samples, suggestions, conflicts, component
matches and the first rows. These pure functions turn both into the
snapshot's field names (``sheet_meta``, ``mappings``, ``preview``, ``conflicts``)
without touching any stage object.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePath
from typing import Any

from dealbrain.auth.users import as_utc
from dealbrain.db.models import ImportSession
from dealbrain.specs import ENTITY_SPECS, FieldSpec

CONTENT_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv",
    ".tsv": "text/tab-separated-values",
    ".txt": "text/plain",
}


def content_type(filename: str) -> str:
    return CONTENT_TYPES.get(PurePath(filename).suffix.lower(), "application/octet-stream")


def _run(row: ImportSession) -> dict[str, Any]:
    return (row.preview_json or {}).get("run") or {}


def sheet_meta(row: ImportSession) -> list[dict[str, Any]]:
    """Per sheet: name, row count, columns with samples, the entity used, its confidence and the declaration."""
    run, entities = _run(row), row.declared_entities_json or {}
    meta = []
    for sheet in row.sheet_meta_json or []:
        name = sheet.get("sheet")
        decided = entities.get(name, {})
        entity = decided.get("entity")
        columns = [{"name": c["name"], "samples": c["samples"]} for c in run.get("columns", {}).get(name, [])]
        meta.append({
            "sheet_name": name,
            "row_count": sheet.get("rows", 0),
            "columns": columns,
            "entity": entity,
            "entity_label": ENTITY_SPECS[entity].label if entity in ENTITY_SPECS else None,
            "confidence": decided.get("confidence", 0.0) if not decided.get("declared") else 1.0,
            "declared_entity": entity if decided.get("declared") else None,
        })
    return meta


def declared_entities(row: ImportSession) -> dict[str, str]:
    """Sheet -> entity for the sheets the client declared."""
    return {sheet: d["entity"] for sheet, d in (row.declared_entities_json or {}).items() if d.get("declared")}


def _manual(run: Mapping[str, Any]) -> set[tuple[str, str]]:
    return {(item["sheet"], item["column"]) for item in run.get("mapping_overrides", [])}


def _field_mapping(
    spec: FieldSpec, sheet: str, column: str | None, columns: Sequence[Mapping[str, Any]], manual: set[tuple[str, str]]
) -> dict[str, Any]:
    found = next((c for c in columns if c["name"] == column), None)
    suggestions = [
        {"column": c["name"], "confidence": c["confidence"], "reason": c["rationale"]}
        for c in columns if c["field"] == spec.name and c["name"] != column
    ]
    if column is None:
        status = "missing"
    else:
        status = "manual" if (sheet, column) in manual else "auto"
    return {
        "field": spec.name, "label": spec.label or spec.name, "required": spec.required, "data_type": spec.type.value,
        "column": column, "status": status, "confidence": found["confidence"] if found else 0.0,
        "suggestions": suggestions,
    }


def mappings(row: ImportSession, custom_fields: Mapping[str, Sequence[FieldSpec]]) -> dict[str, Any]:
    """Entity -> the sheet it came from and every field (standard and custom) with the column feeding it."""
    run = _run(row)
    manual = _manual(run)
    result: dict[str, Any] = {}
    for sheet, stored in (row.mappings_json or {}).items():
        entity = stored.get("entity")
        if entity not in ENTITY_SPECS:
            continue
        by_field = {target: column for column, target in stored.get("columns", {}).items() if target}
        columns = run.get("columns", {}).get(sheet, [])
        specs = [*ENTITY_SPECS[entity].fields, *custom_fields.get(entity, ())]
        result[entity] = {
            "sheet": sheet,
            "fields": {spec.name: _field_mapping(spec, sheet, by_field.get(spec.name), columns, manual) for spec in specs},
        }
    return result


def preview(row: ImportSession, mapped: Mapping[str, Any]) -> dict[str, Any]:
    """Entity -> first rows, missing required fields, total rows, mapped field count and component matches."""
    run = _run(row)
    rows_by_sheet = {sheet.get("sheet"): sheet.get("rows", 0) for sheet in row.sheet_meta_json or []}
    result = {}
    for entity, mapping in mapped.items():
        fields = mapping["fields"].values()
        result[entity] = {
            "rows": run.get("rows", {}).get(entity, []),
            "missing_required_fields": [f["field"] for f in fields if f["required"] and f["column"] is None],
            "total_rows": rows_by_sheet.get(mapping["sheet"], 0),
            "mapped_field_count": sum(1 for f in fields if f["column"] is not None),
            "component_matches": run.get("component_matches", {}).get(entity, []),
        }
    return result


def snapshot(row: ImportSession, custom_fields: Mapping[str, Sequence[FieldSpec]]) -> dict[str, Any]:
    """The whole session as the original API returned it, plus this importer's extensions."""
    run, stored_preview = _run(row), row.preview_json or {}
    mapped = mappings(row, custom_fields)
    summary = run.get("summary", {})
    return {
        "id": row.id,
        "filename": row.source_filename,
        "content_type": content_type(row.source_filename),
        "status": row.status,
        "checksum": row.checksum_sha256,
        "sheet_meta": sheet_meta(row),
        "mappings": mapped,
        "preview": preview(row, mapped),
        "conflicts": run.get("conflicts", []),
        "declared_entities": declared_entities(row),
        "created_at": as_utc(row.created_at),
        "updated_at": as_utc(row.updated_at),
        # Extensions of this importer.
        "created_by": row.created_by,
        "run_id": run.get("run_id"),
        "counts": stored_preview.get("counts", {}),
        "blocking": stored_preview.get("blocking", []),
        "warnings": summary.get("warnings", []),
        "errors": summary.get("errors", []),
        "error_workbook_available": bool(stored_preview.get("error_workbook")),
        "result": {key: value for key, value in (row.result_json or {}).items() if key != "fingerprint"},
    }
