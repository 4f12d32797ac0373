"""Keeping the `audit_log` and `import_metrics` assets current: refreshed after every run that writes audit events.

Two run-status sensors (one for runs that succeeded, one for runs that
failed, since a refused commit is audited too) request `refresh_audit_log`
after each import, commit, undo and custom-field run. Like the inbox sensor
they are on by default in the embedded set-up, off on a shared database
until switched on in the UI.
"""

from __future__ import annotations

import dagster as dg

from assets.audit import AUDIT_GROUP
from dealbrain.settings import ImporterSettings
from pipelines.jobs import commit_import_job, import_workbook_job, manage_custom_fields_job, undo_import_job

AUDITED_JOBS = [import_workbook_job, commit_import_job, undo_import_job, manage_custom_fields_job]

refresh_audit_log_job = dg.define_asset_job(
    name="refresh_audit_log",
    selection=dg.AssetSelection.groups(AUDIT_GROUP),
    executor_def=dg.in_process_executor,
    description="Re-read the audit log (filters from the Launchpad: session, entity, actor, action, since, until) "
    "and recompute the import metrics.",
    tags={"dealbrain/job": "audit"},
)


def audit_refresh_sensors(settings: ImporterSettings) -> list[dg.SensorDefinition]:
    """The sensors refreshing `audit_log` after audited runs end, either way."""
    default = dg.DefaultSensorStatus.RUNNING if settings.uses_embedded_database else dg.DefaultSensorStatus.STOPPED
    sensors = []
    for status, name in ((dg.DagsterRunStatus.SUCCESS, "audit_after_success"), (dg.DagsterRunStatus.FAILURE, "audit_after_failure")):

        @dg.run_status_sensor(
            name=name,
            run_status=status,
            monitored_jobs=AUDITED_JOBS,
            request_job=refresh_audit_log_job,
            default_status=default,
            minimum_interval_seconds=5,
            description=f"Refreshes the audit_log asset after each import, commit, undo or custom-field run ends ({status.value.lower()}).",
        )
        def refresh(context: dg.RunStatusSensorContext) -> dg.RunRequest:
            return dg.RunRequest(run_key=f"audit:{context.dagster_run.run_id}")

        sensors.append(refresh)
    return sensors
