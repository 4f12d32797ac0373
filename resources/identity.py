"""Who a Dagster run acts as."""

from __future__ import annotations

import dagster as dg
from pydantic import Field

from dealbrain.auth import Actor, Role


class ActorResource(dg.ConfigurableResource):
    """The identity runs act as.

    With authentication off (the embedded single-user default) every run acts
    as the configured local user with the admin role.
    """

    name: str = Field(default="local", description="The acting user's name, recorded in the audit log.")
    role: str = Field(default=Role.ADMIN.value, description="The acting user's role: admin, operator or analyst.")

    def actor(self) -> Actor:
        return Actor(name=self.name, role=Role(self.role))
