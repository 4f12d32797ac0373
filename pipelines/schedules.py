"""Schedules. Recurring file imports are driven by the inbox sensor; this checks the stored data daily."""

import dagster as dg

from pipelines.jobs import reference_quality_job

reference_quality_schedule = dg.ScheduleDefinition(
    job=reference_quality_job,
    cron_schedule="0 6 * * *",
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Every day at 06:00: check the stored reference tables against their data-quality expectations.",
)
