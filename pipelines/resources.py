"""Resources built from the settings: the only place Dagster learns about the environment."""

from __future__ import annotations

import dagster as dg

from dealbrain.settings import ImporterSettings
from resources.database import DatabaseResource
from resources.identity import ActorResource
from resources.upload_store import UploadStoreResource


def build_resources(settings: ImporterSettings) -> dict[str, object]:
    return {
        "database": DatabaseResource(
            url=settings.effective_database_url, auto_upgrade=settings.uses_embedded_database
        ),
        "uploads": UploadStoreResource(root=str(settings.effective_upload_dir)),
        "identity": ActorResource(name=settings.actor),
        "io_manager": dg.FilesystemIOManager(base_dir=str(settings.effective_dagster_home / "storage")),
    }
