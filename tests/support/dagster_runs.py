"""Running the code location's assets and jobs in tests: on an ephemeral instance, as a chosen user."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import dagster as dg
from sqlalchemy import Engine, select

from dealbrain.auth import Actor, Role
from dealbrain.auth.launch_tokens import LAUNCH_TOKEN_TAG, sign_launch_token
from dealbrain.auth.users import UserService, has_users
from dealbrain.db.engine import transaction
from dealbrain.db.models import AppUser
from dealbrain.settings import ImporterSettings
from pipelines.resources import build_resources

LAUNCH_SECRET = "test-launch-secret-0123456789-abcdefghij"


def auth_settings(tmp_path: Path, database_url: str) -> ImporterSettings:
    """Settings with authentication on and the test launch secret."""
    return ImporterSettings(data_dir=tmp_path / "data", database_url=database_url, auth_enabled=True, launch_secret=LAUNCH_SECRET)


def launch_tags_as(engine: Engine, name: str, role: Role, ttl_seconds: int = 60) -> dict[str, str]:
    """Run tags proving the run was launched by ``name`` (created with ``role`` if the user does not exist yet)."""
    if not has_users(engine):
        UserService(engine, None).add("test-admin", Role.ADMIN)
    with transaction(engine) as session:
        exists = session.scalar(select(AppUser).where(AppUser.username == name)) is not None
    if not exists:
        UserService(engine, Actor("test-admin", Role.ADMIN)).add(name, role)
    return {LAUNCH_TOKEN_TAG: sign_launch_token(LAUNCH_SECRET.encode(), Actor(name, role), ttl_seconds)}


def materialize(
    assets: Sequence[dg.AssetsDefinition],
    settings: ImporterSettings,
    *,
    instance: dg.DagsterInstance | None = None,
    tags: dict[str, str] | None = None,
    run_config: Any = None,
    partition_key: str | None = None,
) -> dg.ExecuteInProcessResult:
    """Materialize ``assets`` with the code location's resources for ``settings``; failures are returned, not raised."""
    instance = instance or dg.DagsterInstance.ephemeral()
    if partition_key is not None:
        instance.add_dynamic_partitions("import_sessions", [partition_key])
    return dg.materialize(
        assets, resources=build_resources(settings), instance=instance, tags=tags, run_config=run_config,
        partition_key=partition_key, raise_on_error=False,
    )


def step_failure(result: dg.ExecuteInProcessResult) -> str:
    """The description of the run's (single) failed step: the sentence an operator reads."""
    assert not result.success
    failures = [event for event in result.all_events if event.is_step_failure]
    assert failures, "the run failed without a failed step"
    data = failures[0].step_failure_data
    assert data.user_failure_data is not None, f"not a user-facing failure: {data.error}"
    return data.user_failure_data.description
