"""Sensors: a dropped file becomes a previewed import session; a successful import triggers the quality suite."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg

from assets.session_partitions import FILE_TAG, SESSION_TAG, import_sessions
from dealbrain.auth.launch_tokens import CLI_RUN_TTL_SECONDS, LAUNCH_TOKEN_TAG, check_secret, sign_launch_token
from dealbrain.ingest.inbox import importable_files, session_id_for
from dealbrain.settings import ImporterSettings
from pipelines.jobs import commit_import_job, import_workbook_job, reference_quality_job
from resources.deployment import sensor_actor

INBOX_SENSOR = "inbox_sensor"


def _version(path: Path) -> str:
    status = path.stat()
    return f"{status.st_mtime_ns}:{status.st_size}"


def _launch_tags(settings: ImporterSettings) -> dict[str, str]:
    """With authentication on, the sensor signs a launch token for itself (a user named after it must exist)."""
    if not settings.auth_enabled or settings.launch_secret is None:
        return {}
    secret = check_secret(settings.launch_secret.get_secret_value().encode("utf-8"))
    return {LAUNCH_TOKEN_TAG: sign_launch_token(secret, sensor_actor(INBOX_SENSOR), CLI_RUN_TTL_SECONDS)}


def inbox_sensor(settings: ImporterSettings) -> dg.SensorDefinition:
    """The sensor watching the inbox folder of ``settings`` (created on first use); on by default in dev (IMPORTER_ENV)."""
    inbox = settings.effective_inbox_dir
    running = settings.environment.inbox_sensor_running
    default = dg.DefaultSensorStatus.RUNNING if running else dg.DefaultSensorStatus.STOPPED

    @dg.sensor(
        name=INBOX_SENSOR,
        job=import_workbook_job,
        minimum_interval_seconds=15,
        default_status=default,
        description=f"Previews every new or changed file (.xlsx, .csv, .tsv, .json, .jsonl) dropped in {inbox} as a new import session.",
    )
    def watch_inbox(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
        """Keeps a JSON cursor of file versions seen; a new version adds a partition and requests a preview run.

        The sensor never parses files (that happens in the run), so a hostile file cannot take the daemon down.
        """
        seen: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
        requests, sessions = [], []
        for path in importable_files(inbox):
            version = _version(path)
            if seen.get(path.name) == version:
                continue
            seen[path.name] = version
            session_id = session_id_for(path)
            sessions.append(session_id)
            requests.append(
                dg.RunRequest(
                    run_key=f"{session_id}:{version}",
                    partition_key=session_id,
                    run_config={"ops": {"uploaded_workbook": {"config": {"file": str(path)}}}},
                    tags={SESSION_TAG: session_id, FILE_TAG: path.name, **_launch_tags(settings)},
                )
            )
        if not requests:
            return dg.SkipReason(f"No new files in {inbox}.")
        return dg.SensorResult(
            run_requests=requests,
            dynamic_partitions_requests=[import_sessions.build_add_request(sessions)],
            cursor=json.dumps(seen, sort_keys=True),
        )

    return watch_inbox


@dg.run_status_sensor(
    run_status=dg.DagsterRunStatus.SUCCESS,
    monitored_jobs=[import_workbook_job, commit_import_job],
    request_job=reference_quality_job,
    default_status=dg.DefaultSensorStatus.STOPPED,
    description="Runs the reference-data quality suite after each successful import run.",
)
def quality_after_import(context: dg.RunStatusSensorContext) -> dg.RunRequest:
    return dg.RunRequest(run_key=context.dagster_run.run_id)
