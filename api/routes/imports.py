"""`/v1/imports/sessions`: the original product's import routes, each a translation around one run."""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, JSONResponse
from sqlalchemy import Engine
from starlette.concurrency import run_in_threadpool

from api import import_requests, imports_runner
from api.deps import ActorDep, EngineDep, SettingsDep
from api.errors import ApiError, Conflict, NotFound
from api.routes.custom_fields import create_field, field_document
from api.schemas.common import ERROR_RESPONSES
from api.schemas.imports import (
    CommitRequest,
    CommitResponse,
    FieldCreateFromImport,
    FieldFromImport,
    MappingsUpdate,
    PendingSession,
    Repreview,
    SessionList,
    SessionRuns,
    SessionSnapshot,
    UndoResponse,
)
from api.session_reads import list_snapshots, session_row, snapshot_of
from api.uploads import discard_new_upload, save_upload
from dealbrain.auth import Actor, Permission, require
from dealbrain.ingest import StoredUpload
from dealbrain.profiles import ProfileService
from dealbrain.settings import ImporterSettings
from dealbrain.store.sessions import SessionStatus

router = APIRouter(prefix="/v1/imports/sessions", tags=["imports"], responses=ERROR_RESPONSES)
FINISHED = (SessionStatus.COMMITTED, SessionStatus.UNDONE)


class ImportFailed(ApiError):
    status_code = 422
    kind = "import_failed"


def _open_session(engine: Engine, actor: Actor, session_id: str) -> Any:
    row = session_row(engine, actor, session_id)
    if row.status in FINISHED:
        raise Conflict(f"Session {session_id} was already {row.status}; start a new session to import the file again.")
    return row


def _failed(session_id: str, report: dict[str, Any]) -> ImportFailed:
    errors = report.get("summary", {}).get("errors") or ["the import run failed; its log is in the Dagster UI"]
    return ImportFailed(f"The file could not be imported: {' '.join(errors)}", session_id=session_id,
                        run_id=report.get("run_id"), errors=errors)


def _status_url(request: Request, session_id: str) -> str:
    return str(request.url_for("get_session", session_id=session_id))


@router.post("", status_code=201, response_model=SessionSnapshot, responses={202: {"model": PendingSession}})
async def create_session(
    request: Request,
    settings: SettingsDep,
    engine: EngineDep,
    actor: ActorDep,
    upload: Annotated[UploadFile, File(description="The .xlsx, .csv or .tsv file.")],
    declared_entities: Annotated[str | None, Form(description="JSON object: sheet name -> entity.")] = None,
    options: Annotated[str | None, Form(
        description="Extension: JSON object of import options (the `SessionOptions` schema: mapping_overrides, "
        "promote_columns, overrides, conflict_policy, conflict_decisions, on_duplicate, on_invalid, record_path...)."
    )] = None,
    config: Annotated[str | None, Form(description="Former name of `options`, still accepted.", deprecated=True)] = None,
    profile: Annotated[str | None, Form(
        max_length=128, description="Extension: an import profile (GET /v1/profiles) to start from; options sent win over its own."
    )] = None,
) -> Any:
    """Upload a file and preview it as an `import_workbook` run; 202 with a status URL when it takes too long."""
    await run_in_threadpool(require, engine, actor, Permission.IMPORT_PREVIEW, action="preview an import")
    declared = import_requests.declared_entities(declared_entities)
    chosen = import_requests.form_options("config", config) | import_requests.form_options("options", options)
    chosen |= {"declared_entities": declared} if declared else {}
    if profile:
        await run_in_threadpool(ProfileService(engine).content, actor, profile)  # an unknown profile is a 404 before the upload
        chosen["profile"] = profile
    await run_in_threadpool(imports_runner.check_config, {"file": "upload", **chosen}, actor)
    session_id = await run_in_threadpool(imports_runner.new_session_id)
    stored = await save_upload(settings, upload)
    run_config = {"file": str(stored.path), "source_name": stored.original_name, **chosen}
    future: Future = request.app.state.runs.submit(
        imports_runner.start_preview, settings, engine, actor, session_id, run_config
    )
    request.app.state.pending[session_id] = future
    try:
        report = await asyncio.wait_for(asyncio.wrap_future(future), timeout=settings.api_preview_wait_seconds)
    except TimeoutError:
        body = PendingSession(id=session_id, status="running", status_url=_status_url(request, session_id))
        return JSONResponse(status_code=202, content=body.model_dump(), headers={"Location": body.status_url})
    return await run_in_threadpool(_created, settings, engine, actor, session_id, stored, report)


def _created(
    settings: ImporterSettings, engine: Engine, actor: Actor, session_id: str, stored: StoredUpload,
    report: dict[str, Any],
) -> Any:
    try:
        return snapshot_of(engine, actor, session_id)
    except NotFound:
        discard_new_upload(settings, stored)
        raise _failed(session_id, report) from None


@router.get("", response_model=SessionList)
def list_sessions(
    engine: EngineDep,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> Any:
    """Import sessions, newest first."""
    return {"sessions": list_snapshots(engine, actor, limit, offset)}


@router.get("/{session_id}", response_model=SessionSnapshot, responses={202: {"model": PendingSession}})
def get_session(request: Request, session_id: str, engine: EngineDep, actor: ActorDep) -> Any:
    """One session's snapshot; 202 while its first preview still runs."""
    future: Future | None = request.app.state.pending.get(session_id)
    try:
        return snapshot_of(engine, actor, session_id)
    except NotFound:
        if future is None:
            raise
        if not future.done():
            body = PendingSession(id=session_id, status="running", status_url=_status_url(request, session_id))
            return JSONResponse(status_code=202, content=body.model_dump())
        raise _failed(session_id, future.result()) from None


def _repreview(settings: ImporterSettings, engine: Engine, actor: Actor, session_id: str, config: dict[str, Any]) -> Any:
    require(engine, actor, Permission.IMPORT_PREVIEW, action="preview an import", import_session_id=session_id)
    imports_runner.check_config(config, actor)
    report = imports_runner.start_preview(settings, engine, actor, session_id, config)
    if not report.get("summary", {}).get("sheets") and report.get("summary", {}).get("errors"):
        raise _failed(session_id, report)
    return snapshot_of(engine, actor, session_id)


@router.post("/{session_id}/mappings", response_model=SessionSnapshot)
def update_mappings(session_id: str, body: MappingsUpdate, settings: SettingsDep, engine: EngineDep, actor: ActorDep) -> Any:
    """Set which column feeds which field, then preview again."""
    row = _open_session(engine, actor, session_id)
    config = import_requests.with_mappings(imports_runner.last_import_config(settings, session_id), row, body)
    config = import_requests.with_options(config, import_requests.sent_options(body.options))
    return _repreview(settings, engine, actor, session_id, config)


@router.post("/{session_id}/conflicts", response_model=SessionSnapshot)
def recompute_conflicts(
    session_id: str, settings: SettingsDep, engine: EngineDep, actor: ActorDep, body: Repreview | None = None
) -> Any:
    """Preview again against the records as stored now: conflicts recomputed (with the options sent, if any)."""
    _open_session(engine, actor, session_id)
    config = imports_runner.last_import_config(settings, session_id)
    config = import_requests.with_options(config, import_requests.sent_options(body.options if body else None))
    return _repreview(settings, engine, actor, session_id, config)


@router.post("/{session_id}/commit", response_model=CommitResponse)
def commit(session_id: str, body: CommitRequest, settings: SettingsDep, engine: EngineDep, actor: ActorDep) -> Any:
    """Apply the conflict resolutions and component picks, preview and write in one run; 409 when blocked."""
    row = _open_session(engine, actor, session_id)
    require(engine, actor, Permission.IMPORT_COMMIT, action="commit an import", import_session_id=session_id)
    config = import_requests.with_commit_choices(imports_runner.last_import_config(settings, session_id), row, body)
    imports_runner.check_config(config, actor)
    report = imports_runner.commit_session(settings, engine, actor, session_id, config)
    summary = report.get("summary", {})
    if summary.get("status") != "committed":
        reasons = summary.get("blocking") or summary.get("errors") or ["the commit run failed"]
        raise Conflict(f"Session {session_id} was not committed: {' '.join(reasons)}", blocking=summary.get("blocking", []),
                       errors=summary.get("errors", []), run_id=report.get("run_id"))
    return {"status": "committed", "counts": summary.get("counts", {}), "session": snapshot_of(engine, actor, session_id),
            "auto_created_cpus": summary.get("auto_created_cpus", [])}


@router.post("/{session_id}/undo", response_model=UndoResponse)
def undo(session_id: str, engine: EngineDep, actor: ActorDep, only_untouched: bool = False) -> Any:
    """Extension: revert a committed import or a record edit (its ``session_id``) exactly, as `importer undo` does.

    409 when it is not committed, already undone, or later changes touched its records.
    """
    result = imports_runner.undo_session(engine, actor, session_id, only_untouched=only_untouched)
    return {"session_id": result.session_id, "status": "undone", "counts": result.counts(), "skipped": result.skipped}


@router.get("/{session_id}/errors.xlsx", response_class=FileResponse,
            responses={200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}}})
def error_workbook(session_id: str, engine: EngineDep, actor: ActorDep) -> Any:
    """Extension: the preview's error workbook (the failing rows, an errors column, bad cells highlighted)."""
    from pathlib import Path

    row = session_row(engine, actor, session_id)
    path = (row.preview_json or {}).get("error_workbook")
    if not path or not Path(path).is_file():
        raise NotFound(f"Session {session_id} has no error workbook: its last preview had no failing rows.")
    return FileResponse(path, filename=f"{session_id}-errors.xlsx",
                        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@router.get("/{session_id}/runs", response_model=SessionRuns)
def session_runs(session_id: str, settings: SettingsDep, engine: EngineDep, actor: ActorDep) -> Any:
    """Extension: the Dagster runs of this session's partition, newest first.

    Each run has its id, job, status, tags and ``progress``: the latest batch line of a
    file imported batch by batch (poll it while a long import runs), or null.
    """
    session_row(engine, actor, session_id)
    return {"runs": imports_runner.runs_of_session(settings, session_id)}


@router.post("/{session_id}/fields", status_code=201, response_model=FieldFromImport)
def create_field_from_import(
    session_id: str, body: FieldCreateFromImport, settings: SettingsDep, engine: EngineDep, actor: ActorDep
) -> Any:
    """Create a custom field (the custom-field create body) and preview the session again with it."""
    _open_session(engine, actor, session_id)
    config = imports_runner.last_import_config(settings, session_id)
    config = import_requests.with_options(config, import_requests.sent_options(body.import_options))
    created = create_field(engine, actor, body)
    session = _repreview(settings, engine, actor, session_id, config)
    return {"field": field_document(created), "session": session}
