"""The production deployment started for the deploy tests: code server, webserver, daemon and two Celery workers.

Fresh PostgreSQL databases for Dagster's storage and for the importer, free
ports, deploy/dagster.yaml as the instance and deploy/celery_worker.yaml for
the workers, a Celery queue of its own (so no other worker takes its steps).
It is started once for the tests that need it (their assertions are relative
to what the database held when they began) and everything started is stopped
when the block ends, however it ends.
"""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import dagster as dg
import yaml
from sqlalchemy import Engine, create_engine, text

from tests.deploy.postgres_places import dagster_storage_environment, fresh_database
from tests.support.processes import Services, command_ok, free_port, http_ok, running_services

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ACTOR = "smoke-operator"
WRITES_TAG = "dealbrain/writes"


@dataclass
class Deployment:
    webserver: str
    dagster_home: Path
    importer: Engine
    services: Services
    files: Path

    def scalar(self, sql: str, **parameters: object) -> object:
        """One value read from the importer database."""
        with self.importer.connect() as connection:
            return connection.execute(text(sql), parameters).scalar_one()

    def workers(self) -> list[str]:
        """The Celery workers started and not killed, by name."""
        return [name for name, _ in self.services.started if name.startswith("celery-worker")]

    def worker_logs(self) -> dict[str, str]:
        return {name: self.services.log_of(name)[-3000:] for name in (*WORKERS, "daemon", "code-server")}

    @contextmanager
    def instance(self) -> Iterator[dg.DagsterInstance]:
        """The deployment's Dagster instance, read from this process (its storage variables set meanwhile)."""
        saved = dict(os.environ)
        os.environ.update({name: self.services.environment[name] for name in INSTANCE_VARIABLES})
        try:
            with dg.DagsterInstance.from_config(str(self.dagster_home)) as instance:
                yield instance
        finally:
            os.environ.clear()
            os.environ.update(saved)


WORKERS = ("celery-worker-1", "celery-worker-2")
"""The Celery workers every deployment starts with: steps go to whichever is free."""
INSTANCE_VARIABLES = ("DAGSTER_MAX_CONCURRENT_RUNS", "DAGSTER_PG_HOST", "DAGSTER_PG_PORT", "DAGSTER_PG_USER",
                      "DAGSTER_PG_PASSWORD", "DAGSTER_PG_DB")


def start_celery_worker(services: Services, name: str) -> None:
    """A `dagster-celery` worker on the test's queue, started as deploy/README.md says."""
    services.start(name, [str(BIN / "dagster-celery"), "worker", "start", "-A", "dagster_celery.app",
                          "-y", str(ROOT / "deploy" / "celery_worker.yaml"), "-n", name,
                          "-q", services.environment["IMPORTER_CELERY_QUEUE"], "--", "--concurrency=2"])


def wait_for_celery_worker(services: Services, name: str) -> None:
    services.wait_until(f"the Celery worker {name}", lambda: "ready." in services.log_of(name), timeout=180)


def deployment_environment(tmp_path: Path, dagster_home: Path, dagster_db, importer_url: str) -> dict[str, str]:
    """The variables deploy/README.md lists, for one test's deployment."""
    queue = f"dealbrain-test-{uuid.uuid4().hex[:8]}"
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
    """Code server, webserver, daemon and the Celery workers, each waited for; returns the webserver's URL."""
    code_port, web_port = free_port(), free_port()
    workspace = yaml.safe_load((ROOT / "deploy" / "workspace.yaml").read_text())
    workspace["load_from"][0]["grpc_server"]["port"] = code_port
    (tmp_path / "workspace.yaml").write_text(yaml.safe_dump(workspace))
    services.start("code-server", [str(BIN / "dagster"), "code-server", "start", "-h", "127.0.0.1", "-p", str(code_port),
                                   "-m", "pipelines.definitions", "-a", "defs", "--location-name", "dealbrain_importer"])
    services.wait_until("the code server", lambda: command_ok(
        [str(BIN / "dagster"), "api", "grpc-health-check", "-p", str(code_port)], services.environment, ROOT), timeout=180)
    for worker in WORKERS:
        start_celery_worker(services, worker)
    services.start("webserver", [str(BIN / "dagster-webserver"), "-h", "127.0.0.1", "-p", str(web_port),
                                 "-w", str(tmp_path / "workspace.yaml")])
    services.start("daemon", [str(BIN / "dagster-daemon"), "run", "-w", str(tmp_path / "workspace.yaml")])
    url = f"http://127.0.0.1:{web_port}"
    services.wait_until("the webserver", lambda: http_ok(f"{url}/server_info"), timeout=180)
    for worker in WORKERS:
        wait_for_celery_worker(services, worker)
    return url


@contextmanager
def running_deployment(tmp_path: Path) -> Iterator[Deployment]:
    """The migrated importer database, Dagster's services and the Celery workers (``WORKERS``)."""
    with fresh_database("dagster_deploy") as dagster_db, fresh_database("importer_deploy") as importer_db:
        dagster_home = tmp_path / "dagster_home"
        dagster_home.mkdir()
        shutil.copy(ROOT / "deploy" / "dagster.yaml", dagster_home / "dagster.yaml")
        importer_url = importer_db.render_as_string(hide_password=False)
        environment = deployment_environment(tmp_path, dagster_home, dagster_db, importer_url)
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
