"""Production-like smoke test: Dagster's own deployment, started on this machine and driven like the UI.

It starts, on free ports and against a fresh PostgreSQL database for Dagster's
storage and another for the importer: a code server, the webserver, the
daemon and a Celery worker (RabbitMQ broker, Redis results), with
deploy/dagster.yaml as the instance. Through the webserver's GraphQL API it
previews an import that a Celery worker executes, commits it, and checks the
records, the run's events and the audit; then it launches two overlapping
commits and shows that the second waits in the queue until the first ended.
Everything it starts it stops, even when an assertion fails.

Run it on its own: ``.venv/bin/python -m pytest tests/deploy -m deploy``.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import pytest
import yaml
from sqlalchemy import Engine, create_engine, text

from tests.deploy.graphql_launch import add_session, launch_run, run_state, wait_for_run
from tests.deploy.postgres_places import dagster_storage_environment, fresh_database
from tests.deploy.services import Services, command_ok, free_port, http_ok, running_services
from tests.importing.workbooks import CPU_HEADER, CPU_ROWS, write_xlsx

pytestmark = [pytest.mark.deploy, pytest.mark.postgres]
ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ACTOR = "smoke-operator"
WRITES_TAG = "dealbrain/writes"
COMMIT_LAST_PREVIEW: dict = {}
"""commit_import commits the session's stored preview with its defaults."""
"""The commit_import job's default config, which the Launchpad fills in and a GraphQL launch must send."""


@dataclass
class Deployment:
    webserver: str
    dagster_home: Path
    importer: Engine
    services: Services
    files: Path


def _environment(tmp_path: Path, dagster_home: Path, dagster_db, importer_url: str) -> dict[str, str]:
    queue = f"dealbrain-smoke-{uuid.uuid4().hex[:8]}"  # a queue of its own: no other worker takes its steps
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("IMPORTER_", "DAGSTER_"))}
    return environment | dagster_storage_environment(dagster_db) | {
        "PATH": f"{BIN}{os.pathsep}{environment.get('PATH', '')}",
        "DAGSTER_HOME": str(dagster_home),
        "DAGSTER_MAX_CONCURRENT_RUNS": "4",
        "IMPORTER_ENV": "dev",
        "IMPORTER_AUTH_ENABLED": "false",
        "IMPORTER_ACTOR": ACTOR,
        "IMPORTER_DATA_DIR": str(tmp_path / "data"),
        "IMPORTER_DATABASE_URL": importer_url,
        "IMPORTER_EXECUTOR": "celery",
        "IMPORTER_SHARED_STORAGE_DIR": str(tmp_path / "shared"),
        "IMPORTER_CELERY_BROKER_URL": "pyamqp://guest:guest@127.0.0.1:5672//",
        "IMPORTER_CELERY_BACKEND_URL": "redis://127.0.0.1:6379/0",
        "IMPORTER_CELERY_QUEUE": queue,
    }


def _start(services: Services, tmp_path: Path) -> str:
    """Code server, webserver, daemon and a Celery worker, each waited for; returns the webserver's URL."""
    code_port, web_port = free_port(), free_port()
    workspace = yaml.safe_load((ROOT / "deploy" / "workspace.yaml").read_text())
    workspace["load_from"][0]["grpc_server"]["port"] = code_port
    (tmp_path / "workspace.yaml").write_text(yaml.safe_dump(workspace))
    services.start("code-server", [str(BIN / "dagster"), "code-server", "start", "-h", "127.0.0.1", "-p", str(code_port),
                                   "-m", "pipelines.definitions", "-a", "defs", "--location-name", "dealbrain_importer"])
    services.wait_until("the code server", lambda: command_ok(
        [str(BIN / "dagster"), "api", "grpc-health-check", "-p", str(code_port)], services.environment, ROOT), timeout=180)
    services.start("celery-worker", [str(BIN / "dagster-celery"), "worker", "start", "-A", "dagster_celery.app",
                                     "-y", str(ROOT / "deploy" / "celery_worker.yaml"),
                                     "-q", services.environment["IMPORTER_CELERY_QUEUE"], "--", "--concurrency=2"])
    services.start("webserver", [str(BIN / "dagster-webserver"), "-h", "127.0.0.1", "-p", str(web_port),
                                 "-w", str(tmp_path / "workspace.yaml")])
    services.start("daemon", [str(BIN / "dagster-daemon"), "run", "-w", str(tmp_path / "workspace.yaml")])
    url = f"http://127.0.0.1:{web_port}"
    services.wait_until("the webserver", lambda: http_ok(f"{url}/server_info"), timeout=180)
    services.wait_until("the Celery worker", lambda: "ready." in services.log_of("celery-worker"), timeout=180)
    return url


@pytest.fixture
def deployment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Deployment]:
    with fresh_database("dagster_smoke") as dagster_db, fresh_database("importer_smoke") as importer_db:
        dagster_home = tmp_path / "dagster_home"
        dagster_home.mkdir()
        shutil.copy(ROOT / "deploy" / "dagster.yaml", dagster_home / "dagster.yaml")
        importer_url = importer_db.render_as_string(hide_password=False)
        environment = _environment(tmp_path, dagster_home, dagster_db, importer_url)
        for name in ("DAGSTER_MAX_CONCURRENT_RUNS", *dagster_storage_environment(dagster_db)):
            monkeypatch.setenv(name, environment[name])  # the test reads the same instance
        logs = tmp_path / "logs"
        logs.mkdir()
        with running_services(logs, environment, ROOT) as services:
            upgraded = services.run("db-upgrade", [str(BIN / "importer"), "db", "upgrade"])
            assert "0001_pre_revamp: " in upgraded and "Upgraded" in upgraded  # each migration's duration is printed
            url = _start(services, tmp_path)
            importer = create_engine(importer_url)
            try:
                yield Deployment(url, dagster_home, importer, services, tmp_path / "files")
            finally:
                importer.dispose()


def _scalar(engine: Engine, sql: str, **parameters: object) -> object:
    with engine.connect() as connection:
        return connection.execute(text(sql), parameters).scalar_one()


def _cpu_file(deployment: Deployment, name: str, rows: list[list[object]]) -> Path:
    return write_xlsx(deployment.files / name, {"CPUs": [CPU_HEADER, *rows]})


def _import_config(path: Path, **fields: object) -> dict[str, object]:
    return {"ops": {"uploaded_workbook": {"config": {"file": str(path), **fields}}}}


def _assert_succeeded(deployment: Deployment, state: dict[str, object]) -> None:
    logs = {name: deployment.services.log_of(name)[-3000:] for name in ("celery-worker", "daemon", "code-server")}
    assert state["status"] == "SUCCESS", f"run {state['runId']} ended {state['status']}; logs: {logs}"


def _engine_messages(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    return [record.dagster_event.message or "" for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.ENGINE_EVENT)]


def test_import_through_graphql_runs_on_celery_and_overlapping_commits_queue(deployment: Deployment) -> None:
    url, importer = deployment.webserver, deployment.importer
    session = "smoke-preview"
    add_session(url, session)
    preview = wait_for_run(url, launch_run(url, "import_workbook", session, _import_config(_cpu_file(deployment, "cpus.xlsx", CPU_ROWS))))
    _assert_succeeded(deployment, preview)
    assert _scalar(importer, "SELECT count(*) FROM cpu") == 0  # a preview writes nothing

    commit = wait_for_run(url, launch_run(url, "commit_import", session, COMMIT_LAST_PREVIEW, tags={WRITES_TAG: "database"}))
    _assert_succeeded(deployment, commit)
    assert _scalar(importer, "SELECT count(*) FROM cpu") == 3
    assert _scalar(importer, "SELECT cpu_mark_multi FROM cpu WHERE name = 'Intel Core i7-8700'") == 13875
    assert _scalar(importer, "SELECT count(*) FROM import_change WHERE session_id = :s", s=session) == 3
    assert _scalar(importer, "SELECT actor FROM import_audit_event WHERE action = 'commit' AND session_id = :s", s=session) == ACTOR

    with dg.DagsterInstance.from_config(str(deployment.dagster_home)) as instance:
        for run_id in (preview["runId"], commit["runId"]):
            messages = _engine_messages(instance, run_id)
            assert any("Submitting celery task for step" in message for message in messages), messages
        committed = {record.dagster_event.step_key for record in instance.all_logs(commit["runId"], of_type=dg.DagsterEventType.STEP_SUCCESS)}
        assert "committed_import" in committed
        materialized = instance.get_latest_materialization_event(dg.AssetKey("cpu"))
        assert materialized is not None and materialized.run_id == commit["runId"]

        first, second = _two_overlapping_commits(deployment)
        records = {record.dagster_run.run_id: record for record in instance.get_run_records(
            filters=dg.RunsFilter(run_ids=[first, second]))}
    assert records[second].start_time >= records[first].end_time, "the second commit started before the first ended"
    assert _scalar(importer, "SELECT count(*) FROM cpu") == 5


def _two_overlapping_commits(deployment: Deployment) -> tuple[str, str]:
    """Launch two committing imports back to back; while the first runs, the second is seen queued."""
    url = deployment.webserver
    runs = []
    for number, name in enumerate(("Intel Core i9-9900K", "AMD Ryzen 7 5800X")):
        session = f"smoke-commit-{number}"
        add_session(url, session)
        path = _cpu_file(deployment, f"more-{number}.xlsx", [[name, name.split()[0], 8, 16, "95 W", "18,000", 2900, 2019]])
        runs.append(launch_run(url, "import_workbook", session, _import_config(path, commit=True), tags={WRITES_TAG: "database"}))
    seen_waiting = False
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        first, second = (run_state(url, run_id)["status"] for run_id in runs)
        if first in {"STARTING", "STARTED"} and second == "QUEUED":
            seen_waiting = True
        if first in {"SUCCESS", "FAILURE", "CANCELED"}:
            break
        time.sleep(0.5)
    for run_id in runs:
        _assert_succeeded(deployment, wait_for_run(url, run_id))
    assert seen_waiting, "the second commit was never seen waiting in the queue while the first ran"
    return runs[0], runs[1]
