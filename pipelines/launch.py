"""Launching import runs in-process on the shared Dagster instance, so CLI runs show up in the UI."""

from __future__ import annotations

import os
import secrets
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import dagster as dg

from assets.progress_log import progress_sentence
from assets.session_partitions import ACTOR_TAG, SESSION_TAG, import_sessions
from dealbrain.importing.spine import COMMIT_STAGE, PREVIEW_STAGES
from dealbrain.importing.stages.commit import CommitResult
from dealbrain.importing.stages.validation import ImportPreview
from dealbrain.settings import ImporterSettings

QUIET_LOGGERS = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}
"""The CLI prints its own summary (warnings and errors included); Dagster's log stays in the UI."""
INSTANCE_CONFIG = """\
# Dagster instance shared by `importer import` and `importer ui` (runs, events, schedules).
telemetry:
  enabled: false
# While `importer ui` runs, its daemon fails runs whose process died (killed, crashed) once they
# exceed these limits, so a session is never left "started" forever; its preview can then be run again.
run_monitoring:
  enabled: true
  start_timeout_seconds: 180
  max_runtime_seconds: 7200
  poll_interval_seconds: 30
"""
STAGE_LABELS = {stage.name: stage.done for stage in PREVIEW_STAGES} | {COMMIT_STAGE: "committed"}
PROGRESS_LOOKBACK = 100
"""Log entries read back for a run's last progress line (a stage ends in a dozen events; checks, outputs, metadata)."""


@dataclass
class RunOutcome:
    session_id: str
    run_id: str
    success: bool
    preview: ImportPreview | None = None
    result: CommitResult | None = None
    errors: list[str] = field(default_factory=list)
    """Why the data or the request was refused, one sentence each."""
    infrastructure_errors: list[str] = field(default_factory=list)
    """Failures outside the data (database unreachable, a crashed step): nothing was written, retrying is safe."""


def shared_instance(settings: ImporterSettings) -> dg.DagsterInstance:
    """The Dagster instance in the settings' Dagster home, the same one `importer ui` serves."""
    home = settings.effective_dagster_home
    home.mkdir(parents=True, exist_ok=True)
    instance_config = home / "dagster.yaml"
    if not instance_config.exists():
        instance_config.write_text(INSTANCE_CONFIG, encoding="utf-8")
    os.environ["DAGSTER_HOME"] = str(home)  # handed to Dagster, which reads it itself
    return dg.DagsterInstance.get()


def new_session_id() -> str:
    return f"{datetime.now(UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


@dataclass(frozen=True)
class RunWatch:
    """What a launcher is told while its run goes on: each stage once it is done, each progress sentence of long work."""

    stage_done: Callable[[str], None]
    progress: Callable[[str], None] | None = None


def _watch(instance: dg.DagsterInstance, run_id: str, watch: RunWatch, done: threading.Event) -> None:
    """Relay the run's new log entries to ``watch`` every quarter second until ``done`` (then once more)."""
    cursor = None
    while True:
        finished = done.wait(0.25)
        page = instance.get_records_for_run(run_id, cursor=cursor)
        cursor = page.cursor if page.records else cursor
        for record in page.records:
            entry = record.event_log_entry
            if entry.dagster_event is None:
                sentence = progress_sentence(entry.user_message)
                if sentence is not None and watch.progress is not None:
                    watch.progress(sentence)
            elif entry.dagster_event.event_type is dg.DagsterEventType.STEP_SUCCESS:
                step = entry.step_key or ""
                watch.stage_done(STAGE_LABELS.get(step, step))
        if finished and not page.has_more:
            return


def last_progress(instance: dg.DagsterInstance, run_id: str) -> str | None:
    """The run's latest progress sentence, looked for among its last ``PROGRESS_LOOKBACK`` log entries."""
    page = instance.get_records_for_run(run_id, ascending=False, limit=PROGRESS_LOOKBACK)
    for record in page.records:
        entry = record.event_log_entry
        if entry.dagster_event is None and (sentence := progress_sentence(entry.user_message)) is not None:
            return sentence
    return None


def _failure_messages(result: dg.ExecuteInProcessResult) -> tuple[list[str], list[str]]:
    """The run's step failures: those a person caused (their message), and infrastructure failures."""
    refused, broken = [], []
    for event in result.all_events:
        if event.event_type is not dg.DagsterEventType.STEP_FAILURE:
            continue
        failure = event.step_failure_data
        if failure.user_failure_data is not None and failure.user_failure_data.description:
            refused.append(failure.user_failure_data.description)
        elif failure.error is not None:
            broken.append(f"{failure.error.cls_name}: {failure.error.message.strip()}")
    return refused, broken


def launch_job(
    job_name: str,
    *,
    settings: ImporterSettings,
    session_id: str,
    actor: str,
    run_config: dict[str, Any],
    tags: dict[str, str] | None = None,
    watch: RunWatch | None = None,
) -> RunOutcome:
    """Run ``job_name`` for one session partition and collect its preview and commit result.

    ``tags`` are added to the run's (the CLI's launch token travels as one); ``watch``
    is told of the run's stages and progress as they happen.
    """
    from pipelines.import_definitions import LAUNCHED_JOBS, build_import_definitions

    if job_name not in LAUNCHED_JOBS:
        raise ValueError(f"launch_job runs {' or '.join(LAUNCHED_JOBS)}, not {job_name!r}")
    instance = shared_instance(settings)
    instance.add_dynamic_partitions(import_sessions.name, [session_id])
    job = build_import_definitions(settings).resolve_job_def(job_name)  # these settings, not the import-time ones
    run_id = str(uuid.uuid4())
    done = threading.Event()
    watcher = threading.Thread(target=_watch, args=(instance, run_id, watch, done), daemon=True) if watch else None
    if watcher:
        watcher.start()
    try:
        result = job.execute_in_process(
            run_config=run_config | QUIET_LOGGERS,
            instance=instance,
            partition_key=session_id,
            run_id=run_id,
            tags={SESSION_TAG: session_id, ACTOR_TAG: actor, **(tags or {})},
            raise_on_error=False,
        )
    finally:
        done.set()
        if watcher:
            watcher.join()
    refused, broken = _failure_messages(result)
    outcome = RunOutcome(session_id, run_id, result.success, errors=refused, infrastructure_errors=broken)
    outcome.preview = _asset_value(result, "validated_preview")
    outcome.result = _asset_value(result, "committed_import")
    return outcome


def _asset_value(result: dg.ExecuteInProcessResult, key: str) -> Any:
    try:
        return result.asset_value(key)
    except Exception:  # noqa: BLE001 - Dagster raises several types for "not materialized in this run"
        return None
