"""What every run takes from the deployment: fixed when the code location loads, never from a run's config.

`Deployment` is bound as a resource with an empty config schema, so a run
config naming any of its values (the database URL, the upload folder, who
acts) is refused before the run starts. Who a run acts as comes from the
deployment alone: the configured local user while authentication is off
(or the sensor that started the run), the user a signed launch token names
while it is on. The token travels as the run tag `dealbrain/launch_token`,
is checked against the launch secret and the users table, and binds to the
first run that presents it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import dagster as dg
from sqlalchemy import Engine

from dealbrain.auth import Actor, AuthenticationError, Role
from dealbrain.auth.environment_policy import within_environment
from dealbrain.auth.launch_tokens import LAUNCH_TOKEN_TAG
from dealbrain.auth.local_user import local_actor
from dealbrain.auth.run_identity import identify_run
from dealbrain.db.connect import open_database
from dealbrain.importing.request import ImportRequestError
from dealbrain.importing.service import ImportService
from dealbrain.ingest import ReadLimits, UploadStore
from dealbrain.ingest.inbox import file_for_session
from dealbrain.settings import ImporterSettings

SENSOR_NAME_TAG = "dagster/sensor_name"
SCHEDULE_NAME_TAG = "dagster/schedule_name"
SENSOR_ROLE = Role.OPERATOR
"""Sensors start previews and, for sources that say so, commits: an operator's permissions."""


def sensor_actor(sensor_name: str) -> Actor:
    """The identity of runs a sensor or schedule starts (the user of that name must exist when authentication is on)."""
    return Actor(sensor_name, SENSOR_ROLE)


@dataclass(frozen=True)
class Deployment:
    """The importer's database, upload store, inbox and identity policy, from the settings."""

    settings: ImporterSettings

    def engine(self) -> Engine:
        """The importer database; only the embedded SQLite default upgrades itself."""
        return open_database(self.settings)

    @cached_property
    def uploads(self) -> UploadStore:
        return UploadStore(self.settings.effective_upload_dir)

    @property
    def inbox(self) -> Path:
        return self.settings.effective_inbox_dir

    def inbox_file_for(self, session_id: str) -> Path:
        """The inbox file ``session_id`` was registered for; a sentence saying what to do when there is none."""
        path = file_for_session(self.inbox, session_id)
        if path is None:
            raise ImportRequestError(
                f"No file in the inbox ({self.inbox}) matches session {session_id!r}: the file was moved or changed "
                "since the session was registered. Give `file` in the config, or drop the file in the inbox again "
                "and materialize inbox_files for a new session."
            )
        return path

    def imports(self) -> ImportService:
        settings = self.settings
        limits = ReadLimits(
            max_file_bytes=settings.import_max_file_bytes, max_rows=settings.import_max_rows,
            batch_above_bytes=settings.import_batch_above_bytes, batch_rows=settings.import_batch_rows,
        )
        return ImportService(self.engine(), self.uploads, limits)

    def actor_for(self, run: dg.DagsterRun) -> Actor:
        """Who ``run`` acts as, with what the environment's switches take away from the role."""
        return within_environment(self._proven_actor(run), self.settings.environment)

    def _proven_actor(self, run: dg.DagsterRun) -> Actor:
        """Who ``run`` acts as; a failed step saying what to do when authentication cannot prove it."""
        sensor = run.tags.get(SENSOR_NAME_TAG) or run.tags.get(SCHEDULE_NAME_TAG)  # a recurring source's schedule too
        if not self.settings.auth_enabled:
            try:
                actor = local_actor(self.settings)
            except AuthenticationError as error:
                raise dg.Failure(description=str(error), allow_retries=False) from None
            return sensor_actor(sensor) if sensor else actor
        secret = self.settings.launch_secret
        try:
            return identify_run(
                self.engine(), secret.get_secret_value().encode("utf-8") if secret else None,
                run.tags.get(LAUNCH_TOKEN_TAG), run.run_id,
            )
        except AuthenticationError as error:
            raise dg.Failure(description=str(error), allow_retries=False) from None


def deployment_resource(deployment: Deployment) -> dg.ResourceDefinition:
    """``deployment`` as a resource whose config schema is empty: a run config cannot set anything on it."""
    return dg.ResourceDefinition(
        resource_fn=lambda _: deployment,
        config_schema={},
        description="The importer deployment (database, upload store, inbox, identity), fixed by the environment.",
    )
