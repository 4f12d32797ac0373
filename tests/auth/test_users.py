"""Users: bootstrap, add, list, roles, revocation, token rotation, authentication; all audited."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine, select

from dealbrain.audit import AuditAction, AuditFilter, query_events
from dealbrain.auth import (
    Actor,
    AuthenticationError,
    PermissionDeniedError,
    Role,
    UserError,
)
from dealbrain.auth.users import UserService, authenticate, has_users, hash_token
from dealbrain.db.engine import transaction
from dealbrain.db.models import AppUser


def _user_events(engine: Engine) -> list:
    with transaction(engine) as session:
        return list(query_events(session, AuditFilter(action=AuditAction.USER_CHANGED)))


def test_the_first_user_needs_no_permission_but_must_be_an_admin(engine: Engine) -> None:
    assert not has_users(engine)
    with pytest.raises(UserError, match="first one must be an admin"):
        UserService(engine, None).add("ops", Role.OPERATOR)
    user, token = UserService(engine, None).add("root", Role.ADMIN)
    assert (user.username, user.role, user.active, user.created_by) == ("root", Role.ADMIN, True, "bootstrap")
    assert authenticate(engine, token) == Actor("root", Role.ADMIN)
    with pytest.raises(AuthenticationError, match="Only an admin may add a user"):
        UserService(engine, None).add("second", Role.ADMIN)


def test_only_the_token_hash_is_stored_and_audit_events_never_hold_it(engine: Engine, users: UserService) -> None:
    user, token = users.add("olga", Role.OPERATOR)
    with transaction(engine) as session:
        stored = session.scalars(select(AppUser).where(AppUser.username == "olga")).one()
    assert stored.token_hash == hash_token(token) and token not in stored.token_hash
    events = _user_events(engine)
    assert [e.payload_json["change"] for e in events] == ["added", "added"]
    added = events[-1]
    assert (added.actor, added.payload_json["before"], added.payload_json["after"]["role"]) == ("root", None, "operator")
    serialized = json.dumps([e.payload_json for e in events])
    assert token not in serialized and stored.token_hash not in serialized


def test_managing_users_needs_the_admin_role(engine: Engine, users: UserService) -> None:
    users.add("olga", Role.OPERATOR)
    operator = UserService(engine, Actor("olga", Role.OPERATOR))
    for attempt in (lambda: operator.add("eve"), operator.list_users, lambda: operator.set_role("olga", "admin")):
        with pytest.raises(PermissionDeniedError, match="needs the admin role"):
            attempt()
    with transaction(engine) as session:
        denials = query_events(session, AuditFilter(action=AuditAction.PERMISSION_DENIED))
    assert [d.payload_json["attempted"] for d in denials] == ["add a user", "list users", "change a user's role"]


def test_names_roles_and_duplicates_are_checked(users: UserService) -> None:
    users.add("olga")
    with pytest.raises(UserError, match="already exists"):
        users.add("olga", Role.ANALYST)
    for bad in ("", "a b", "-dash", "x" * 129, "name\n", "ünï"):
        with pytest.raises(UserError, match="not a valid username"):
            users.add(bad)
    with pytest.raises(UserError, match="valid roles are admin, operator, analyst"):
        users.add("anna", "superuser")


def test_set_role_is_audited_with_before_and_after(engine: Engine, users: UserService) -> None:
    _, token = users.add("olga", Role.OPERATOR)
    assert users.set_role("olga", "analyst").role is Role.ANALYST
    assert authenticate(engine, token) == Actor("olga", Role.ANALYST)
    change = _user_events(engine)[-1].payload_json
    assert (change["change"], change["before"]["role"], change["after"]["role"]) == ("role_changed", "operator", "analyst")
    users.set_role("olga", "analyst")  # no change, no event
    assert len(_user_events(engine)) == 3
    with pytest.raises(UserError, match="no user named 'ghost'"):
        users.set_role("ghost", "admin")


def test_the_last_active_admin_cannot_be_demoted_or_revoked(users: UserService) -> None:
    with pytest.raises(UserError, match="last active admin"):
        users.set_role("root", Role.OPERATOR)
    with pytest.raises(UserError, match="last active admin"):
        users.revoke("root")
    users.add("second", Role.ADMIN)
    assert users.revoke("root").active is False


def test_revoke_then_issue_token_reinstates_with_a_new_token(engine: Engine, users: UserService) -> None:
    _, old = users.add("olga")
    revoked = users.revoke("olga")
    assert revoked.revoked_at is not None
    with pytest.raises(AuthenticationError, match="token of 'olga' was revoked on .*importer users token olga"):
        authenticate(engine, old)
    with pytest.raises(UserError, match="already revoked"):
        users.revoke("olga")

    reinstated, new = users.issue_token("olga")
    assert reinstated.active and new != old
    assert authenticate(engine, new) == Actor("olga", Role.OPERATOR)
    with pytest.raises(AuthenticationError, match="not valid"):
        authenticate(engine, old)
    changes = [e.payload_json["change"] for e in _user_events(engine)]
    assert changes == ["added", "added", "revoked", "token_issued"]


def test_list_users_shows_everyone_by_name(users: UserService) -> None:
    users.add("zed", Role.ANALYST)
    users.add("anna", Role.OPERATOR)
    users.revoke("zed")
    listed = users.list_users()
    assert [(u.username, u.role.value, u.active) for u in listed] == [
        ("anna", "operator", True), ("root", "admin", True), ("zed", "analyst", False)
    ]
    assert "token" not in json.dumps([u.as_dict() for u in listed]).replace("token_created_at", "")


@pytest.mark.parametrize("token", [None, "", "   ", "not-a-token", "x" * 10_000, "' OR 1=1 --"])
def test_missing_or_unknown_tokens_are_refused(engine: Engine, admin_token: str, token: str | None) -> None:
    with pytest.raises(AuthenticationError, match="No token|not valid"):
        authenticate(engine, token)


def test_authenticate_tolerates_surrounding_whitespace(engine: Engine, admin_token: str) -> None:
    assert authenticate(engine, f"  {admin_token}\n") == Actor("root", Role.ADMIN)
