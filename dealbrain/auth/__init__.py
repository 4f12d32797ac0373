"""Roles and permissions, checked by every service whatever the surface."""

from dealbrain.auth.permissions import (
    PERMISSION_MATRIX,
    Actor,
    Permission,
    PermissionDeniedError,
    Role,
    require,
    roles_with,
)

__all__ = ["PERMISSION_MATRIX", "Actor", "Permission", "PermissionDeniedError", "Role", "require", "roles_with"]
