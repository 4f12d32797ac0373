"""Everything of the HTTP API that touches Dagster, in one place: start a preview, commit, undo.

Imports through the API run as the same ``import_workbook`` job, on the same
Dagster instance, as ``importer import``: they appear in the UI as runs of the
session's partition, tagged with the session and the actor. The run's outcome
is reduced here to a plain JSON report (conflicts, component matches, the
first rows, warnings) and kept on the ``import_session`` row
(``preview_json["run"]``), so the API's session snapshots are built from the
database alone. The import config a session was last previewed with is read
back from its last run in the instance, so a re-preview or a commit changes
only what the client asked for.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from sqlalchemy import Engine

from api.errors import ApiError, NotFound
from dealbrain.auth import Actor, LaunchSecretError
from dealbrain.auth.launch_tokens import (
    CLI_RUN_TTL_SECONDS,
    LAUNCH_TOKEN_TAG,
    check_secret,
    sign_launch_token,
)
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportSession
from dealbrain.importing.undo import UndoResult, undo_import
from dealbrain.jsonsafe import to_jsonable
from dealbrain.settings import ImporterSettings
from dealbrain.store.frames import SHEET, SOURCE_ROW
from dealbrain.store.sessions import update_import_session

PREVIEW_ROWS = 20
"""Rows per entity kept in the report for the session's ``preview.rows``."""
IMPORT_JOB = "import_workbook"
SESSION_TAG_KEY = "dealbrain/session"


class LaunchUnavailable(ApiError):
    status_code = 503
    kind = "cannot_launch"


def _launch_tags(settings: ImporterSettings, actor: Actor) -> dict[str, str]:
    """The run tag carrying ``actor``'s launch token (nothing while auth is off)."""
    if not settings.auth_enabled:
        return {}
    secret = settings.launch_secret
    try:
        key = check_secret(secret.get_secret_value().encode("utf-8") if secret else None)
    except LaunchSecretError as error:
        raise LaunchUnavailable(f"The server cannot start import runs: {error}") from None
    token = sign_launch_token(key, actor, CLI_RUN_TTL_SECONDS)
    return {LAUNCH_TOKEN_TAG: token}


def _run(settings: ImporterSettings, engine: Engine, actor: Actor, session_id: str, config: dict[str, Any]) -> dict[str, Any]:
    from pipelines.launch import launch_job

    outcome = launch_job(
        IMPORT_JOB, settings=settings, session_id=session_id, actor=actor.name,
        run_config={"ops": {"uploaded_workbook": {"config": config}}}, tags=_launch_tags(settings, actor),
    )
    report = _report(outcome) | {"mapping_overrides": config.get("mapping_overrides", [])}
    with transaction(engine) as session:
        row = session.get(ImportSession, session_id)
        if row is not None:
            update_import_session(session, session_id, preview_json={**(row.preview_json or {}), "run": report})
    return report


def start_preview(
    settings: ImporterSettings, engine: Engine, actor: Actor, session_id: str, config: dict[str, Any]
) -> dict[str, Any]:
    """Preview ``config`` (the uploaded_workbook run config) as a run of the session's partition; its report."""
    return _run(settings, engine, actor, session_id, {**config, "commit": False})


def commit_session(
    settings: ImporterSettings, engine: Engine, actor: Actor, session_id: str, config: dict[str, Any]
) -> dict[str, Any]:
    """Preview ``config`` again with the client's decisions and write it when clean, in one run; its report."""
    return _run(settings, engine, actor, session_id, {**config, "commit": True})


def undo_session(engine: Engine, actor: Actor, session_id: str, *, only_untouched: bool = False) -> UndoResult:
    """Revert a committed session, exactly as `importer undo` does (the service checks the permission)."""
    return undo_import(engine, actor, session_id, only_untouched=only_untouched)


def last_import_config(settings: ImporterSettings, session_id: str) -> dict[str, Any]:
    """The uploaded_workbook config of the session's latest import run; `NotFound` when it has none."""
    import dagster as dg

    from pipelines.launch import shared_instance

    instance = shared_instance(settings)
    runs = instance.get_runs(dg.RunsFilter(job_name=IMPORT_JOB, tags={SESSION_TAG_KEY: session_id}), limit=1)
    if not runs:
        raise NotFound(f"Import session {session_id!r} has no import run on this server's Dagster instance.")
    config = runs[0].run_config.get("ops", {}).get("uploaded_workbook", {}).get("config", {})
    return {name: value for name, value in config.items() if name != "commit"}


def runs_of_session(settings: ImporterSettings, session_id: str) -> list[dict[str, Any]]:
    """The session's runs in the instance, newest first: id, job, status, tags, and the last progress sentence.

    ``progress`` is the latest batch line of a file imported batch by batch
    ("cpus: batch 12 read, typed and validated (...)"), None for a run that reported none.
    """
    import dagster as dg

    from pipelines.launch import last_progress, shared_instance

    instance = shared_instance(settings)
    return [
        {"run_id": run.run_id, "job": run.job_name, "status": run.status.value, "tags": dict(run.tags),
         "progress": last_progress(instance, run.run_id)}
        for run in instance.get_runs(dg.RunsFilter(tags={SESSION_TAG_KEY: session_id}))
    ]


def instance_reachable(settings: ImporterSettings) -> str | None:
    """None when the Dagster instance answers, else why not."""
    try:
        from pipelines.launch import shared_instance

        shared_instance(settings).get_runs(limit=1)
    except Exception as error:  # noqa: BLE001 - any failure means "not ready", reported as text
        return f"{type(error).__name__}: {error}"
    return None


def _report(outcome: Any) -> dict[str, Any]:
    """The run's outcome as JSON: what the session snapshot shows beyond the session row's columns."""
    from dealbrain.importing.summary import import_summary

    summary = import_summary(
        outcome.session_id, outcome.preview, outcome.result, outcome.errors + outcome.infrastructure_errors
    )
    report: dict[str, Any] = {"run_id": outcome.run_id, "success": outcome.success, "summary": summary}
    preview = outcome.preview
    if preview is None:
        return to_jsonable(report)
    report["columns"] = {
        sheet.name: [
            {"name": c.column, "samples": list(c.samples), "bucket": c.bucket.value, "field": c.field,
             "confidence": c.confidence, "rationale": c.rationale, "custom": c.custom}
            for c in sheet.mapping.columns
        ]
        for sheet in preview.sheets
    }
    report["entities"] = {
        sheet.name: {"inferred": sheet.inference.entity, "confidence": sheet.inference.confidence}
        for sheet in preview.resolution
    }
    report["conflicts"] = [item for name, entity in preview.entities.items() for item in _conflicts(name, entity.conflicts.diffs)]
    report["component_matches"] = {
        name: _rows(entity.components.matches) for name, entity in preview.entities.items() if entity.components.matches.height
    }
    report["rows"] = {name: _rows(entity.rows.head(PREVIEW_ROWS)) for name, entity in preview.entities.items()}
    return to_jsonable(report)


def _rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    keep = [c for c in frame.columns if not c.startswith("__") or c in (SHEET, SOURCE_ROW)]
    renamed = {SHEET: "sheet", SOURCE_ROW: "row_index"}
    return [
        {renamed.get(key, key): value for key, value in row.items()}
        for row in frame.select(keep).to_dicts()
    ]


def _conflicts(entity: str, diffs: pl.DataFrame) -> list[dict[str, Any]]:
    grouped: dict[str, dict[str, Any]] = {}
    for row in diffs.to_dicts():
        item = grouped.setdefault(
            row["key"], {"entity": entity, "identifier": row["key"], "fields": [], "decision": row.get("decision")}
        )
        item["fields"].append({"field": row["field"], "existing": row["before"], "incoming": row["after"]})
    return list(grouped.values())


def new_session_id() -> str:
    from pipelines.launch import new_session_id as launch_session_id

    return launch_session_id()


def check_config(config: dict[str, Any], actor: Actor) -> None:
    """Refuse a bad import config before any run starts, naming the setting at fault."""
    from dealbrain.importing.options import ImportOptions
    from dealbrain.importing.request import ImportRequestError

    try:
        ImportOptions.parse(config).to_request("check", actor.name)
    except ImportRequestError as error:
        raise ApiError(str(error)) from None
