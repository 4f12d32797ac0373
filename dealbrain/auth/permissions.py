"""Roles, permissions and the check every service makes before changing anything."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Engine

from dealbrain.audit import AuditAction, record_event
from dealbrain.db.engine import transaction
from dealbrain.errors import UserFacingError


class Role(StrEnum):
    ADMIN = "admin"
    OPERATOR = "operator"
    ANALYST = "analyst"


class Permission(StrEnum):
    READ = "read"
    IMPORT_PREVIEW = "import_preview"
    IMPORT_COMMIT = "import_commit"
    UNDO_IMPORT = "undo_import"
    EDIT_RECORDS = "edit_records"
    PROPOSE_CUSTOM_FIELD = "propose_custom_field"
    MANAGE_CUSTOM_FIELDS = "manage_custom_fields"
    MANAGE_USERS = "manage_users"


_OPERATOR = frozenset(
    {
        Permission.READ,
        Permission.IMPORT_PREVIEW,
        Permission.IMPORT_COMMIT,
        Permission.UNDO_IMPORT,
        Permission.EDIT_RECORDS,
        Permission.PROPOSE_CUSTOM_FIELD,
    }
)

PERMISSION_MATRIX: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.OPERATOR: _OPERATOR,
    Role.ANALYST: frozenset({Permission.READ}),
}


SWITCHED_OFF_BECAUSE = {
    Permission.PROPOSE_CUSTOM_FIELD: "operators' custom-field proposals are switched off in this environment "
    "(IMPORTER_FEATURE_OPERATOR_PROMOTIONS=false)",
}
"""Why a permission the role grants is refused when a feature switch turns it off."""


def roles_with(permission: Permission) -> list[Role]:
    return [role for role, granted in PERMISSION_MATRIX.items() if permission in granted]


@dataclass(frozen=True)
class Actor:
    """Who is acting, with the role they proved."""

    name: str
    role: Role
    switched_off: frozenset[Permission] = frozenset()
    """Permissions of the role that this deployment's feature switches turn off (see `environment_policy`)."""

    def can(self, permission: Permission) -> bool:
        return permission in PERMISSION_MATRIX[self.role] and permission not in self.switched_off


class PermissionDeniedError(UserFacingError, PermissionError):
    """The actor's role does not grant what they tried to do."""

    def __init__(self, actor: Actor, permission: Permission, action: str) -> None:
        if permission in actor.switched_off:
            reason = SWITCHED_OFF_BECAUSE.get(permission, "this deployment's feature switches turn it off")
            message = f"{actor.name} ({actor.role.value}) may not {action}: {reason}. Ask an admin to do it."
        else:
            needed = " or ".join(role.value for role in roles_with(permission))
            message = (
                f"{actor.name} ({actor.role.value}) may not {action}: it needs the {needed} role. "
                "Ask an admin to change your role or to do it for you."
            )
        super().__init__(message)
        self.actor = actor
        self.permission = permission
        self.action = action


def require(
    engine: Engine,
    actor: Actor,
    permission: Permission,
    *,
    action: str,
    entity: str | None = None,
    import_session_id: str | None = None,
) -> None:
    """Raise `PermissionDeniedError` (and audit the refusal) unless ``actor`` holds ``permission``.

    The refusal is recorded in its own transaction, so it survives the caller's rollback.
    """
    if actor.can(permission):
        return
    with transaction(engine) as session:
        record_event(
            session,
            actor=actor.name,
            action=AuditAction.PERMISSION_DENIED,
            entity=entity,
            import_session_id=import_session_id,
            payload={"permission": permission.value, "attempted": action, "role": actor.role.value},
        )
    raise PermissionDeniedError(actor, permission, action)
