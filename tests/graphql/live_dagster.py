"""A real `dagster dev` (webserver and daemon) for tests, on a free port, with its own Dagster home and data folder.

Tests talk to it as the UI does: through `/graphql`. Runs it launches go
through the daemon's run queue and execute in their own process, exactly as
an operator's do.
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dagster_graphql import DagsterGraphQLClient

from tests.support.processes import free_port, start_in_group, stop_group

REPOSITORY_ROOT = Path(__file__).resolve().parents[2]
LOCATION = "pipelines.definitions"
REPOSITORY = "__repository__"
START_TIMEOUT = 180
TERMINAL = {"SUCCESS", "FAILURE", "CANCELED"}


@dataclass
class LiveDagster:
    url: str
    port: int
    home: Path
    data_dir: Path
    log: Path

    @property
    def client(self) -> DagsterGraphQLClient:
        return DagsterGraphQLClient("127.0.0.1", port_number=self.port)

    def graphql(self, query: str, **variables: Any) -> dict[str, Any]:
        body = json.dumps({"query": query, "variables": variables}).encode()
        request = urllib.request.Request(f"{self.url}/graphql", body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - a local test server
            answer = json.load(response)
        assert not answer.get("errors"), answer["errors"]
        return answer["data"]

    def add_partition(self, key: str) -> None:
        data = self.graphql(
            """mutation($key: String!, $location: String!, $repo: String!) {
                 addDynamicPartition(repositorySelector: {repositoryLocationName: $location, repositoryName: $repo},
                                     partitionsDefName: "import_sessions", partitionKey: $key) { __typename }
               }""",
            key=key, location=LOCATION, repo=REPOSITORY,
        )
        assert data["addDynamicPartition"]["__typename"] == "AddDynamicPartitionSuccess", data

    def launch(self, job: str, partition: str, run_config: dict[str, Any] | None = None, tags: dict[str, str] | None = None) -> str:
        return self.client.submit_job_execution(
            job, repository_location_name=LOCATION, repository_name=REPOSITORY, run_config=run_config or {},
            tags={"dagster/partition": partition, **(tags or {})},
        )

    def wait_for_run(self, run_id: str, timeout: float = 180) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.client.get_run_status(run_id).value
            if status in TERMINAL:
                return status
            time.sleep(0.2)
        raise AssertionError(f"run {run_id} did not finish in {timeout} s; see {self.log}")

    def run(self, run_id: str) -> dict[str, Any]:
        data = self.graphql(
            """query($id: ID!) { runOrError(runId: $id) { ... on Run { status startTime endTime creationTime
                 tags { key value } } } }""",
            id=run_id,
        )
        run = data["runOrError"]
        return run | {"tags": {tag["key"]: tag["value"] for tag in run["tags"]}}


def _loaded(url: str) -> bool:
    query = '{ workspaceOrError { ... on Workspace { locationEntries { name loadStatus locationOrLoadError { __typename } } } } }'
    body = json.dumps({"query": query}).encode()
    try:
        request = urllib.request.Request(f"{url}/graphql", body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - a local test server
            entries = json.load(response)["data"]["workspaceOrError"]["locationEntries"]
    except (OSError, KeyError, TypeError, ValueError):
        return False
    return any(e["loadStatus"] == "LOADED" and e["locationOrLoadError"]["__typename"] == "RepositoryLocation" for e in entries)


def importer_environment(home: Path, data_dir: Path, database_url: str | None) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("IMPORTER_")}
    environment |= {"DAGSTER_HOME": str(home), "IMPORTER_DATA_DIR": str(data_dir), "IMPORTER_DAGSTER_HOME": str(home)}
    if database_url:
        environment["IMPORTER_DATABASE_URL"] = database_url
    return environment


@contextmanager
def live_dagster(root: Path, database_url: str | None = None) -> Iterator[LiveDagster]:
    """`dagster dev` on a free port over ``root`` (Dagster home and data folder inside it); stopped afterwards."""
    home, data_dir = root / "dagster_home", root / "data"
    home.mkdir(parents=True, exist_ok=True)
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n", encoding="utf-8")
    port = free_port()
    log = root / "dagster_dev.log"
    command = [sys.executable, "-m", "dagster", "dev", "-m", LOCATION, "-h", "127.0.0.1", "-p", str(port)]
    log.unlink(missing_ok=True)
    process = start_in_group(command, cwd=REPOSITORY_ROOT, environment=importer_environment(home, data_dir, database_url), log=log)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _loaded(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"dagster dev did not start; its log:\n{log.read_text(errors='replace')[-4000:]}")
            time.sleep(0.5)
        yield LiveDagster(url, port, home, data_dir, log)
    finally:
        stop_group(process, grace=30)
