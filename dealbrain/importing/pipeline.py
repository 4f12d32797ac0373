"""The whole import as plain function calls, for tests and scripts: `ImportService` without a surface."""

from __future__ import annotations

from sqlalchemy import Engine

from dealbrain.auth import Actor
from dealbrain.importing.request import ImportRequest
from dealbrain.importing.service import ImportOutcome, ImportService
from dealbrain.importing.stages.validation import ImportPreview
from dealbrain.ingest import ReadLimits, UploadStore

__all__ = ["ImportOutcome", "preview_import", "run_import"]


def preview_import(
    request: ImportRequest, engine: Engine, store: UploadStore, actor: Actor, limits: ReadLimits | None = None
) -> ImportPreview:
    """Parse, resolve, map, type and validate: everything up to the commit."""
    return ImportService(engine, store, limits).preview(actor, request)


def run_import(
    request: ImportRequest, engine: Engine, store: UploadStore, actor: Actor, limits: ReadLimits | None = None
) -> ImportOutcome:
    """Preview, then commit when the request asks for it and nothing blocks."""
    return ImportService(engine, store, limits).run(actor, request)
