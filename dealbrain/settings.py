"""The one place that reads the environment.

Everything configurable flows environment -> `ImporterSettings` -> Dagster
resources / CLI -> domain code. No other module calls ``os.getenv``.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from dealbrain.environment import Environment, EnvironmentName, resolve_environment

EMBEDDED_DATABASE_FILE = "importer.db"


class ImporterSettings(BaseSettings):
    """Settings of the importer, read from ``IMPORTER_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="IMPORTER_", extra="ignore")

    data_dir: Path = Field(
        default=Path(".data"),
        description="Local folder for the embedded database, uploads and the Dagster home.",
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL. Default: an SQLite file in the data folder, migrated on first use.",
    )
    upload_dir: Path | None = Field(default=None, description="Where uploaded files are kept, by sha256.")
    dagster_home: Path | None = Field(default=None, description="Dagster instance folder shared by CLI and UI.")
    dagster_ui_url: str = Field(
        default="http://127.0.0.1:3000", description="Where people open the Dagster UI (`importer ui`); the workspace links to it."
    )
    inbox_dir: Path | None = Field(default=None, description="Folder watched for new files to preview.")
    sources_dir: Path = Field(
        default=Path("sources"),
        description="Folder of recurring sources, one YAML file each (relative: to the working directory of the code location).",
    )
    actor: str = Field(default="local", description="Who the embedded single-user mode acts as.")
    auth_enabled: bool = Field(
        default=False,
        description="Require a user token (CLI) and a signed launch token (Dagster runs); off: everyone is the local admin.",
    )
    token: SecretStr | None = Field(default=None, description="The CLI user's token when authentication is on.")
    launch_secret: SecretStr | None = Field(
        default=None,
        description="Key signing launch tokens; the same value for the CLI, the webserver and the daemon.",
    )
    workspace_secret: SecretStr | None = Field(
        default=None,
        description="Key signing the workspace's session cookie (default: a new one per `importer serve`, signing browsers out on restart).",
    )
    env: EnvironmentName = Field(
        default=EnvironmentName.DEV,
        description="Deployment environment (dev, staging, prod); chooses the defaults of the switches below.",
    )
    feature_web_workspace: bool | None = Field(default=None, description="The web workspace (default: by environment).")
    feature_operator_promotions: bool | None = Field(
        default=None, description="Operators may propose custom-field promotions (default: by environment)."
    )
    feature_unattended_commits: bool | None = Field(
        default=None, description="Recurring sources may commit without review (default: off everywhere)."
    )
    feature_legacy_api_routes: bool | None = Field(
        default=None, description="The HTTP API's legacy routes (default: by environment)."
    )
    executor: Literal["in_process", "celery"] = Field(
        default="in_process",
        description="How a run executes its steps: in the run's own process, or on Celery workers.",
    )
    shared_storage_dir: Path | None = Field(
        default=None,
        description="Folder every Celery worker can read and write, holding the values passed between steps.",
    )
    celery_broker_url: str = Field(
        default="pyamqp://guest:guest@127.0.0.1:5672//", description="Celery broker (RabbitMQ) for IMPORTER_EXECUTOR=celery."
    )
    celery_queue: str = Field(default="dagster", description="Celery queue the steps are sent to and workers listen on.")
    celery_backend_url: str = Field(
        default="redis://127.0.0.1:6379/0", description="Celery result backend (Redis) for IMPORTER_EXECUTOR=celery."
    )

    api_preview_wait_seconds: float = Field(
        default=30.0, ge=0, description="How long POST /v1/imports/sessions waits for the preview before answering 202."
    )
    import_batch_above_bytes: int = Field(
        default=64 * 1024 * 1024, gt=0,
        description="A CSV, TSV or JSON Lines file at least this large is imported batch by batch (memory flat in the rows).",
    )
    import_batch_rows: int = Field(default=200_000, gt=0, description="Rows per batch when a file is imported batch by batch.")
    import_max_file_bytes: int = Field(
        default=200 * 1024 * 1024, gt=0,
        description="Largest file an import reads; raise it for CSV, TSV or JSON Lines files imported batch by batch.",
    )
    import_max_rows: int = Field(default=2_000_000, gt=0, description="Most data rows an import reads from one sheet or file.")
    api_max_upload_bytes: int = Field(default=200 * 1024 * 1024, gt=0, description="Largest file the HTTP API accepts.")

    @cached_property
    def resolved_data_dir(self) -> Path:
        return self.data_dir.expanduser().resolve()

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.resolved_data_dir / EMBEDDED_DATABASE_FILE}"

    @property
    def uses_embedded_database(self) -> bool:
        """True when no URL was given: the embedded database may upgrade itself."""
        return not self.database_url

    @property
    def effective_upload_dir(self) -> Path:
        return (self.upload_dir or self.resolved_data_dir / "uploads").expanduser().resolve()

    @property
    def effective_inbox_dir(self) -> Path:
        return (self.inbox_dir or self.resolved_data_dir / "inbox").expanduser().resolve()

    @property
    def effective_dagster_home(self) -> Path:
        return (self.dagster_home or self.resolved_data_dir / "dagster_home").expanduser().resolve()

    @property
    def effective_shared_storage_dir(self) -> Path:
        return (self.shared_storage_dir or self.resolved_data_dir / "shared_storage").expanduser().resolve()

    @property
    def environment(self) -> Environment:
        """The environment in force, with the feature switches set here replacing its defaults."""
        return resolve_environment(
            self.env,
            {
                "web_workspace": self.feature_web_workspace,
                "operator_promotions": self.feature_operator_promotions,
                "unattended_commits": self.feature_unattended_commits,
                "legacy_api_routes": self.feature_legacy_api_routes,
            },
        )


def load_settings() -> ImporterSettings:
    """Read the settings from the current environment."""
    return ImporterSettings()
