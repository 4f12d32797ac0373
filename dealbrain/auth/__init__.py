"""Roles and permissions, checked by every service whatever the surface; identities and their tokens."""

from dealbrain.auth.errors import AuthenticationError, LaunchSecretError, UserError
from dealbrain.auth.permissions import (
    PERMISSION_MATRIX,
    Actor,
    Permission,
    PermissionDeniedError,
    Role,
    require,
    roles_with,
)

__all__ = [
    "PERMISSION_MATRIX",
    "Actor",
    "AuthenticationError",
    "LaunchSecretError",
    "Permission",
    "PermissionDeniedError",
    "Role",
    "UserError",
    "require",
    "roles_with",
]
