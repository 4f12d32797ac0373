"""Schedules. Recurring file imports are driven by the inbox sensor; these check the stored data and refresh the metrics daily."""

import dagster as dg

from pipelines.jobs import metrics_job, reference_quality_job

reference_quality_schedule = dg.ScheduleDefinition(
    job=reference_quality_job,
    cron_schedule="0 6 * * *",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Every day at 06:00: check the stored reference tables against their data-quality expectations.",
)

metrics_schedule = dg.ScheduleDefinition(
    job=metrics_job,
    cron_schedule="15 0 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Every day at 00:15 UTC: recompute the import metrics, so the day that ended is charted even without runs.",
)
