"""An import and a commit through Dagster's GraphQL API against a real `dagster dev`: verdicts, statuses and metadata."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine, text

from tests.graphql.live_dagster import REPOSITORY_ROOT, LiveDagster, live_dagster
from tests.importing.workbooks import CPU_HEADER, write_xlsx

pytestmark = [pytest.mark.graphql, pytest.mark.slow]

MATERIALIZATION = """
query($key: [String!]!, $partition: String!) {
  assetOrError(assetKey: {path: $key}) { ... on Asset {
    assetMaterializations(partitions: [$partition], limit: 1) { partition runId
      metadataEntries { label
        ... on MarkdownMetadataEntry { mdStr } ... on BoolMetadataEntry { boolValue } ... on TextMetadataEntry { text }
        ... on TableMetadataEntry { table { records schema { columns { name type } } } } } } } }
}"""
CHECK = """
{
  assetCheckExecutions(assetKey: {path: ["validated_preview"]}, checkName: "can_commit", limit: 1) {
    status partition runId evaluation { success severity description partition } }
}"""
STEP_FAILURE = """
query($id: ID!) { logsForRun(runId: $id) { ... on EventConnection { events { __typename
  ... on ExecutionStepFailureEvent { failureMetadata { metadataEntries { label } } error { message } } } } } }"""




def _metadata(dagster: LiveDagster, asset: str, partition: str) -> dict[str, Any]:
    data = dagster.graphql(MATERIALIZATION, key=[asset], partition=partition)
    events = data["assetOrError"]["assetMaterializations"]
    assert events, f"{asset} has no materialization for {partition}"
    return {e["label"]: _value(e) for e in events[0]["metadataEntries"]}


def _value(entry: dict[str, Any]) -> Any:
    """An entry's value as the UI receives it; a table as its rows, each record a JSON object."""
    if "table" in entry:
        return [json.loads(record) for record in entry["table"]["records"]]
    return entry.get("mdStr", entry.get("boolValue", entry.get("text")))


def _check(dagster: LiveDagster, run_id: str) -> dict[str, Any]:
    """The latest `can_commit` result, which must be the one of ``run_id`` (see the README on per-partition checks)."""
    (execution,) = dagster.graphql(CHECK)["assetCheckExecutions"]
    print("can_commit execution:", execution)
    assert execution["runId"] == run_id
    return execution


def _sample_config(path: Path) -> dict[str, Any]:
    options = yaml.safe_load((REPOSITORY_ROOT / "samples" / "sample_import.yaml").read_text(encoding="utf-8"))
    return {"ops": {"uploaded_workbook": {"config": options | {"file": str(path)}}}}


def test_preview_and_commit_launched_through_graphql(engine: Engine, database_url: str, tmp_path: Path) -> None:
    sample = shutil.copy(REPOSITORY_ROOT / "samples" / "dealbrain_sample.xlsx", tmp_path / "dealbrain_sample.xlsx")
    broken = write_xlsx(tmp_path / "broken.xlsx", {"CPUs": [CPU_HEADER, ["Intel Core i3-10100", "Intel", "four", 8, 65, 8800, 2800, 2020]]})
    with live_dagster(tmp_path / "dagster", database_url) as dagster:
        dagster.add_partition("gql-ready")
        preview = dagster.launch("import_workbook", "gql-ready", _sample_config(Path(sample)))
        assert dagster.wait_for_run(preview) == "SUCCESS"
        tags = dagster.run(preview)["tags"]
        assert tags["dealbrain/session"] == "gql-ready" and tags["dealbrain/verdict"] == "ready"
        assert tags["dealbrain/file"] == "dealbrain_sample.xlsx" and tags["dealbrain/actor"] == "local"
        check = _check(dagster, preview)
        assert check["status"] == "SUCCEEDED" and check["evaluation"]["success"] and check["evaluation"]["severity"] == "WARN"
        metadata = _metadata(dagster, "validated_preview", "gql-ready")
        assert list(metadata)[:3] == ["verdict", "blocking", "next_try_run_config"]
        assert metadata["verdict"].startswith("**Ready to commit.**") and metadata["can_commit"] is True
        assert "file: " + str(sample) in metadata["next_try_run_config"]
        planned = {row["entity"]: row for row in metadata["planned_changes"]}
        assert planned["cpu"]["insert"] > 0 and planned["cpu"]["rejected"] == 0

        commit = dagster.launch("commit_import", "gql-ready")
        assert dagster.wait_for_run(commit) == "SUCCESS"
        assert dagster.run(commit)["tags"]["dealbrain/verdict"] == "committed"
        written = {row["entity"]: row for row in _metadata(dagster, "committed_import", "gql-ready")["result"]}
        assert written["cpu"]["inserted"] > 0 and written["cpu"]["rejected"] == 0
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM cpu")).scalar_one() > 0

        dagster.add_partition("gql-blocked")
        blocked = dagster.launch("import_workbook", "gql-blocked", {"ops": {"uploaded_workbook": {"config": {"file": str(broken)}}}})
        assert dagster.wait_for_run(blocked) == "SUCCESS"
        assert dagster.run(blocked)["tags"]["dealbrain/verdict"] == "blocked"
        check = _check(dagster, blocked)
        assert check["status"] == "FAILED" and check["evaluation"]["severity"] == "WARN"
        assert "failed validation" in check["evaluation"]["description"]
        blocked_preview = _metadata(dagster, "validated_preview", "gql-blocked")
        assert blocked_preview["verdict"].startswith("**Blocked.**")
        (failing,) = blocked_preview["failing_rows"]
        assert (failing["sheet"], failing["row"], failing["raw_value"]) == ("CPUs", 2, "four")

        refused = dagster.launch("commit_import", "gql-blocked")
        assert dagster.wait_for_run(refused) == "FAILURE"
        assert dagster.run(refused)["tags"]["dealbrain/verdict"] == "refused"
        events = dagster.graphql(STEP_FAILURE, id=refused)["logsForRun"]["events"]
        (failure,) = [e for e in events if e["__typename"] == "ExecutionStepFailureEvent"]
        assert "Traceback" not in (failure["error"] or {}).get("message", "")
