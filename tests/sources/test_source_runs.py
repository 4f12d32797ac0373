"""Recurring sources as Dagster runs them: the sensor's request, an unattended commit, a held session and its commit, replay."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest
from sqlalchemy import Engine, text

from assets.session_partitions import import_sessions
from dealbrain.auth import Actor, Role
from dealbrain.profiles import ProfileService
from dealbrain.settings import ImporterSettings
from pipelines.definitions import build_definitions
from tests.sources.files import listing_source, listings_csv

pytestmark = pytest.mark.slow
PROFILE = {"declared_entities": {"week": "listing"}, "conflict_policy": "update"}


@pytest.fixture
def sources_settings(engine: Engine, tmp_path: Path, database_url: str) -> ImporterSettings:
    listing_source(tmp_path / "sources", tmp_path / "drop")
    ProfileService(engine).save_from_config(Actor("olivia", Role.OPERATOR), "shop-listings", PROFILE, origin="v1.yaml")
    return ImporterSettings(data_dir=tmp_path / "data", database_url=database_url, sources_dir=tmp_path / "sources",
                            feature_unattended_commits=True)


def _tick_and_run(definitions: dg.Definitions, instance: dg.DagsterInstance, cursor: str | None) -> tuple[dg.ExecuteInProcessResult, str, str]:
    """What the daemon does: evaluate the source's sensor, then launch the run it requests (tagged with the sensor)."""
    sensor = definitions.resolve_sensor_def("shop_listings")
    tick = sensor(dg.build_sensor_context(instance=instance, cursor=cursor))
    (request,) = tick.run_requests
    instance.add_dynamic_partitions(import_sessions.name, [request.partition_key])
    result = definitions.resolve_job_def("source_import").execute_in_process(
        run_config=request.run_config, instance=instance, partition_key=request.partition_key, raise_on_error=False,
        tags={**request.tags, "dagster/sensor_name": "shop_listings"},
    )
    return result, request.partition_key, tick.cursor


def _checks(result: dg.ExecuteInProcessResult) -> dict[str, dg.AssetCheckEvaluation]:
    return {evaluation.check_name: evaluation for evaluation in result.get_asset_check_evaluations()}


def _price(engine: Engine, title: str) -> float:
    with engine.connect() as connection:
        return connection.execute(text("SELECT price_usd FROM listing WHERE title = :t"), {"t": title}).scalar_one()


def test_clean_file_commits_unattended_a_price_swing_is_held_then_a_person_commits_it(
    sources_settings: ImporterSettings, engine: Engine, tmp_path: Path
) -> None:
    definitions, instance = build_definitions(sources_settings), dg.DagsterInstance.ephemeral()
    listings_csv(tmp_path / "drop" / "week-1.csv")
    clean, session, cursor = _tick_and_run(definitions, instance, None)
    assert clean.success
    tags = instance.get_run_by_id(clean.run_id).tags
    assert tags["dealbrain/held"] == "false" and tags["dealbrain/verdict"] == "committed"
    assert tags["dealbrain/actor"] == "shop_listings" and tags["dealbrain/profile"] == "shop-listings@1"
    assert _checks(clean)["unattended_commit"].passed
    assert instance.get_latest_materialization_event(dg.AssetKey("listing")) is not None
    assert _price(engine, "OptiPlex 7003") == 230.0

    listings_csv(tmp_path / "drop" / "week-2.csv", price_factor=1.5)
    swung, held_session, _ = _tick_and_run(definitions, instance, cursor)
    assert swung.success  # the run did its job: it previewed and held
    run = instance.get_run_by_id(swung.run_id)
    assert run.tags["dealbrain/held"] == "true" and run.tags["dealbrain/verdict"] == "held"
    checks = _checks(swung)
    assert not checks["unattended_commit"].passed and checks["unattended_commit"].severity == dg.AssetCheckSeverity.ERROR
    assert "price_swings" in checks["unattended_commit"].description
    assert not checks["drift_price_swings"].passed and "50%" in checks["drift_price_swings"].description
    assert checks["drift_row_count"].passed
    assert held_session in {r.tags.get("dealbrain/session") for r in instance.get_runs(dg.RunsFilter(tags={"dealbrain/held": "true"}))}
    assert _price(engine, "OptiPlex 7003") == 230.0

    instance.add_dynamic_partitions(import_sessions.name, [held_session])
    decided = definitions.resolve_job_def("commit_import").execute_in_process(
        instance=instance, partition_key=held_session, raise_on_error=False)
    assert decided.success
    assert _price(engine, "OptiPlex 7003") == 345.0


def test_a_new_column_is_held_and_the_replay_job_reports_differences(
    sources_settings: ImporterSettings, engine: Engine, tmp_path: Path
) -> None:
    definitions, instance = build_definitions(sources_settings), dg.DagsterInstance.ephemeral()
    listings_csv(tmp_path / "drop" / "week-1.csv", extra_column="warranty_code")
    held, _, _ = _tick_and_run(definitions, instance, None)
    check = _checks(held)["unattended_commit"]
    assert not check.passed and "new column week-1: warranty_code" in check.description

    changed = "declared_entities: {week: listing}\nconflict_policy: update\nmapping_overrides: [{sheet: week, column: warranty_code, field: null}]\n"
    replay = definitions.resolve_job_def("replay_profile").execute_in_process(
        instance=instance, raise_on_error=False,
        run_config={"ops": {"profile_replay": {"config": {"profile": "shop-listings", "changed_options": changed}}}})
    assert replay.success
    event = instance.get_latest_materialization_event(dg.AssetKey("profile_replay"))
    metadata = {k: v.value for k, v in event.asset_materialization.metadata.items()}
    assert metadata["changed_fields"] == "mapping_overrides" and metadata["version"] == 1
    assert "week-1.csv" in metadata["files"]
