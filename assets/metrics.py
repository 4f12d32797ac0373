"""Import metrics in the Dagster UI: figures an analyst charts over time, and the last 30 days as a table.

`import_metrics` refreshes after every audited run (it is in the audit group
the `audit_after_*` sensors refresh) and every day (`refresh_metrics` on its
schedule). The figures come from `dealbrain.audit.metrics`; the preview and
commit times from the instance's own step timings of the import and commit
runs, which the database does not keep. Every figure is numeric metadata, so
the asset's *Plots* tab charts each over the materializations.
"""

from datetime import UTC, date, datetime, timedelta

import dagster as dg

from assets.audit import AUDIT_GROUP
from assets.presentation import markdown, records_markdown
from assets.session_partitions import VERDICT_TAG, Verdict
from dealbrain.audit.metrics import DAY_COLUMNS, ROW_COUNTS, Timing
from dealbrain.audit.metrics import import_metrics as compute_metrics
from dealbrain.auth import Permission, PermissionDeniedError, require
from dealbrain.importing.spine import COMMIT_STAGE, STAGE_NAMES
from resources.deployment import Deployment

WINDOW_DAYS = 30
TIMED_JOBS = ("import_workbook", "commit_import")


def run_timings(instance: dg.DagsterInstance, since: date) -> list[Timing]:
    """Per import run since ``since``: its preview's seconds (the preview stages' steps), and its commit's if it wrote."""
    start = datetime.combine(since, datetime.min.time(), tzinfo=UTC)
    timings = []
    for job in TIMED_JOBS:
        for run in instance.get_runs(dg.RunsFilter(job_name=job, created_after=start, statuses=[dg.DagsterRunStatus.SUCCESS])):
            steps = {s.step_key: s for s in instance.get_run_step_stats(run.run_id) if s.start_time and s.end_time}
            day = datetime.fromtimestamp(min((s.start_time for s in steps.values()), default=0), UTC).date()
            previewed = [steps[name] for name in STAGE_NAMES if name in steps]
            if len(previewed) == len(STAGE_NAMES):
                timings.append(Timing(day, "preview", sum(s.end_time - s.start_time for s in previewed)))
            commit = steps.get(COMMIT_STAGE)
            if commit is not None and run.tags.get(VERDICT_TAG) == Verdict.COMMITTED:
                timings.append(Timing(day, "commit", commit.end_time - commit.start_time))
    return timings


@dg.asset(group_name=AUDIT_GROUP, kinds={"sql"}, owners=["team:data-operations"])
def import_metrics(context: dg.AssetExecutionContext, deployment: dg.ResourceParam[Deployment]) -> dg.MaterializeResult:
    """Imports per day (previewed, committed, held, refused), rows per entity, custom field usage, edits, median times."""
    engine = deployment.engine()
    try:
        require(engine, deployment.actor_for(context.run), Permission.READ, action="read the import metrics")
    except PermissionDeniedError as refusal:
        raise dg.Failure(description=str(refusal), allow_retries=False) from None
    today = datetime.now(UTC).date()
    metrics = compute_metrics(engine, today, run_timings(context.instance, today - timedelta(days=WINDOW_DAYS)), WINDOW_DAYS)
    rows = [{"entity": name, **counts} for name, counts in metrics.rows_by_entity.items()]
    return dg.MaterializeResult(
        metadata={
            **metrics.figures(),
            "last_30_days": markdown(records_markdown(list(reversed(metrics.days)), DAY_COLUMNS)),
            "rows_by_entity": markdown(records_markdown(rows, ["entity", *ROW_COUNTS])),
            "custom_field_usage": markdown(
                records_markdown(metrics.custom_fields, ["entity", "field", "records_with_value", "records"])
            ),
            "window": f"{metrics.since.isoformat()} to {metrics.until.isoformat()} (UTC)",
        }
    )
