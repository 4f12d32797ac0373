"""The import jobs alone, for runs the CLI, the API and recurring-source commits launch in their own process.

`pipelines.definitions` composes the whole code location (every asset, job,
sensor, schedule and recurring source) for `dagster dev` and the daemon. A
process that runs one `import_workbook` or `commit_import` in-process needs
only the import session's assets, the two jobs, the resources and the
executor: building the rest would import modules (the audit, metrics,
quality and source assets, their sensors and schedules) the run never
touches. The jobs, assets and resources are the same objects, so runs
launched here look in the UI exactly as runs the code location launches.
"""

from __future__ import annotations

import dagster as dg

from assets.import_stages import IMPORT_STAGE_ASSETS
from dealbrain.settings import ImporterSettings
from pipelines.executors import executor_for
from pipelines.jobs import commit_import_job, import_workbook_job
from pipelines.resources import build_resources

LAUNCHED_JOBS = (import_workbook_job.name, commit_import_job.name)
"""The jobs `pipelines.launch.launch_job` runs."""


def build_import_definitions(settings: ImporterSettings) -> dg.Definitions:
    """The import session's assets and the jobs that preview and commit them, with these settings' resources."""
    return dg.Definitions(
        assets=IMPORT_STAGE_ASSETS,
        jobs=[import_workbook_job, commit_import_job],
        resources=build_resources(settings),
        executor=executor_for(settings),
    )
