"""Launching and watching runs through the Dagster webserver's GraphQL API, the way the UI does.

Everything that depends on how a run is launched (selector, run config,
tags) is in `launch_run`, so a change to how identity reaches runs is made
here once.
"""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

LOCATION = "dealbrain_importer"
REPOSITORY = "__repository__"
FINISHED = {"SUCCESS", "FAILURE", "CANCELED"}

LAUNCH = """
mutation Launch($params: ExecutionParams!) {
  launchPipelineExecution(executionParams: $params) {
    __typename
    ... on LaunchRunSuccess { run { runId status } }
    ... on PythonError { message stack }
    ... on RunConfigValidationInvalid { errors { message } }
    ... on InvalidSubsetError { message }
    ... on PipelineNotFoundError { message }
    ... on UnauthorizedError { message }
  }
}
"""
ADD_PARTITION = """
mutation Add($selector: RepositorySelector!, $name: String!, $key: String!) {
  addDynamicPartition(repositorySelector: $selector, partitionsDefName: $name, partitionKey: $key) {
    __typename
    ... on PythonError { message }
    ... on DuplicateDynamicPartitionError { partitionName }
  }
}
"""
RUN = """
query Run($runId: ID!) {
  runOrError(runId: $runId) {
    __typename
    ... on Run { runId status startTime endTime tags { key value } }
  }
}
"""


def graphql(url: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(
        f"{url}/graphql",
        data=json.dumps({"query": query, "variables": variables}).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        document = json.loads(response.read())
    if document.get("errors"):
        raise AssertionError(f"GraphQL errors: {document['errors']}")
    return document["data"]


def add_session(url: str, session: str) -> None:
    """Add the import session as a partition of `import_sessions`, as the UI's "add partition" does."""
    selector = {"repositoryLocationName": LOCATION, "repositoryName": REPOSITORY}
    result = graphql(url, ADD_PARTITION, {"selector": selector, "name": "import_sessions", "key": session})
    kind = result["addDynamicPartition"]["__typename"]
    assert kind == "AddDynamicPartitionSuccess", result


def launch_run(url: str, job: str, session: str, run_config: dict[str, Any], tags: dict[str, str] | None = None) -> str:
    """Launch ``job`` for one session partition; returns the run id (the run is queued, not yet started)."""
    all_tags = {"dagster/partition": session, "dealbrain/session": session, **(tags or {})}
    params = {
        "selector": {"repositoryLocationName": LOCATION, "repositoryName": REPOSITORY, "pipelineName": job},
        "runConfigData": run_config,
        "executionMetadata": {"tags": [{"key": key, "value": value} for key, value in all_tags.items()]},
    }
    result = graphql(url, LAUNCH, {"params": params})["launchPipelineExecution"]
    assert result["__typename"] == "LaunchRunSuccess", result
    return result["run"]["runId"]


def run_state(url: str, run_id: str) -> dict[str, Any]:
    return graphql(url, RUN, {"runId": run_id})["runOrError"]


def wait_for_run(url: str, run_id: str, timeout: float = 300.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = run_state(url, run_id)
        if state["status"] in FINISHED:
            return state
        time.sleep(1)
    raise AssertionError(f"run {run_id} did not finish in {timeout:.0f} s; last status {state['status']}")
