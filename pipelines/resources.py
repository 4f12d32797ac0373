"""Resources built from the settings: the only place Dagster learns about the environment.

None of them can be configured from a run's config (their config schemas are
empty): the database, the folders and who acts are the deployment's.
"""

from __future__ import annotations

import dagster as dg

from dealbrain.settings import ImporterSettings
from pipelines.executors import step_io_manager_for
from resources.deployment import Deployment, deployment_resource


def build_resources(settings: ImporterSettings) -> dict[str, dg.ResourceDefinition]:
    return {
        "deployment": deployment_resource(Deployment(settings)),
        "io_manager": step_io_manager_for(settings),
    }
