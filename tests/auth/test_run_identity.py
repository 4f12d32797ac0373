"""A run's identity with authentication on: the token's user, still active, same role, one run per token."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select

from dealbrain.auth import Actor, AuthenticationError, LaunchSecretError, Role
from dealbrain.auth.launch_tokens import sign_launch_token
from dealbrain.auth.run_identity import identify_run
from dealbrain.auth.users import UserService
from dealbrain.db.engine import transaction
from dealbrain.db.models import LaunchTokenUse

SECRET = b"launch-secret-for-tests-0123456789"
OLGA = Actor("olga", Role.OPERATOR)


@pytest.fixture
def olga(users: UserService) -> Actor:
    users.add("olga", Role.OPERATOR)
    return OLGA


def test_a_run_acts_as_the_user_its_token_names(engine: Engine, olga: Actor) -> None:
    token = sign_launch_token(SECRET, olga, 60)
    assert identify_run(engine, SECRET, token, "run-1") == olga
    with transaction(engine) as session:
        use = session.scalars(select(LaunchTokenUse)).one()
    assert (use.run_id, use.actor) == ("run-1", "olga")


def test_a_token_launches_one_run_only(engine: Engine, olga: Actor) -> None:
    token = sign_launch_token(SECRET, olga, 60)
    identify_run(engine, SECRET, token, "run-1")
    assert identify_run(engine, SECRET, token, "run-1") == olga  # the run's later steps
    with pytest.raises(AuthenticationError, match="already used by run run-1.*importer token launch"):
        identify_run(engine, SECRET, token, "run-2")


def test_later_steps_of_a_run_outlive_the_token(engine: Engine, olga: Actor) -> None:
    start = datetime.now(UTC)
    token = sign_launch_token(SECRET, olga, 60, start)
    identify_run(engine, SECRET, token, "run-1", start)
    assert identify_run(engine, SECRET, token, "run-1", start + timedelta(hours=2)) == olga
    with pytest.raises(AuthenticationError, match="expired"):
        identify_run(engine, SECRET, sign_launch_token(SECRET, olga, 60, start), "run-2", start + timedelta(hours=2))


def test_a_changed_role_or_a_revoked_user_invalidates_tokens(engine: Engine, olga: Actor, users: UserService) -> None:
    token = sign_launch_token(SECRET, olga, 60)
    users.set_role("olga", Role.ANALYST)
    with pytest.raises(AuthenticationError, match="'olga' is now analyst, not operator"):
        identify_run(engine, SECRET, token, "run-1")
    users.revoke("olga")
    with pytest.raises(AuthenticationError, match="'olga' was revoked"):
        identify_run(engine, SECRET, sign_launch_token(SECRET, Actor("olga", Role.ANALYST), 60), "run-1")
    with transaction(engine) as session:
        assert session.scalar(select(func.count()).select_from(LaunchTokenUse)) == 0


def test_a_token_for_someone_who_is_not_a_user_is_refused(engine: Engine, admin: Actor) -> None:
    with pytest.raises(AuthenticationError, match="no user named 'mallory'"):
        identify_run(engine, SECRET, sign_launch_token(SECRET, Actor("mallory", Role.ADMIN), 60), "run-1")


def test_no_token_or_no_secret_says_what_to_do(engine: Engine, olga: Actor) -> None:
    with pytest.raises(AuthenticationError, match="needs a launch token.*importer token launch.*launch_token"):
        identify_run(engine, SECRET, None, "run-1")
    with pytest.raises(LaunchSecretError, match="IMPORTER_LAUNCH_SECRET is not set"):
        identify_run(engine, None, sign_launch_token(SECRET, olga, 60), "run-1")
