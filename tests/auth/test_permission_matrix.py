"""Every role × permission: `require` allows what the matrix grants and refuses (and audits) the rest."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from dealbrain.audit import AuditAction, AuditFilter, query_events
from dealbrain.auth import (
    PERMISSION_MATRIX,
    Actor,
    Permission,
    PermissionDeniedError,
    Role,
    require,
    roles_with,
)
from dealbrain.db.engine import transaction

CASES = [(role, permission) for role in Role for permission in Permission]


def _denials(engine: Engine) -> list:
    with transaction(engine) as session:
        return list(query_events(session, AuditFilter(action=AuditAction.PERMISSION_DENIED)))


def test_the_matrix_covers_every_role_and_admins_hold_everything() -> None:
    assert set(PERMISSION_MATRIX) == set(Role)
    assert PERMISSION_MATRIX[Role.ADMIN] == frozenset(Permission)
    assert PERMISSION_MATRIX[Role.ANALYST] == frozenset({Permission.READ})
    assert Permission.MANAGE_USERS not in PERMISSION_MATRIX[Role.OPERATOR]


@pytest.mark.parametrize(("role", "permission"), CASES, ids=[f"{r.value}-{p.value}" for r, p in CASES])
def test_require_follows_the_matrix(engine: Engine, role: Role, permission: Permission) -> None:
    actor = Actor(f"{role.value}-user", role)
    if permission in PERMISSION_MATRIX[role]:
        require(engine, actor, permission, action="do it", entity="cpu")
        assert _denials(engine) == []
        return
    with pytest.raises(PermissionDeniedError) as refusal:
        require(engine, actor, permission, action="do it", entity="cpu", import_session_id=None)
    message = str(refusal.value)
    assert f"{actor.name} ({role.value}) may not do it" in message
    assert all(allowed.value in message for allowed in roles_with(permission))
    (event,) = _denials(engine)
    assert (event.actor, event.entity) == (actor.name, "cpu")
    assert event.payload_json == {"permission": permission.value, "attempted": "do it", "role": role.value}
