"""The identity resource: local admin when authentication is off; a checked launch token when it is on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
from sqlalchemy import Engine

from assets.audit import audit_log
from dealbrain.auth import Actor, Role
from dealbrain.auth.launch_tokens import sign_launch_token
from dealbrain.auth.users import UserService
from dealbrain.settings import ImporterSettings
from pipelines.resources import build_resources
from resources.database import DatabaseResource
from resources.identity import ActorResource, AuthPolicyResource
from tests.auth.cli_runner import LAUNCH_SECRET

SECRET = LAUNCH_SECRET.encode()
OLGA = Actor("olga", Role.OPERATOR)


@pytest.fixture
def olga(users: UserService) -> Actor:
    users.add("olga", Role.OPERATOR)
    return OLGA


def _resource(database_url: str, token: str | None) -> ActorResource:
    policy = AuthPolicyResource(auth_enabled=True, launch_secret=LAUNCH_SECRET)
    return ActorResource(launch_token=token, policy=policy, database=DatabaseResource(url=database_url))


def test_authentication_off_acts_as_the_configured_local_user() -> None:
    assert ActorResource(name="dev", role="operator").actor() == Actor("dev", Role.OPERATOR)
    assert ActorResource().actor() == Actor("local", Role.ADMIN)


def test_a_valid_launch_token_names_the_actor(database_url: str, olga: Actor) -> None:
    assert _resource(database_url, sign_launch_token(SECRET, olga, 60)).actor() == olga


@pytest.mark.parametrize(
    ("make_token", "message"),
    [
        (lambda: sign_launch_token(b"someone-elses-secret-0123456789abc", Actor("olga", Role.ADMIN), 60), "signature"),
        (lambda: sign_launch_token(SECRET, OLGA, 60, datetime.now(UTC) - timedelta(minutes=5)), "expired"),
        (lambda: "forged.token", "signature|damaged"),
        (lambda: None, "needs a launch token"),
    ],
    ids=["forged", "expired", "garbage", "missing"],
)
def test_forged_expired_or_missing_tokens_fail_the_step(database_url: str, olga: Actor, make_token, message: str) -> None:
    with pytest.raises(dg.Failure, match=message):
        _resource(database_url, make_token()).actor()


def _settings(tmp_path: Path, database_url: str) -> ImporterSettings:
    return ImporterSettings(
        data_dir=tmp_path / "data", database_url=database_url, auth_enabled=True, launch_secret=LAUNCH_SECRET
    )


def _materialize(settings: ImporterSettings, identity_config: dict[str, Any] | None) -> dg.ExecuteInProcessResult:
    run_config = {"resources": {"identity": {"config": identity_config}}} if identity_config is not None else {}
    with dg.DagsterInstance.ephemeral() as instance:
        return dg.materialize(
            [audit_log], resources=build_resources(settings), run_config=run_config, instance=instance,
            raise_on_error=False,
        )


def _failure(result: dg.ExecuteInProcessResult) -> str:
    assert not result.success
    (event,) = [event for event in result.all_events if event.is_step_failure]
    return event.step_failure_data.user_failure_data.description


def test_runs_take_the_launch_token_from_run_config_once(
    tmp_path: Path, database_url: str, olga: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMPORTER_LAUNCH_SECRET", LAUNCH_SECRET)
    settings = _settings(tmp_path, database_url)
    token = sign_launch_token(SECRET, olga, 60)

    assert _materialize(settings, {"launch_token": token}).success
    assert "already used by run" in _failure(_materialize(settings, {"launch_token": token}))
    assert "needs a launch token" in _failure(_materialize(settings, None))


def test_run_config_cannot_switch_authentication_off(
    tmp_path: Path, database_url: str, olga: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMPORTER_LAUNCH_SECRET", LAUNCH_SECRET)
    settings = _settings(tmp_path, database_url)
    assert "needs a launch token" in _failure(_materialize(settings, {"name": "root", "role": "admin"}))
    with pytest.raises(dg.DagsterInvalidConfigError):
        _materialize(settings, {"policy": {"auth_enabled": False}})


def test_without_the_secret_in_the_environment_runs_fail_naming_it(
    tmp_path: Path, database_url: str, olga: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("IMPORTER_LAUNCH_SECRET", raising=False)
    settings = ImporterSettings(data_dir=tmp_path / "data", database_url=database_url, auth_enabled=True)
    failure = _failure(_materialize(settings, {"launch_token": sign_launch_token(SECRET, olga, 60)}))
    assert "IMPORTER_LAUNCH_SECRET is not set" in failure
