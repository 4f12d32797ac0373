"""Resources built from the settings: the only place Dagster learns about the environment."""

from __future__ import annotations

import dagster as dg

from dealbrain.settings import ImporterSettings
from pipelines.executors import step_io_manager_for
from resources.database import DatabaseResource
from resources.identity import ActorResource, AuthPolicyResource
from resources.upload_store import UploadStoreResource

LAUNCH_SECRET_VARIABLE = "IMPORTER_LAUNCH_SECRET"


def build_resources(settings: ImporterSettings) -> dict[str, object]:
    database = DatabaseResource(url=settings.effective_database_url, auto_upgrade=settings.uses_embedded_database)
    return {
        "database": database,
        "uploads": UploadStoreResource(
            root=str(settings.effective_upload_dir), inbox=str(settings.effective_inbox_dir)
        ),
        "identity": ActorResource(name=settings.actor, policy=_auth_policy(settings), database=database),
        # Celery: step values on the shared folder. In-process: unchanged until commit_import stops reading a pickle.
        "io_manager": step_io_manager_for(settings) if settings.executor == "celery"
        else dg.FilesystemIOManager(base_dir=str(settings.effective_dagster_home / "storage")),
    }


def _auth_policy(settings: ImporterSettings) -> AuthPolicyResource:
    """Authentication on: the launch secret is read by Dagster from the environment when a run starts.

    Without the variable the policy carries no secret and every run fails
    with a message naming IMPORTER_LAUNCH_SECRET, rather than the code
    location failing to load.
    """
    if not settings.auth_enabled:
        return AuthPolicyResource(auth_enabled=False)
    secret = dg.EnvVar(LAUNCH_SECRET_VARIABLE) if settings.launch_secret else None
    return AuthPolicyResource(auth_enabled=True, launch_secret=secret)
