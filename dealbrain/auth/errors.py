"""Refusals of the identity layer, each with a message saying what to do."""

from __future__ import annotations

from dealbrain.errors import UserFacingError


class AuthenticationError(UserFacingError):
    """A token was missing, unknown, revoked, forged, expired or already used."""


class LaunchSecretError(AuthenticationError):
    """IMPORTER_LAUNCH_SECRET is missing or too weak, so no launch token can be signed or checked."""


class UserError(UserFacingError, ValueError):
    """A user-management request that cannot be done as asked (unknown user, bad name, last admin...)."""
