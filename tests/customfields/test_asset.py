"""The `custom_field_catalog` asset, materialized on an ephemeral Dagster instance."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
from sqlalchemy import Engine

from assets.custom_fields import CustomFieldChangeConfig, custom_field_catalog
from dealbrain.auth import Role
from dealbrain.customfields import CustomFieldService
from dealbrain.customfields.inputs import FieldInputs
from dealbrain.db import migrate
from dealbrain.db.engine import make_engine, transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.settings import ImporterSettings
from tests.customfields.actors import ADMIN
from tests.support.dagster_runs import auth_settings, launch_tags_as
from tests.support.dagster_runs import materialize as materialize_assets

pytestmark = pytest.mark.slow  # Dagster runs (or fresh interpreters): `make test-all`


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[str, Engine]]:
    url = f"sqlite:///{tmp_path / 'asset.db'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    yield url, engine
    engine.dispose()


def materialize(url: str, role: str = "admin", **config: Any) -> dg.ExecuteInProcessResult:
    """As the local admin ``dagster-user`` (authentication off), or as a user of ``role`` proven by a launch token."""
    folder = Path(tempfile.mkdtemp())
    if role == "admin":
        settings, tags = ImporterSettings(data_dir=folder, database_url=url, actor="dagster-user"), None
    else:
        settings, tags = auth_settings(folder, url), launch_tags_as(make_engine(url), f"dagster-{role}", Role(role))
    run_config = dg.RunConfig(ops={"custom_field_catalog": CustomFieldChangeConfig(**config)})
    return materialize_assets([custom_field_catalog], settings, tags=tags, run_config=run_config)


def metadata_of(result: dg.ExecuteInProcessResult) -> dict[str, Any]:
    (materialization,) = result.asset_materializations_for_node("custom_field_catalog")
    return {key: value.value for key, value in materialization.metadata.items()}


def failure_of(result: dg.ExecuteInProcessResult) -> dg.Failure:
    assert not result.success
    (event,) = [event for event in result.all_events if event.is_step_failure]
    return event.step_failure_data.user_failure_data


def test_creating_a_field_through_the_asset(database: tuple[str, Engine]) -> None:
    url, engine = database
    result = materialize(url, action="create", entity="cpu", key="ram_gb", type="integer", minimum="1",
                         default="8", label_translations=["fr=Mémoire"])
    assert result.success
    metadata = metadata_of(result)
    assert metadata["outcome"] == "Created cpu field 'ram_gb' (active)."
    assert "| cpu | ram_gb | integer |" in metadata["definitions"]
    assert (metadata["active_fields"], metadata["pending_fields"], metadata["deleted_fields"]) == (1, 0, 0)
    assert metadata["definition"]["label_translations"] == {"fr": "Mémoire"}
    created = CustomFieldService(engine, ADMIN).get("cpu", "ram_gb")
    assert (created.created_by, created.default, created.minimum) == ("dagster-user", 8, 1)


def test_an_unconfirmed_narrowing_update_fails_the_run_with_the_impact(database: tuple[str, Engine]) -> None:
    url, engine = database
    CustomFieldService(engine, ADMIN).create("cpu", "ram_gb", FieldInputs(type="integer"))
    with transaction(engine) as session:
        session.add(ENTITY_MODELS["cpu"](name="i9", attributes_json={"ram_gb": 64}))

    failure = failure_of(materialize(url, action="update", entity="cpu", key="ram_gb", maximum="32"))
    assert "1 of 1 cpu records would have an invalid 'ram_gb' value" in failure.description
    assert "i9" in failure.metadata["impact"].value

    confirmed = materialize(url, action="update", entity="cpu", key="ram_gb", maximum="32", confirm=True)
    assert confirmed.success
    metadata = metadata_of(confirmed)
    assert metadata["records_failing"] == 1 and "ram_gb must be at most 32" in metadata["impact"]
    assert CustomFieldService(engine, ADMIN).get("cpu", "ram_gb").maximum == 32


def test_impact_list_delete_restore_and_approve_actions(database: tuple[str, Engine]) -> None:
    url, engine = database
    assert metadata_of(materialize(url, role="operator", action="create", entity="gpu", key="vram_gb",
                                   type="integer"))["pending_fields"] == 1
    assert metadata_of(materialize(url, action="approve", entity="gpu", key="vram_gb"))["active_fields"] == 1
    impact = metadata_of(materialize(url, action="impact", entity="gpu", key="vram_gb", maximum="4"))
    assert impact["records_failing"] == 0 and "0 of 0 gpu records" in impact["impact"]
    assert metadata_of(materialize(url, action="delete", entity="gpu", key="vram_gb"))["deleted_fields"] == 1
    listed = metadata_of(materialize(url, action="list", include_deleted=True))
    assert "| gpu | vram_gb |" in listed["definitions"] and "deleted" in listed["definitions"]
    assert metadata_of(materialize(url, action="restore", entity="gpu", key="vram_gb"))["active_fields"] == 1
    assert metadata_of(materialize(url, action="delete", entity="gpu", key="vram_gb", hard=True))["active_fields"] == 0
    assert CustomFieldService(engine, ADMIN).list_fields(include_deleted=True) == []


@pytest.mark.parametrize(
    ("role", "config", "message"),
    [
        ("analyst", {"action": "create", "entity": "cpu", "key": "x", "type": "string"}, "may not propose"),
        ("admin", {"action": "create", "entity": "cpu", "key": "name", "type": "string"}, "reserved on cpu"),
        ("admin", {"action": "create", "entity": "cpu", "key": "x"}, "needs a type"),
        ("admin", {"action": "delete", "entity": "cpu"}, "needs both `entity` and `key`"),
        ("admin", {"action": "create", "entity": "laptop", "key": "x", "type": "string"}, "valid entities are"),
    ],
)
def test_refusals_fail_the_run_with_a_clear_description(
    database: tuple[str, Engine], role: str, config: dict[str, Any], message: str
) -> None:
    url, _ = database
    assert message in failure_of(materialize(url, role=role, **config)).description


def test_the_asset_is_documented_and_grouped() -> None:
    spec = next(iter(custom_field_catalog.specs))
    assert spec.group_name == "administration"
    assert spec.kinds == {"python", "sql"}
    assert spec.description and "custom-field definitions" in spec.description
