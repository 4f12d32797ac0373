"""Who acts while authentication is off: the configured local user, as admin, and only where the environment allows it.

The embedded single-user set-up (``IMPORTER_ENV=dev``) runs without
tokens. Staging and production require authentication: with it switched
off there, every surface (CLI, HTTP API, Dagster runs, the workspace)
refuses to act instead of letting anyone act as the admin.
"""

from __future__ import annotations

from dealbrain.auth.errors import AuthenticationError
from dealbrain.auth.permissions import Actor, Role
from dealbrain.environment import environment_problems
from dealbrain.settings import ImporterSettings


class AuthenticationRequiredError(AuthenticationError):
    """Authentication is off in an environment that requires it; nothing was done."""


def local_actor(settings: ImporterSettings) -> Actor:
    """The local user as admin, for a deployment whose authentication is off (a refusal outside dev)."""
    problems = environment_problems(settings.environment, auth_enabled=settings.auth_enabled)
    if problems:
        raise AuthenticationRequiredError(f"{' '.join(problems)} Nothing was done.")
    return Actor(name=settings.actor, role=Role.ADMIN)
