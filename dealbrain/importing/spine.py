"""The import's stages, declared once.

The Dagster assets (`assets/import_stages.py`), the plain pipeline
(`ImportService.preview`) and the benchmark all walk `PREVIEW_STAGES`: a
stage is a name (the asset key), what it needs (the previous stage's result;
the first needs the request), a label for progress, and the function. The
commit is not a stage of the preview: it runs later, from the stored commit
plan, through `ImportService.commit`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from dealbrain.auth import Actor
from dealbrain.db.engine import transaction
from dealbrain.importing.commit_plan import commit_plan_from, previews_root, save_commit_plan
from dealbrain.importing.progress import Progress, unwatched
from dealbrain.importing.request import ImportRequest
from dealbrain.importing.stages.entities import ResolvedWorkbook, resolve_entities
from dealbrain.importing.stages.mapping import MappedWorkbook, map_columns
from dealbrain.importing.stages.overrides import apply_bulk_overrides
from dealbrain.importing.stages.parse import ParsedUpload, parse_upload
from dealbrain.importing.stages.typing import TypedWorkbook, apply_custom_fields
from dealbrain.importing.stages.validation import ImportPreview, validate_import
from dealbrain.ingest import ReadLimits, UploadStore
from dealbrain.store.sessions import record_stored_preview


@dataclass(frozen=True)
class StageRuntime:
    """What every stage may use besides its input: the database, the upload store, who acts, the read limits,
    and where long work reports its progress."""

    engine: Engine
    store: UploadStore
    actor: Actor
    limits: ReadLimits = ReadLimits()
    progress: Progress = unwatched

    @property
    def errors_dir(self) -> Path:
        return self.store.root / "errors"

    @property
    def previews_dir(self) -> Path:
        return previews_root(self.store.root)


@dataclass(frozen=True)
class Stage:
    name: str
    """The stage's asset key, and its name in timings and progress."""
    needs: str | None
    """The stage whose result is this one's input (None: the import request)."""
    done: str
    """What a progress line says when the stage has finished."""
    description: str
    run: Callable[[StageRuntime, Any], Any]


def _parse(runtime: StageRuntime, request: ImportRequest) -> ParsedUpload:
    return parse_upload(request, runtime.engine, runtime.store, runtime.limits)


def _resolve(runtime: StageRuntime, parsed: ParsedUpload) -> ResolvedWorkbook:
    return resolve_entities(parsed, runtime.engine)


def _map(runtime: StageRuntime, resolved: ResolvedWorkbook) -> MappedWorkbook:
    return map_columns(resolved, runtime.engine)


def _type(runtime: StageRuntime, mapped: MappedWorkbook) -> TypedWorkbook:
    return apply_bulk_overrides(apply_custom_fields(mapped, runtime.engine, runtime.actor), runtime.engine)


def _validate(runtime: StageRuntime, typed: TypedWorkbook) -> ImportPreview:
    """Validate and plan, then keep the commit plan as data and record its digest on the session."""
    preview = validate_import(typed, runtime.engine, runtime.errors_dir, runtime.progress)
    digest = save_commit_plan(commit_plan_from(preview), runtime.previews_dir)
    with transaction(runtime.engine) as session:
        record_stored_preview(session, preview.session_id, digest)
    return preview


PREVIEW_STAGES: tuple[Stage, ...] = (
    Stage(
        "uploaded_workbook", None, "parsed the file",
        "Parse: keep the file under its sha256, read every sheet (header detection, clean-up), open the session.",
        _parse,
    ),
    Stage(
        "sheet_entities", "uploaded_workbook", "resolved sheet entities",
        "Declared-entity resolution: each sheet's entity, declared or inferred, with confidence and mismatches.",
        _resolve,
    ),
    Stage(
        "column_mappings", "sheet_entities", "mapped columns",
        "Column mapping: mapped, suggested and new columns per sheet, with samples, confidence and rationale.",
        _map,
    ),
    Stage(
        "typed_rows", "column_mappings", "applied custom fields and coerced values",
        "Custom-field application: promoted columns become custom fields, cells are coerced, bulk overrides applied.",
        _type,
    ),
    Stage(
        "validated_preview", "typed_rows", "validated rows and planned changes",
        "Validation: pandera schemas from the entity specs and custom fields, duplicates, references, planned changes.",
        _validate,
    ),
)
STAGE_NAMES = tuple(stage.name for stage in PREVIEW_STAGES)
COMMIT_STAGE = "committed_import"
