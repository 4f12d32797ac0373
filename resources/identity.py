"""Who a Dagster run acts as: the local admin, or the user a signed launch token names."""

from __future__ import annotations

import dagster as dg
from pydantic import Field, PrivateAttr

from dealbrain.auth import Actor, AuthenticationError, Role
from dealbrain.auth.run_identity import identify_run
from resources.database import DatabaseResource


class AuthPolicyResource(dg.ConfigurableResource):
    """Whether runs must prove who launched them, and the key that checks the proof.

    Fixed by the deployment's environment (IMPORTER_AUTH_ENABLED,
    IMPORTER_LAUNCH_SECRET via `dg.EnvVar`, so the UI shows the variable's
    name, never its value). It is nested inside `ActorResource` and not bound
    as a resource of its own, so a run's config cannot switch it off.
    """

    auth_enabled: bool = Field(default=False, description="Runs need a launch token naming an active user.")
    launch_secret: str | None = Field(default=None, description="Key checking launch tokens (IMPORTER_LAUNCH_SECRET).")


class ActorResource(dg.ConfigurableResource):
    """The identity runs act as.

    With authentication off (the embedded single-user default) every run acts
    as the configured local user (``name``, ``role``). With it on, the run
    must carry a launch token (`importer token launch`) in its config, under
    ``resources: identity: config: launch_token``; the token is checked
    against the launch secret and the users table, and binds to the first run
    that presents it.
    """

    name: str = Field(default="local", description="The acting user's name while authentication is off.")
    role: str = Field(default=Role.ADMIN.value, description="The acting user's role while authentication is off.")
    launch_token: str | None = Field(
        default=None, description="When authentication is on: the output of `importer token launch`."
    )
    policy: AuthPolicyResource | None = None
    database: DatabaseResource | None = None

    _run_id: str | None = PrivateAttr(default=None)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        self._run_id = context.run.run_id if context.run else None

    @property
    def auth_enabled(self) -> bool:
        return bool(self.policy and self.policy.auth_enabled)

    def actor(self) -> Actor:
        """Who this run acts as; a failed step with what to do when authentication cannot prove it."""
        if not self.auth_enabled:
            return Actor(name=self.name, role=Role(self.role))
        if self.database is None:
            raise dg.Failure(description="Authentication is on but the identity resource has no database to check users in.")
        secret = self.policy.launch_secret if self.policy else None
        try:
            return identify_run(
                self.database.engine(), secret.encode("utf-8") if secret else None, self.launch_token, self._run_id
            )
        except AuthenticationError as error:
            raise dg.Failure(description=str(error), allow_retries=False) from None
