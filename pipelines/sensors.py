"""Sensors: a dropped file becomes a previewed import session; a commit triggers the quality suite."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import dagster as dg

from assets.import_assets import ACTOR_TAG, SESSION_TAG
from pipelines.jobs import commit_import_job, import_workbook_job, reference_quality_job
from pipelines.partitions import import_sessions
from resources.upload_store import UploadStoreResource

SUPPORTED_SUFFIXES = {".xlsx", ".xlsm", ".csv", ".tsv"}
SENSOR_ACTOR = "inbox-sensor"


def _version(path: Path) -> str:
    status = path.stat()
    return f"{status.st_mtime_ns}:{status.st_size}"


def _session_id(path: Path) -> str:
    """Stable per file version: the same bytes dropped again map to the same session."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    stem = "".join(c if c.isalnum() else "-" for c in path.stem.lower()).strip("-")[:40] or "upload"
    return f"{stem}-{digest}"


@dg.sensor(
    job=import_workbook_job,
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Previews every new or changed file dropped in the inbox folder as a new import session.",
)
def inbox_sensor(context: dg.SensorEvaluationContext, uploads: UploadStoreResource) -> dg.SensorResult | dg.SkipReason:
    """Keeps a JSON cursor of file versions seen; a new version adds a partition and requests a preview run.

    The sensor never parses files (that happens in the run), so a hostile file cannot take the daemon down.
    """
    if not uploads.inbox:
        return dg.SkipReason("No inbox folder is configured.")
    inbox = Path(uploads.inbox)
    if not inbox.is_dir():
        return dg.SkipReason(f"The inbox folder {inbox} does not exist yet.")
    seen: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
    requests, sessions = [], []
    for path in sorted(inbox.iterdir()):
        if not path.is_file() or path.suffix.lower() not in SUPPORTED_SUFFIXES:
            continue
        version = _version(path)
        if seen.get(path.name) == version:
            continue
        seen[path.name] = version
        session_id = _session_id(path)
        sessions.append(session_id)
        requests.append(
            dg.RunRequest(
                run_key=session_id,
                partition_key=session_id,
                run_config={"ops": {"uploaded_workbook": {"config": {"file": str(path)}}}},
                tags={SESSION_TAG: session_id, ACTOR_TAG: SENSOR_ACTOR},
            )
        )
    if not requests:
        return dg.SkipReason("No new files in the inbox.")
    return dg.SensorResult(
        run_requests=requests,
        dynamic_partitions_requests=[import_sessions.build_add_request(sessions)],
        cursor=json.dumps(seen, sort_keys=True),
    )


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[import_workbook_job, commit_import_job],
    request_job=reference_quality_job,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Runs the reference-data quality suite after each successful import run.",
)
def quality_after_import(context: dg.RunStatusSensorContext) -> dg.RunRequest:
    return dg.RunRequest(run_key=context.dagster_run.run_id)
