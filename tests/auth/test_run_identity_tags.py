"""Who a Dagster run acts as: the deployment's local user, the sensor, or the user a launch token tag names."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import dagster as dg
import pytest
from sqlalchemy import Engine

from assets.audit import audit_log
from dealbrain.auth import Actor, Role
from dealbrain.auth.launch_tokens import LAUNCH_TOKEN_TAG, sign_launch_token
from dealbrain.settings import ImporterSettings
from resources.deployment import Deployment
from tests.support.dagster_runs import (
    LAUNCH_SECRET,
    auth_settings,
    launch_tags_as,
    materialize,
    step_failure,
)

SECRET = LAUNCH_SECRET.encode()
OLGA = Actor("olga", Role.OPERATOR)


def _run(tags: dict[str, str] | None = None) -> dg.DagsterRun:
    return dg.DagsterRun(job_name="import_workbook", run_id="run-1", tags=tags or {})


def test_authentication_off_acts_as_the_configured_local_user(tmp_path: Path) -> None:
    deployment = Deployment(ImporterSettings(data_dir=tmp_path, actor="dev"))
    assert deployment.actor_for(_run()) == Actor("dev", Role.ADMIN)


def test_a_sensor_started_run_acts_as_the_sensor(tmp_path: Path) -> None:
    deployment = Deployment(ImporterSettings(data_dir=tmp_path))
    assert deployment.actor_for(_run({"dagster/sensor_name": "inbox_sensor"})) == Actor("inbox_sensor", Role.OPERATOR)


def test_a_valid_launch_token_names_the_actor(tmp_path: Path, engine: Engine, database_url: str) -> None:
    tags = launch_tags_as(engine, "olga", Role.OPERATOR)
    assert Deployment(auth_settings(tmp_path, database_url)).actor_for(_run(tags)) == OLGA


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
def test_forged_expired_or_missing_tokens_fail_the_step(
    tmp_path: Path, engine: Engine, database_url: str, make_token, message: str
) -> None:
    launch_tags_as(engine, "olga", Role.OPERATOR)
    token = make_token()
    tags = {LAUNCH_TOKEN_TAG: token} if token else {}
    with pytest.raises(dg.Failure, match=message):
        Deployment(auth_settings(tmp_path, database_url)).actor_for(_run(tags))


@pytest.mark.slow
def test_a_launch_token_launches_one_run(tmp_path: Path, engine: Engine, database_url: str) -> None:
    settings = auth_settings(tmp_path, database_url)
    tags = launch_tags_as(engine, "olga", Role.ANALYST)

    assert materialize([audit_log], settings, tags=tags).success
    assert "already used by run" in step_failure(materialize([audit_log], settings, tags=tags))
    assert "needs a launch token" in step_failure(materialize([audit_log], settings))


@pytest.mark.slow
def test_run_config_cannot_set_who_acts_or_switch_authentication_off(tmp_path: Path, engine: Engine, database_url: str) -> None:
    settings = auth_settings(tmp_path, database_url)
    for config in ({"name": "root", "role": "admin"}, {"auth_enabled": False}, {"launch_token": "x"}):
        with pytest.raises(dg.DagsterInvalidConfigError):
            materialize([audit_log], settings, run_config={"resources": {"deployment": {"config": config}}})


@pytest.mark.slow
def test_without_the_secret_runs_fail_naming_it(tmp_path: Path, engine: Engine, database_url: str) -> None:
    tags = launch_tags_as(engine, "olga", Role.OPERATOR)
    settings = ImporterSettings(data_dir=tmp_path / "data", database_url=database_url, auth_enabled=True)
    assert "IMPORTER_LAUNCH_SECRET is not set" in step_failure(materialize([audit_log], settings, tags=tags))
