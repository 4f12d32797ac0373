"""Record edits, bulk edits and undos materialize the reference tables they changed in the shared Dagster instance."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app
from dealbrain.importing.conflicts import ConflictPolicy
from dealbrain.settings import ImporterSettings
from pipelines.launch import shared_instance
from tests.conftest import CliInvoke
from tests.importing.conftest import ImportRunner
from tests.importing.workbooks import write_xlsx
from tests.records.conftest import stored


def materializations(settings: ImporterSettings, table: str) -> list[dict[str, Any]]:
    """The table's materializations in the instance, oldest first, as plain metadata values."""
    instance = shared_instance(settings)
    records = instance.fetch_materializations(dg.AssetKey(table), limit=100).records
    events = [record.asset_materialization for record in reversed(records)]
    return [{name: value.value for name, value in event.metadata.items()} for event in events]


def test_cli_edit_bulk_edit_and_undo_each_materialize_the_table(
    cli: CliInvoke, settings: ImporterSettings, engine: Engine, imported: str
) -> None:
    edit = json.loads(cli("records", "update", "cpu", "Intel Core i7-8700", "--set", "cores=8", "--json").stdout)
    bulk = json.loads(
        cli("records", "bulk-update", "cpu", "--where", 'manufacturer = "Intel"', "--set", "tdp_w=95", "--json").stdout
    )
    undone = cli("undo", bulk["session_id"], "--json")
    assert undone.exit_code == 0, undone.output

    events = materializations(settings, "cpu")
    assert [(e["change"], e.get("edit_session") or e.get("undone_session")) for e in events] == [
        ("record_edit", edit["session_id"]), ("bulk_edit", bulk["session_id"]), ("undo", bulk["session_id"]),
    ]
    assert (events[0]["updated"], events[1]["updated"], events[2]["restored"], events[2]["deleted"]) == (1, 2, 2, 0)
    assert all(e["dagster/row_count"] == 3 and e["actor"] == "local" for e in events)
    assert materializations(settings, "gpu") == [] and materializations(settings, "listing") == []
    dry = cli("records", "bulk-update", "cpu", "--where", "cores > 0", "--set", "tdp_w=10", "--dry-run")
    unchanged = cli("records", "update", "cpu", "Intel Core i7-8700", "--set", "cores=8")
    assert dry.exit_code == unchanged.exit_code == 0
    assert len(materializations(settings, "cpu")) == 3, "a dry run or an edit changing nothing reports nothing"


def test_column_lineage_maps_stored_columns_to_the_source_columns_of_the_import(
    cli: CliInvoke, settings: ImporterSettings, engine: Engine, imported: str
) -> None:
    cli("records", "update", "cpu", "Intel Core i7-8700", "--set", "cores=8")

    (event,) = materializations(settings, "cpu")
    lineage = event["dagster/column_lineage"].deps_by_column
    assert [(dep.asset_key, dep.column_name) for dep in lineage["cpu_mark_multi"]] == [
        (dg.AssetKey("uploaded_workbook"), "CPUs.CPU Mark")
    ]
    assert [dep.column_name for dep in lineage["name"]] == ["CPUs.CPU Name"]
    assert event["source_files"] == "reference.xlsx"


def test_an_unreachable_instance_keeps_the_edit_and_says_so(
    cli: CliInvoke, engine: Engine, imported: str, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the Dagster home should be", encoding="utf-8")

    done = cli("records", "update", "cpu", "Intel Core i7-8700", "--set", "cores=8", env={"IMPORTER_DAGSTER_HOME": str(blocked)})

    assert done.exit_code == 0, done.output
    assert "warning: The change is saved, but Dagster was not told" in done.stderr and "cpu" in done.stderr
    assert stored(engine, "cpu")["Intel Core i7-8700"]["cores"] == 8


@pytest.fixture
def client(settings: ImporterSettings, engine: Engine) -> TestClient:
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def test_api_patch_bulk_update_and_undo_each_materialize_the_table(
    client: TestClient, settings: ImporterSettings, imported: str
) -> None:
    patched = client.patch("/v1/reference/listing/records/Beelink SER5", json={"fields": {"ram_gb": 32}})
    assert patched.status_code == 200, patched.text
    request = {"where": "price_usd > 0", "changes": {"fields": {"condition": "used"}}}
    token = client.post("/v1/reference/listing/bulk-update", json={**request, "dry_run": True}).json()["confirmation_token"]
    bulk = client.post("/v1/reference/listing/bulk-update", json={**request, "confirmation_token": token})
    assert bulk.status_code == 200, bulk.text
    undone = client.post(f"/v1/imports/sessions/{bulk.json()['session_id']}/undo")
    assert undone.status_code == 200, undone.text

    events = materializations(settings, "listing")
    assert [(e["change"], e.get("edit_session") or e.get("undone_session")) for e in events] == [
        ("record_edit", patched.json()["session_id"]), ("bulk_edit", bulk.json()["session_id"]),
        ("undo", bulk.json()["session_id"]),
    ]
    assert (events[1]["updated"], events[2]["restored"]) == (2, 2)
    assert materializations(settings, "cpu") == []


def test_api_says_when_the_instance_was_not_told(settings: ImporterSettings, engine: Engine, imported: str, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the Dagster home should be", encoding="utf-8")
    with TestClient(create_app(settings.model_copy(update={"dagster_home": blocked}))) as client:
        patched = client.patch("/v1/reference/cpu/records/Intel Core i7-8700", json={"fields": {"cores": 8}})

    assert patched.status_code == 200 and patched.json()["status"] == "updated"
    assert patched.headers["X-Importer-Warning"].startswith("The change is saved, but Dagster was not told")
    assert stored(engine, "cpu")["Intel Core i7-8700"]["cores"] == 8


def test_lineage_follows_the_latest_import_of_each_column(
    cli: CliInvoke, settings: ImporterSettings, engine: Engine, imported: str, run: ImportRunner, tmp_path: Path
) -> None:
    rows = [["CPU Name", "CPU Mark"], ["Intel Core i7-8700", "14,000"]]
    later = run(write_xlsx(tmp_path / "marks.xlsx", {"Marks": rows}), declared_entities={"Marks": "cpu"},
                conflict_policy=ConflictPolicy.UPDATE)
    assert later.result is not None and later.result.counts()["cpu"]["updated"] == 1, later.preview.blocking
    cli("records", "update", "cpu", "Intel Core i7-8700", "--set", "cores=8")

    (event,) = materializations(settings, "cpu")
    lineage = event["dagster/column_lineage"].deps_by_column
    assert [dep.column_name for dep in lineage["cpu_mark_multi"]] == ["Marks.CPU Mark"]
    assert [dep.column_name for dep in lineage["cores"]] == ["CPUs.Cores"], "columns the later import left keep theirs"
    assert event["source_files"] == "marks.xlsx, reference.xlsx"
