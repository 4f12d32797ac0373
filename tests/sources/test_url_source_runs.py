"""A URL source as Dagster runs it: the schedule's request, a commit, an unchanged run, a failed fetch failing its step."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import dagster as dg
import pytest
from sqlalchemy import Engine, func, select

from dealbrain.auth import Actor, Role
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportSession
from dealbrain.profiles import ProfileService
from dealbrain.settings import ImporterSettings
from pipelines.definitions import build_definitions
from tests.sources.files import listings_csv, write_source
from tests.sources.http_files import FileServer, file_server

pytestmark = pytest.mark.slow


@pytest.fixture
def server() -> Iterator[FileServer]:
    with file_server() as files:
        yield files


@pytest.fixture
def definitions(engine: Engine, tmp_path: Path, database_url: str, server: FileServer) -> dg.Definitions:
    write_source(tmp_path / "sources", "shop_feed", f"""
profile: shop-listings
files: {{url: "{server.url('/feed/week.csv')}"}}
trigger: {{schedule: "0 6 * * *"}}
on_clean: commit
""")
    ProfileService(engine).save_from_config(Actor("olivia", Role.OPERATOR), "shop-listings",
                                            {"declared_entities": {"week": "listing"}, "conflict_policy": "update"}, origin="v1.yaml")
    return build_definitions(ImporterSettings(data_dir=tmp_path / "data", database_url=database_url,
                                              sources_dir=tmp_path / "sources", feature_unattended_commits=True))


def _tick_and_run(definitions: dg.Definitions, instance: dg.DagsterInstance, day: int) -> tuple[dg.ExecuteInProcessResult, str]:
    schedule = definitions.resolve_schedule_def("shop_feed")
    when = datetime(2026, 12, day, 6, 0, tzinfo=UTC)
    request = schedule.evaluate_tick(dg.build_schedule_context(
        instance=instance, scheduled_execution_time=when, repository_def=definitions.get_repository_def())).run_requests[0]
    assert request.run_config == {"ops": {"source_intake": {"config": {"source": "shop_feed"}}}}
    result = definitions.resolve_job_def("source_import").execute_in_process(
        run_config=request.run_config, instance=instance, partition_key=request.partition_key, raise_on_error=False,
        tags={**request.tags, "dagster/schedule_name": "shop_feed"})
    return result, request.partition_key


def _sessions(engine: Engine) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(ImportSession))


def test_the_schedule_fetches_commits_then_skips_unchanged_content_and_a_failed_fetch_fails_its_step(
    definitions: dg.Definitions, engine: Engine, server: FileServer, tmp_path: Path
) -> None:
    with dg.instance_for_test() as instance:  # a schedule's context needs an instance with a reference
        _runs(definitions, instance, engine, server, tmp_path)


def _runs(definitions: dg.Definitions, instance: dg.DagsterInstance, engine: Engine, server: FileServer, tmp_path: Path) -> None:
    server.serve("/feed/week.csv", listings_csv(tmp_path / "scratch" / "week.csv").read_bytes())
    first, session = _tick_and_run(definitions, instance, 1)
    assert first.success and session == "shop_feed-20261201-0600"
    tags = instance.get_run_by_id(first.run_id).tags
    assert (tags["dealbrain/verdict"], tags["dealbrain/file"], tags["dealbrain/profile"]) == ("committed", "week.csv", "shop-listings@1")
    assert instance.get_latest_materialization_event(dg.AssetKey("listing")) is not None

    unchanged, _ = _tick_and_run(definitions, instance, 2)
    assert unchanged.success
    assert instance.get_run_by_id(unchanged.run_id).tags["dealbrain/verdict"] == "unchanged"
    (event,) = [e for e in unchanged.get_asset_materialization_events()]
    metadata = event.materialization.metadata
    assert metadata["unchanged"].value is True and metadata["unchanged_since"].value == session
    assert all(c.passed for c in unchanged.get_asset_check_evaluations())
    assert _sessions(engine) == 1

    server.serve("/feed/week.csv", "busy", status=503)
    failed, _ = _tick_and_run(definitions, instance, 3)
    assert not failed.success
    (failure,) = [e for e in failed.all_events if e.event_type_value == "STEP_FAILURE"]
    description = failure.step_failure_data.user_failure_data.description
    assert "HTTP 503" in description and "retrying is safe, and it may well succeed later" in description
    assert "Traceback" not in description
    assert _sessions(engine) == 1
