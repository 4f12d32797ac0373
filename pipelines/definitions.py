"""The code location: composes assets, jobs, sensors and resources; defines nothing itself."""

from __future__ import annotations

import dagster as dg

from assets.audit import audit_log
from assets.custom_fields import custom_field_catalog
from assets.import_stages import IMPORT_STAGE_ASSETS
from assets.inbox_files import inbox_files
from assets.metrics import import_metrics
from assets.reference_quality import reference_data_quality
from assets.reference_tables import REFERENCE_TABLES
from assets.profile_replay import profile_replay
from assets.source_intake import source_intake
from assets.undo_assets import undone_import
from dealbrain.settings import ImporterSettings, load_settings
from pipelines.executors import executor_for
from pipelines.jobs import (
    commit_import_job,
    import_workbook_job,
    manage_custom_fields_job,
    metrics_job,
    reference_quality_job,
    undo_import_job,
)
from pipelines.audit_refresh import audit_refresh_sensors, refresh_audit_log_job
from pipelines.resources import build_resources
from pipelines.schedules import metrics_schedule, reference_quality_schedule
from pipelines.sensors import inbox_sensor, quality_after_import
from pipelines.sources import replay_profile_job, source_import_job, source_triggers


def build_definitions(settings: ImporterSettings) -> dg.Definitions:
    source_sensors, source_schedules = source_triggers(settings)
    return dg.Definitions(
        assets=[
            inbox_files, *IMPORT_STAGE_ASSETS, *REFERENCE_TABLES, custom_field_catalog, audit_log, import_metrics,
            reference_data_quality, undone_import, source_intake, profile_replay,
        ],
        jobs=[import_workbook_job, commit_import_job, manage_custom_fields_job, reference_quality_job, undo_import_job,
              refresh_audit_log_job, metrics_job, source_import_job, replay_profile_job],
        schedules=[reference_quality_schedule, metrics_schedule, *source_schedules],
        sensors=[inbox_sensor(settings), quality_after_import, *audit_refresh_sensors(settings), *source_sensors],
        resources=build_resources(settings),
        executor=executor_for(settings),
    )


defs = build_definitions(load_settings())
