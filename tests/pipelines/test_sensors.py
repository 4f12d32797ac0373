"""The inbox sensor turns dropped files into import sessions, once per file version."""

from __future__ import annotations

import json
from pathlib import Path

import dagster as dg

from pipelines.sensors import inbox_sensor
from resources.upload_store import UploadStoreResource
from tests.importing.workbooks import reference_workbook


def _evaluate(inbox: Path, tmp_path: Path, cursor: str | None = None) -> dg.SensorResult | dg.SkipReason:
    instance = dg.DagsterInstance.ephemeral()
    context = dg.build_sensor_context(instance=instance, cursor=cursor)
    return inbox_sensor(context, uploads=UploadStoreResource(root=str(tmp_path / "uploads"), inbox=str(inbox)))


def test_new_files_become_partitions_and_preview_runs(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    reference_workbook(inbox / "November CPUs.xlsx")
    (inbox / "notes.txt.bak").write_text("ignored", encoding="utf-8")

    result = _evaluate(inbox, tmp_path)

    assert isinstance(result, dg.SensorResult)
    (request,) = result.run_requests
    assert request.partition_key.startswith("november-cpus-")
    assert request.run_config["ops"]["uploaded_workbook"]["config"]["file"].endswith("November CPUs.xlsx")
    assert result.dynamic_partitions_requests[0].partition_keys == [request.partition_key]
    assert "November CPUs.xlsx" in json.loads(result.cursor)


def test_a_file_already_seen_is_skipped(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    reference_workbook(inbox / "cpus.xlsx")
    first = _evaluate(inbox, tmp_path)
    again = _evaluate(inbox, tmp_path, cursor=first.cursor)
    assert isinstance(again, dg.SkipReason)


def test_missing_inbox_is_a_skip_not_an_error(tmp_path: Path) -> None:
    assert isinstance(_evaluate(tmp_path / "nowhere", tmp_path), dg.SkipReason)
