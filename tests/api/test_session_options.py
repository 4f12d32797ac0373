"""Import options on create and re-preview, over HTTP: validated by the domain's model, kept by the session."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from api.imports_runner import last_import_config
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportSession
from dealbrain.settings import ImporterSettings

pytestmark = pytest.mark.slow  # every session is a real import_workbook run

CPUS = "CPU Name,Cores,Threads\nIntel Core i7-8700,6,12\nAMD Ryzen 5 5600G,6,12\n"
CHANGED = "CPU Name,Cores,Threads\nIntel Core i7-8700,8,16\n"


def create(client: TestClient, text: str, options: object | None = None, name: str = "cpus.csv"):  # noqa: ANN201
    data = {"declared_entities": json.dumps({name.rsplit(".", 1)[0]: "cpu"})}
    if options is not None:
        data["options"] = options if isinstance(options, str) else json.dumps(options)
    return client.post("/v1/imports/sessions", files={"upload": (name, text.encode(), "text/csv")}, data=data)


def test_an_override_given_on_create_changes_the_preview(client: TestClient) -> None:
    plain = create(client, CPUS)
    assert plain.status_code == 201, plain.text
    assert plain.json()["mappings"]["cpu"]["fields"]["threads"]["column"] == "Threads"

    fixed = create(client, CPUS, {
        "mapping_overrides": [{"sheet": "cpus", "column": "Threads", "field": None}],
        "overrides": [{"sheet": "cpus", "action": "set_field", "rows": "2", "field": "cores", "value": "7"}],
    })
    assert fixed.status_code == 201, fixed.text
    snapshot = fixed.json()
    assert snapshot["mappings"]["cpu"]["fields"]["threads"]["column"] is None
    assert snapshot["mappings"]["cpu"]["fields"]["threads"]["status"] == "missing"
    assert [row["cores"] for row in snapshot["preview"]["cpu"]["rows"]] == [7, 6]
    assert [row["cores"] for row in plain.json()["preview"]["cpu"]["rows"]] == [6, 6]


def test_a_repreview_with_a_mapping_override_and_a_conflict_decision_changes_the_snapshot(
    client: TestClient, settings: ImporterSettings
) -> None:
    first = create(client, CPUS).json()
    assert client.post(f"/v1/imports/sessions/{first['id']}/commit", json={}).status_code == 200
    blocked = create(client, CHANGED).json()
    assert blocked["status"] == "blocked" and blocked["conflicts"][0]["decision"] is None
    assert {f["field"] for f in blocked["conflicts"][0]["fields"]} == {"cores", "threads"}

    repreviewed = client.post(f"/v1/imports/sessions/{blocked['id']}/conflicts", json={"options": {
        "mapping_overrides": [{"sheet": "cpus", "column": "Threads", "field": None}],
        "conflict_decisions": [{"entity": "cpu", "key": "Intel Core i7-8700", "decision": "update"}],
    }})
    assert repreviewed.status_code == 200, repreviewed.text
    snapshot = repreviewed.json()
    assert snapshot["status"] == "previewed" and snapshot["blocking"] == []
    (conflict,) = snapshot["conflicts"]
    assert conflict["decision"] == "update" and {f["field"] for f in conflict["fields"]} == {"cores"}
    assert snapshot["mappings"]["cpu"]["fields"]["threads"]["column"] is None
    kept = last_import_config(settings, blocked["id"])
    assert kept["conflict_decisions"] == [{"entity": "cpu", "key": "Intel Core i7-8700", "decision": "update"}]

    # A mappings call keeps those options and merges its own (same sheet and column: replaced).
    remapped = client.post(f"/v1/imports/sessions/{blocked['id']}/mappings", json={
        "mappings": {"cpu": {"sheet": "cpus", "fields": {"threads": {"column": "Threads", "status": "manual"}}}},
        "options": {"on_duplicate": "last"},
    })
    assert remapped.status_code == 200, remapped.text
    assert remapped.json()["mappings"]["cpu"]["fields"]["threads"]["status"] == "manual"
    assert remapped.json()["conflicts"][0]["decision"] == "update"
    assert last_import_config(settings, blocked["id"])["on_duplicate"] == "last"

    committed = client.post(f"/v1/imports/sessions/{blocked['id']}/commit", json={})
    assert committed.status_code == 200, committed.text
    stored = client.get("/v1/reference/cpu/records/Intel Core i7-8700").json()
    assert (stored["cores"], stored["threads"]) == (8, 16)


def test_a_misspelt_policy_is_refused_with_its_path_and_keeps_nothing(
    client: TestClient, settings: ImporterSettings, engine: Engine
) -> None:
    refused = create(client, CPUS, {"conflict_policy": "updaet"})
    assert refused.status_code == 422, refused.text
    body = refused.json()
    assert body["error"] == "invalid_request"
    assert [p["where"] for p in body["problems"]] == ["body.options.conflict_policy"]
    assert "'update', 'skip', 'keep' or 'merge'" in body["problems"][0]["problem"]
    for options, where in [({"conflict_polcy": "update"}, "body.options.conflict_polcy"),
                           ({"file": "/etc/passwd"}, "body.options.file"),
                           ({"conflict_decisions": [{"entity": "cpu", "key": "x", "decision": "ovewrite"}]},
                            "body.options.conflict_decisions.0.decision")]:
        answer = create(client, CPUS, options)
        assert answer.status_code == 422 and [p["where"] for p in answer.json()["problems"]] == [where], answer.text
    malformed = create(client, CPUS, "{not json")
    assert malformed.status_code == 400 and "options is not valid JSON" in malformed.json()["detail"]
    with transaction(engine) as session:
        assert session.scalars(select(ImportSession)).all() == []
    assert [p for p in settings.effective_upload_dir.rglob("*") if p.is_file()] == []

    session_id = create(client, CPUS).json()["id"]
    bad_repreview = client.post(f"/v1/imports/sessions/{session_id}/conflicts", json={"options": {"on_invalid": "skp"}})
    assert bad_repreview.status_code == 422
    assert [p["where"] for p in bad_repreview.json()["problems"]] == ["body.options.on_invalid"]
    assert "on_invalid" not in last_import_config(settings, session_id)


def test_an_upload_is_stored_once_and_the_session_refers_to_it(client: TestClient, settings: ImporterSettings) -> None:
    def stored_files() -> list:
        """Files of the upload store (its sha256 shards) and any other copy of an upload (no preview artefacts or workbooks)."""
        root = settings.effective_upload_dir
        return sorted(p for p in root.rglob("*") if p.is_file() and p.relative_to(root).parts[0] not in {"previews", "errors"})

    first = create(client, CPUS).json()
    (stored,) = stored_files()
    assert stored.name == f"{first['checksum']}.csv" and first["filename"] == "cpus.csv"
    config = last_import_config(settings, first["id"])
    assert config["file"] == str(stored) and config["source_name"] == "cpus.csv"
    assert first["warnings"] == []

    client.post(f"/v1/imports/sessions/{first['id']}/conflicts")
    again = create(client, CPUS, name="same_bytes.csv").json()
    assert stored_files() == [stored], "a re-preview and a second upload of the same bytes add no copy"
    assert last_import_config(settings, again["id"])["file"] == str(stored)
    assert again["filename"] == "same_bytes.csv"
    assert any("uploaded before" in warning for warning in again["warnings"])

    rejected = client.post("/v1/imports/sessions", files={"upload": ("broken.xlsx", b"not a workbook", "application/octet-stream")})
    assert rejected.status_code == 422, rejected.text
    assert stored_files() == [stored], "a refused upload is not kept"


def test_a_field_created_from_the_import_can_change_its_options_too(client: TestClient, settings: ImporterSettings) -> None:
    session_id = create(client, "CPU Name,Cores,Socket\nIntel Core i7-8700,6,LGA1151\n").json()["id"]
    field = {"entity": "cpu", "key": "socket_name", "label": "Socket", "data_type": "string"}
    refused = client.post(f"/v1/imports/sessions/{session_id}/fields",
                          json={**field, "import_options": {"on_duplicate": "frist"}})
    assert refused.status_code == 422
    assert [p["where"] for p in refused.json()["problems"]] == ["body.import_options.on_duplicate"]
    assert client.get("/v1/reference/custom-fields").json()["fields"] == [], "nothing created"

    created = client.post(f"/v1/imports/sessions/{session_id}/fields", json={**field, "import_options": {
        "mapping_overrides": [{"sheet": "cpus", "column": "Socket", "field": "socket_name"}], "on_duplicate": "last",
    }})
    assert created.status_code == 201, created.text
    assert created.json()["session"]["mappings"]["cpu"]["fields"]["socket_name"]["column"] == "Socket"
    assert last_import_config(settings, session_id)["on_duplicate"] == "last"
