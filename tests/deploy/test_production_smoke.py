"""Production-like smoke test: Dagster's own deployment, started on this machine and driven like the UI.

The deployment (tests/deploy/deployment.py) runs, on free ports and against a
fresh PostgreSQL database for Dagster's storage and another for the importer:
a code server, the webserver, the daemon and two Celery workers (RabbitMQ
broker, Redis results), with deploy/dagster.yaml as the instance. Through the webserver's GraphQL API it
previews an import that a Celery worker executes, commits it, and checks the
records, the run's events and the audit; then it launches two overlapping
commits and shows that the second waits in the queue until the first ended.
Everything started is stopped, even when an assertion fails.

Run it on its own: ``.venv/bin/python -m pytest tests/deploy -m deploy``.
"""

from __future__ import annotations

import time
from pathlib import Path

import dagster as dg
import pytest

from tests.deploy.deployment import ACTOR, WRITES_TAG, Deployment
from tests.deploy.graphql_launch import add_session, launch_run, run_state, wait_for_run
from tests.importing.workbooks import CPU_HEADER, CPU_ROWS, write_xlsx

pytestmark = [pytest.mark.deploy, pytest.mark.postgres]
COMMIT_LAST_PREVIEW: dict = {}
"""commit_import commits the session's stored preview with its defaults, as the Launchpad fills them in."""


def _cpu_file(deployment: Deployment, name: str, rows: list[list[object]]) -> Path:
    return write_xlsx(deployment.files / name, {"CPUs": [CPU_HEADER, *rows]})


def _import_config(path: Path, **fields: object) -> dict[str, object]:
    return {"ops": {"uploaded_workbook": {"config": {"file": str(path), **fields}}}}


def _assert_succeeded(deployment: Deployment, state: dict[str, object]) -> None:
    assert state["status"] == "SUCCESS", f"run {state['runId']} ended {state['status']}; logs: {deployment.worker_logs()}"


def _engine_messages(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    return [record.dagster_event.message or "" for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.ENGINE_EVENT)]


def test_import_through_graphql_runs_on_celery_and_overlapping_commits_queue(deployment: Deployment) -> None:
    url = deployment.webserver
    cpus_before = deployment.scalar("SELECT count(*) FROM cpu")  # the deployment is shared with the other deploy tests
    session = "smoke-preview"
    add_session(url, session)
    preview = wait_for_run(url, launch_run(url, "import_workbook", session, _import_config(_cpu_file(deployment, "cpus.xlsx", CPU_ROWS))))
    _assert_succeeded(deployment, preview)
    assert deployment.scalar("SELECT count(*) FROM cpu") == cpus_before  # a preview writes nothing

    commit = wait_for_run(url, launch_run(url, "commit_import", session, COMMIT_LAST_PREVIEW, tags={WRITES_TAG: "database"}))
    _assert_succeeded(deployment, commit)
    assert deployment.scalar("SELECT count(*) FROM cpu") == cpus_before + 3
    assert deployment.scalar("SELECT cpu_mark_multi FROM cpu WHERE name = 'Intel Core i7-8700'") == 13875
    assert deployment.scalar("SELECT count(*) FROM import_change WHERE session_id = :s", s=session) == 3
    assert deployment.scalar("SELECT actor FROM import_audit_event WHERE action = 'commit' AND session_id = :s", s=session) == ACTOR

    with deployment.instance() as instance:
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
    assert deployment.scalar("SELECT count(*) FROM cpu") == cpus_before + 5


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
