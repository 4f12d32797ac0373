"""The production dagster.yaml on PostgreSQL: runs and events stored there, and the psycopg 3 trap."""

from __future__ import annotations

import shutil
from pathlib import Path

import dagster as dg
import pytest
import yaml
from sqlalchemy import create_engine, text

from tests.deploy.postgres_places import dagster_storage_environment, fresh_database

pytestmark = [pytest.mark.postgres, pytest.mark.slow]  # Dagster runs on PostgreSQL storage: `make test-all`
DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


@dg.op
def say_hello() -> str:
    return "hello"


@dg.job
def hello_job() -> None:
    say_hello()


@pytest.fixture
def instance_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A Dagster home holding deploy/dagster.yaml, on a fresh PostgreSQL database."""
    with fresh_database("dagster_storage") as database:
        for name, value in dagster_storage_environment(database).items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("DAGSTER_MAX_CONCURRENT_RUNS", "3")
        shutil.copy(DEPLOY / "dagster.yaml", tmp_path / "dagster.yaml")
        yield tmp_path, database


def test_runs_and_events_are_stored_in_postgresql(instance_home) -> None:
    home, database = instance_home
    with dg.DagsterInstance.from_config(str(home)) as instance:
        result = hello_job.execute_in_process(instance=instance)
        assert result.success
        run = instance.get_run_by_id(result.run_id)
        assert run is not None and run.status == dg.DagsterRunStatus.SUCCESS
        kinds = {record.dagster_event.event_type for record in instance.all_logs(result.run_id) if record.dagster_event}
        assert {dg.DagsterEventType.RUN_START, dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.RUN_SUCCESS} <= kinds
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
        assert instance.run_coordinator.get_run_queue_config().max_concurrent_runs == 3
        assert instance.run_monitoring_enabled
    engine = create_engine(database)
    with engine.connect() as connection:
        stored = connection.execute(text("SELECT count(*) FROM event_logs WHERE run_id = :r"), {"r": result.run_id}).scalar_one()
    engine.dispose()
    assert stored >= 3


def test_a_bare_postgresql_url_selects_psycopg3_and_dagster_fails(instance_home, tmp_path: Path) -> None:
    """Guard for the documented trap: if this starts passing, the psycopg2 scheme may no longer be needed."""
    home, database = instance_home
    config = yaml.safe_load((home / "dagster.yaml").read_text())
    config["storage"] = {"postgres": {"postgres_url": database.set(drivername="postgresql").render_as_string(hide_password=False)}}
    bare_home = tmp_path / "bare"
    bare_home.mkdir()
    (bare_home / "dagster.yaml").write_text(yaml.safe_dump(config))
    with dg.DagsterInstance.from_config(str(bare_home)) as instance, pytest.raises(Exception, match="syntax error"):
        hello_job.execute_in_process(instance=instance)
