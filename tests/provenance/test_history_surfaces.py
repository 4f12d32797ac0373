"""`importer records history` and ``GET /v1/reference/{entity}/{id}/history`` show the same provenance."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app
from dealbrain.records import RecordService
from dealbrain.settings import ImporterSettings
from tests.conftest import CliInvoke


def test_cli_history_names_file_sheet_row_and_column_then_the_edit(
    cli: CliInvoke, engine: Engine, imported: str, records: RecordService
) -> None:
    edit = records.update("listing", "Beelink SER5", {"price_usd": "$999"})

    shown = cli("records", "history", "listing", "beelink ser5", "--field", "price_usd")

    assert shown.exit_code == 0, shown.output
    lines = shown.stdout.splitlines()
    assert lines[0].startswith("listing 'Beelink SER5' (id ")
    assert "1064.0 (new)" in lines[2] and f"reference.xlsx, sheet Listings, row 3, column Price (import {imported}" in lines[2]
    assert lines[3].startswith("   * 999.0 (was 1064.0)") and f"record edit {edit.session_id} by otto" in lines[3]
    document = json.loads(cli("records", "history", "listing", "Beelink SER5", "--json").stdout)
    assert document["current"]["price_usd"]["session_id"] == edit.session_id
    assert document["current"]["ram_gb"] | {"at": None} == {
        "field": "ram_gb", "value": 16, "before": None, "session_id": imported, "kind": "import", "operation": "insert",
        "actor": "alice", "at": None, "file": "reference.xlsx", "sheet": "Listings", "source_row": 3,
        "source_column": "RAM", "custom": False, "undone": False,
    }


def test_cli_history_refusals_say_what_to_do(cli: CliInvoke, engine: Engine, imported: str) -> None:
    missing = cli("records", "history", "cpu", "Intel Core i7-8701")
    assert missing.exit_code == 1 and "Closest: 'Intel Core i7-8700'" in missing.stderr
    unknown = cli("records", "history", "cpu", "Intel Core i7-8700", "--field", "colour")
    assert unknown.exit_code == 2 and "There is no field 'colour'" in unknown.stderr
    entity = cli("records", "history", "spaceship", "x", "--json")
    assert entity.exit_code == 2 and json.loads(entity.stdout)["status"] == "refused"


def test_api_history_of_a_record(settings: ImporterSettings, engine: Engine, imported: str, records: RecordService) -> None:
    edit = records.update("cpu", "Intel Core i5-12400", {"cores": "10"})
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        response = client.get("/v1/reference/cpu/intel core i5-12400/history", params={"field": "cores"})
        by_id = client.get(f"/v1/reference/cpu/{edit.record_id}/history", params={"field": "cores"})
        missing = client.get("/v1/reference/cpu/Intel Core i5-99/history")
        unknown = client.get("/v1/reference/cpu/Intel Core i5-12400/history", params={"field": "colour"})

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["key"] == "Intel Core i5-12400" and [c["kind"] for c in body["changes"]] == ["import", "record_edit"]
    first, second = body["changes"]
    assert (first["file"], first["sheet"], first["source_row"], first["source_column"], first["value"]) == (
        "reference.xlsx", "CPUs", 4, "Cores", 6
    )
    assert (second["session_id"], second["before"], second["value"]) == (edit.session_id, 6, 10)
    assert body["current"]["cores"]["session_id"] == edit.session_id
    assert by_id.status_code == 200 and by_id.json() == body
    assert missing.status_code == 404 and unknown.status_code == 400 and "colour" in unknown.json()["detail"]
