"""A Celery worker that dies in the middle of a commit, in the production deployment (deploy/README.md, "A worker that dies").

The import is a generated CPU file large enough that its commit takes a
while; the worker running the commit is killed with SIGKILL once the commit's
transaction has written CPU rows (PostgreSQL shows its row lock on `cpu`).

1. Only the processes running steps are killed (as the out-of-memory killer
   does): the run fails within seconds with Celery's WorkerLostError and
   nothing of the commit is kept.
2. The session's stored preview is committed again with `commit_import`, and
   this time the whole worker is lost (its process group killed, as when its
   machine goes): nothing is kept, RabbitMQ hands the unacknowledged step to
   the other worker, and the run succeeds with every row written once.
"""

from __future__ import annotations

import csv
import itertools
import os
import signal
import time
from pathlib import Path

import dagster as dg
import pytest

from tests.deploy.deployment import WRITES_TAG, Deployment
from tests.deploy.graphql_launch import add_session, launch_run, run_state, wait_for_run
from tests.support.processes import children_of

pytestmark = [pytest.mark.deploy, pytest.mark.postgres]
ROWS = 50_000
"""Rows in the generated file: its commit's transaction then stays open for seconds, even on an idle machine,
long enough to be caught by a 50 ms poll (12,000 rows were once committed between two polls)."""
COMMIT_STEP = "committed_import"
WRITING_CPU_ROWS = """
SELECT count(*) FROM pg_locks AS held JOIN pg_class AS tables ON tables.oid = held.relation
WHERE held.database = (SELECT oid FROM pg_database WHERE datname = current_database())
  AND tables.relname = 'cpu' AND held.mode = 'RowExclusiveLock' AND held.granted AND held.pid <> pg_backend_pid()
"""


def _cpu_csv(folder: Path, prefix: str) -> Path:
    """``ROWS`` valid CPUs with unique names and values as exports write them ("65 W", "13,875")."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{prefix.lower()}_cpus.csv"
    with path.open("w", newline="", encoding="utf-8") as output:
        writer = csv.writer(output)
        writer.writerow(["CPU Name", "Manufacturer", "Cores", "Threads", "TDP", "CPU Mark", "Single Thread Mark", "Release Year"])
        for number in range(ROWS):
            writer.writerow([f"{prefix} Test CPU {number:06d}", ("Intel", "AMD")[number % 2], 4 + number % 12, 8 + number % 24,
                             f"{35 + number % 90} W", f"{10_000 + number % 30_000:,}", 2_000 + number % 2_000, 2010 + number % 15])
    return path


def _import_and_commit(deployment: Deployment, session: str, path: Path) -> str:
    add_session(deployment.webserver, session)
    config = {"file": str(path), "declared_entities": {path.stem: "cpu"}, "commit": True}
    return launch_run(deployment.webserver, "import_workbook", session, {"ops": {"uploaded_workbook": {"config": config}}},
                      tags={WRITES_TAG: "database"})


def _worker_once_commit_writes(deployment: Deployment, run_id: str) -> str:
    """The worker running the run's commit, returned the moment the commit's transaction holds its row lock on `cpu`.

    The worker is known from the step's start event, well before it writes; then PostgreSQL
    is polled every 50 ms, so the caller kills the worker while the transaction is open.
    """
    services = deployment.services

    def ongoing() -> None:
        status = run_state(deployment.webserver, run_id)["status"]
        assert status not in {"SUCCESS", "FAILURE", "CANCELED"}, f"run {run_id} ended {status} before its commit was seen writing"

    workers: list[str] = []
    with deployment.instance() as instance:
        def commit_started() -> bool:
            ongoing()
            workers.extend(_workers_that_ran(instance, run_id))
            return bool(workers)

        services.wait_until("the commit step on a Celery worker", commit_started, timeout=240)
    polls = itertools.count()

    def writing() -> bool:
        if deployment.scalar(WRITING_CPU_ROWS) > 0:
            return True
        if next(polls) % 40 == 39:
            ongoing()
        return False

    services.wait_until("the commit writing CPU rows", writing, timeout=120, interval=0.05)
    (worker,) = workers
    return worker


def _assert_nothing_kept(deployment: Deployment, session: str, cpus_before: int) -> None:
    """The killed commit's transaction is rolled back: no record, changeset row, audit of a commit or committed session."""
    deployment.services.wait_until("the killed commit's transaction to end", lambda: deployment.scalar(WRITING_CPU_ROWS) == 0, timeout=60)
    kept = deployment.scalar("SELECT count(*) FROM cpu") - cpus_before
    assert kept == 0, f"{kept} rows of the killed commit were kept (if all of them: the commit ended before the kill landed)"
    assert deployment.scalar("SELECT count(*) FROM import_change WHERE session_id = :s", s=session) == 0
    assert deployment.scalar("SELECT count(*) FROM import_audit_event WHERE action = 'commit' AND session_id = :s", s=session) == 0
    assert deployment.scalar("SELECT status FROM import_session WHERE id = :s", s=session) != "committed"


def _workers_that_ran(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    """The Celery worker named by each "Executing steps committed_import in celery worker" event of the run, in order."""
    return [
        str(record.dagster_event.engine_event_data.metadata["Celery worker"].value).split("@")[0]
        for record in instance.all_logs(run_id, of_type=dg.DagsterEventType.ENGINE_EVENT)
        if (record.dagster_event.message or "").endswith(f"Executing steps {COMMIT_STEP} in celery worker")
    ]


def _run_failure_text(deployment: Deployment, run_id: str) -> str:
    """What the run's failure says in the Dagster UI (its engine errors included)."""
    with deployment.instance() as instance:
        records = instance.all_logs(run_id, of_type={dg.DagsterEventType.RUN_FAILURE, dg.DagsterEventType.ENGINE_EVENT})
    return "\n".join(f"{record.dagster_event.message} {record.dagster_event.event_specific_data}" for record in records)


def _kill_step_processes(deployment: Deployment, worker: str) -> None:
    """SIGKILL the pool processes of ``worker`` (as the out-of-memory killer would); its main process lives on."""
    (celery_main,) = children_of(deployment.services.process(worker).pid)  # `dagster-celery worker start` runs `celery worker`
    for pool_process in children_of(celery_main):
        os.kill(pool_process, signal.SIGKILL)


def test_a_killed_step_fails_its_run_and_a_lost_worker_hands_its_step_on_nothing_half_written(deployment: Deployment) -> None:
    session = "dead-worker"
    cpus_before = deployment.scalar("SELECT count(*) FROM cpu")  # the deployment is shared with the other deploy tests

    # 1. The processes running steps die mid-commit: the run fails within seconds, saying so, and nothing is kept.
    killed = _import_and_commit(deployment, session, _cpu_csv(deployment.files, "Dead"))
    _kill_step_processes(deployment, _worker_once_commit_writes(deployment, killed))
    started = time.monotonic()
    failed = wait_for_run(deployment.webserver, killed, timeout=60)
    assert failed["status"] == "FAILURE", f"the run whose step was killed ended {failed['status']}: {deployment.worker_logs()}"
    assert time.monotonic() - started < 30, "the killed step was not noticed within 30 s"
    assert "WorkerLostError" in _run_failure_text(deployment, killed)
    _assert_nothing_kept(deployment, session, cpus_before)

    # 2. The session is committed again; this time its whole worker is lost mid-commit (its machine gone):
    #    nothing is kept, RabbitMQ hands the step to the other worker, and the run succeeds with every row once.
    again = launch_run(deployment.webserver, "commit_import", session, {}, tags={WRITES_TAG: "database"})
    lost = _worker_once_commit_writes(deployment, again)
    deployment.services.kill(lost)
    _assert_nothing_kept(deployment, session, cpus_before)
    finished = wait_for_run(deployment.webserver, again, timeout=120)
    assert finished["status"] == "SUCCESS", f"the commit whose worker was lost ended {finished['status']}: {deployment.worker_logs()}"
    (survivor,) = deployment.workers()
    with deployment.instance() as instance:
        assert _workers_that_ran(instance, again) == [lost, survivor]
    assert deployment.scalar("SELECT count(*) FROM cpu") == cpus_before + ROWS
    assert deployment.scalar("SELECT count(DISTINCT name) FROM cpu WHERE name LIKE 'Dead %'") == ROWS
    assert deployment.scalar("SELECT count(*) FROM import_change WHERE session_id = :s", s=session) == ROWS
    assert deployment.scalar("SELECT status FROM import_session WHERE id = :s", s=session) == "committed"
