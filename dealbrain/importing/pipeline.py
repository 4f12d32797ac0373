"""The whole import as one call, for the CLI's in-process checks, benchmarks and tests.

The Dagster job runs the same stage functions one asset at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from dealbrain.auth import Actor, Permission, require
from dealbrain.importing.request import ImportRequest
from dealbrain.importing.stages.commit import CommitResult, commit_preview
from dealbrain.importing.stages.entities import resolve_entities
from dealbrain.importing.stages.mapping import map_columns
from dealbrain.importing.stages.overrides import apply_bulk_overrides
from dealbrain.importing.stages.parse import parse_upload
from dealbrain.importing.stages.typing import apply_custom_fields
from dealbrain.importing.stages.validation import ImportPreview, validate_import
from dealbrain.ingest import ReadLimits, UploadStore


@dataclass
class ImportOutcome:
    preview: ImportPreview
    result: CommitResult | None


def preview_import(
    request: ImportRequest, engine: Engine, store: UploadStore, actor: Actor, limits: ReadLimits | None = None
) -> ImportPreview:
    """Parse, resolve, map, type and validate: everything up to the commit."""
    require(engine, actor, Permission.IMPORT_PREVIEW, action="preview an import", import_session_id=None)
    parsed = parse_upload(request, engine, store, limits)
    resolved = resolve_entities(parsed, engine)
    mapped = map_columns(resolved, engine)
    typed = apply_bulk_overrides(apply_custom_fields(mapped, engine, actor), engine)
    return validate_import(typed, engine, store.root / "errors")


def run_import(
    request: ImportRequest, engine: Engine, store: UploadStore, actor: Actor, limits: ReadLimits | None = None
) -> ImportOutcome:
    """Preview, then commit when the request asks for it and nothing blocks."""
    preview = preview_import(request, engine, store, actor, limits)
    if not request.commit or not preview.can_commit:
        return ImportOutcome(preview, None)
    require(engine, actor, Permission.IMPORT_COMMIT, action="commit an import", import_session_id=request.session_id)
    return ImportOutcome(preview, commit_preview(preview, engine, committed_by=actor.name))
