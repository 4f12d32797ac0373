"""One sensor or schedule per recurring source, read from the sources folder when the code location loads.

Adding a source is adding a YAML file (`dealbrain/sources/declaration.py`
documents the fields). A malformed file does not stop the others: the code
location loads, the file's problem is logged as a warning naming the file and
field, and `importer sources check` prints it.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

import dagster as dg

from assets.session_partitions import FILE_TAG, SESSION_TAG, SOURCE_TAG, import_sessions
from assets.profile_replay import profile_replay
from assets.source_intake import source_intake
from dealbrain.auth.launch_tokens import CLI_RUN_TTL_SECONDS, LAUNCH_TOKEN_TAG, check_secret, sign_launch_token
from dealbrain.settings import ImporterSettings
from dealbrain.sources.declaration import SourceDeclaration, session_id_for_source
from dealbrain.sources.loader import load_sources
from resources.deployment import sensor_actor

SOURCE_JOB = "source_import"
LOG = logging.getLogger(__name__)

source_import_job = dg.define_asset_job(
    name=SOURCE_JOB,
    selection=dg.AssetSelection.assets(source_intake),
    description="One unattended import of a recurring source's file: commit when clean, hold for a person otherwise.",
    tags={"dealbrain/job": "source", "dealbrain/writes": "database"},
)

replay_profile_job = dg.define_asset_job(
    name="replay_profile",
    selection=dg.AssetSelection.assets(profile_replay),
    description="Replay a changed import profile over its stored past files and report what would differ (nothing is committed).",
    tags={"dealbrain/job": "replay"},
)


def _tags(settings: ImporterSettings, source: SourceDeclaration) -> dict[str, str]:
    """Runs act as the source (a user named after it must exist when authentication is on)."""
    if not settings.auth_enabled or settings.launch_secret is None:
        return {}
    secret = check_secret(settings.launch_secret.get_secret_value().encode("utf-8"))
    return {LAUNCH_TOKEN_TAG: sign_launch_token(secret, sensor_actor(source.name), CLI_RUN_TTL_SECONDS)}


def _request(settings: ImporterSettings, source: SourceDeclaration, path, session_id: str) -> dg.RunRequest:
    return dg.RunRequest(
        run_key=session_id, partition_key=session_id,
        run_config={"ops": {"source_intake": {"config": {"source": source.name, "file": str(path)}}}},
        tags={SESSION_TAG: session_id, FILE_TAG: path.name, SOURCE_TAG: source.name, **_tags(settings, source)},
    )


def url_session_id(source: SourceDeclaration, when: datetime) -> str:
    """A URL source's session: the source and the tick's time (its bytes are known only once the run fetched them)."""
    return f"{source.name}-{when.astimezone(UTC):%Y%m%d-%H%M}"


def _url_request(settings: ImporterSettings, source: SourceDeclaration, session_id: str) -> dg.RunRequest:
    """The run fetches the URL; it imports nothing when the content is the source's last import's."""
    return dg.RunRequest(
        run_key=session_id, partition_key=session_id,
        run_config={"ops": {"source_intake": {"config": {"source": source.name}}}},
        tags={SESSION_TAG: session_id, SOURCE_TAG: source.name, **_tags(settings, source)},
    )


def source_sensor(settings: ImporterSettings, source: SourceDeclaration) -> dg.SensorDefinition:
    trigger = source.trigger.sensor

    @dg.sensor(name=source.name, job=source_import_job, minimum_interval_seconds=trigger.minimum_interval_seconds,
               default_status=dg.DefaultSensorStatus.STOPPED,
               description=source.description or f"Imports new files of source {source.name} with profile {source.profile}.")
    def watch(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
        seen: dict[str, str] = json.loads(context.cursor) if context.cursor else {}
        requests, sessions = [], []
        for path in source.files_now():
            session_id = session_id_for_source(source.name, path)
            if seen.get(str(path)) == session_id:
                continue
            seen[str(path)] = session_id
            sessions.append(session_id)
            requests.append(_request(settings, source, path, session_id))
        if not requests:
            return dg.SkipReason(f"No new files for source {source.name}.")
        return dg.SensorResult(run_requests=requests, cursor=json.dumps(seen, sort_keys=True),
                               dynamic_partitions_requests=[import_sessions.build_add_request(sessions)])

    return watch


def source_schedule(settings: ImporterSettings, source: SourceDeclaration) -> dg.ScheduleDefinition:
    @dg.schedule(name=source.name, job=source_import_job, cron_schedule=source.trigger.schedule,
                 default_status=dg.DefaultScheduleStatus.STOPPED,
                 description=source.description or f"Re-reads source {source.name} ({source.url or 'its file'}) with profile {source.profile}.")
    def tick(context: dg.ScheduleEvaluationContext) -> dg.RunRequest | dg.SkipReason:
        if source.url is not None:
            session_id = url_session_id(source, context.scheduled_execution_time or datetime.now(UTC))
            context.instance.add_dynamic_partitions(import_sessions.name, [session_id])
            return _url_request(settings, source, session_id)
        files = source.files_now()
        if not files:
            return dg.SkipReason(f"Source {source.name} has no file now.")
        session_id = session_id_for_source(source.name, files[-1])
        context.instance.add_dynamic_partitions(import_sessions.name, [session_id])
        return _request(settings, source, files[-1], session_id)

    return tick


def source_triggers(settings: ImporterSettings) -> tuple[list[dg.SensorDefinition], list[dg.ScheduleDefinition]]:
    """The sensors and schedules of every source that loads; each malformed file is logged and skipped."""
    loaded = load_sources(settings.sources_dir)
    for problem in loaded.problems:
        LOG.warning("Recurring source skipped: %s", problem)
    sensors = [source_sensor(settings, s) for s in loaded.sources if s.trigger.sensor is not None]
    schedules = [source_schedule(settings, s) for s in loaded.sources if s.trigger.schedule is not None]
    return sensors, schedules
