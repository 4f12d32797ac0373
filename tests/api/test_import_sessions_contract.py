"""The original product's import-session routes, replayed with its request and response shapes."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from api.imports_runner import SESSION_TAG_KEY
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportSession
from dealbrain.settings import ImporterSettings
from tests.api.conftest import upload_sample

pytestmark = pytest.mark.slow  # Dagster runs, a live server or the whole PassMark file: `make test-all`

SNAPSHOT_FIELDS = {
    "id", "filename", "content_type", "status", "checksum", "sheet_meta", "mappings", "preview", "conflicts",
    "declared_entities", "created_at", "updated_at",
}
SHEET_META_FIELDS = {"sheet_name", "row_count", "columns", "entity", "entity_label", "confidence", "declared_entity"}
FIELD_MAPPING_FIELDS = {"field", "label", "required", "data_type", "column", "status", "confidence", "suggestions"}
PREVIEW_FIELDS = {"rows", "missing_required_fields", "total_rows", "mapped_field_count", "component_matches"}


def assert_snapshot_shape(snapshot: dict) -> None:
    assert SNAPSHOT_FIELDS <= set(snapshot)
    for sheet in snapshot["sheet_meta"]:
        assert SHEET_META_FIELDS <= set(sheet)
        for column in sheet["columns"]:
            assert set(column) == {"name", "samples"}
    for mapping in snapshot["mappings"].values():
        assert set(mapping) == {"sheet", "fields"}
        for name, field in mapping["fields"].items():
            assert set(field) == FIELD_MAPPING_FIELDS and field["field"] == name
            assert field["status"] in {"auto", "manual", "missing"}
            for suggestion in field["suggestions"]:
                assert set(suggestion) == {"column", "confidence", "reason"}
    for preview in snapshot["preview"].values():
        assert set(preview) == PREVIEW_FIELDS


def test_create_list_get_remap_recompute_and_commit(client: TestClient, settings: ImporterSettings, engine: Engine) -> None:
    created = upload_sample(client)
    assert_snapshot_shape(created)
    assert created["filename"] == "dealbrain_sample.xlsx" and created["status"] == "previewed"
    assert len(created["checksum"]) == 64 and created["content_type"].endswith("spreadsheetml.sheet")
    assert created["declared_entities"]["Listings"] == "listing"
    cpus = next(sheet for sheet in created["sheet_meta"] if sheet["sheet_name"] == "CPUs")
    assert cpus["entity"] == "cpu" and cpus["declared_entity"] == "cpu" and cpus["row_count"] == 5
    assert cpus["columns"][0] == {"name": "CPU Name", "samples": ["Intel Core i7-8700", "AMD Ryzen 5 5600G", "Intel Core i5-12400"]}
    assert created["mappings"]["cpu"]["fields"]["name"]["column"] == "CPU Name"
    assert created["preview"]["cpu"]["total_rows"] == 5 and created["preview"]["cpu"]["missing_required_fields"] == []
    assert created["preview"]["listing"]["component_matches"], "listings name their CPUs"
    session_id = created["id"]

    listed = client.get("/v1/imports/sessions").json()
    assert [s["id"] for s in listed["sessions"]] == [session_id]
    fetched = client.get(f"/v1/imports/sessions/{session_id}").json()
    assert fetched["id"] == session_id and fetched["mappings"] == created["mappings"]

    os_column = created["mappings"]["listing"]["fields"]["os_license"]["column"]
    unmapped = client.post(f"/v1/imports/sessions/{session_id}/mappings", json={
        "mappings": {"listing": {"sheet": "Listings", "fields": {"os_license": {"column": None, "status": "missing"}}}}
    })
    assert unmapped.status_code == 200, unmapped.text
    assert unmapped.json()["mappings"]["listing"]["fields"]["os_license"] | {"suggestions": []} == {
        **created["mappings"]["listing"]["fields"]["os_license"], "column": None, "status": "missing",
        "confidence": 0.0, "suggestions": [],
    }
    remapped = client.post(f"/v1/imports/sessions/{session_id}/mappings", json={
        "mappings": {"listing": {"sheet": "Listings",
                                 "fields": {"os_license": {"column": os_column, "status": "manual", "confidence": 1.0}}}}
    }).json()
    assert remapped["mappings"]["listing"]["fields"]["os_license"]["status"] == "manual"
    assert remapped["mappings"]["listing"]["fields"]["os_license"]["column"] == os_column

    recomputed = client.post(f"/v1/imports/sessions/{session_id}/conflicts")
    assert recomputed.status_code == 200 and recomputed.json()["conflicts"] == []

    committed = client.post(f"/v1/imports/sessions/{session_id}/commit",
                            json={"conflict_resolutions": [], "component_overrides": [], "notes": "first load"})
    assert committed.status_code == 200, committed.text
    body = committed.json()
    assert set(body) == {"status", "counts", "session", "auto_created_cpus"}
    assert body["status"] == "committed" and body["counts"]["cpu"]["inserted"] == 5
    assert body["session"]["status"] == "committed"
    assert isinstance(body["auto_created_cpus"], list)

    again = client.post(f"/v1/imports/sessions/{session_id}/commit", json={})
    assert again.status_code == 409 and "already committed" in again.json()["detail"]

    runs = client.get(f"/v1/imports/sessions/{session_id}/runs").json()["runs"]
    assert len(runs) == 5 and {run["job"] for run in runs} == {"import_workbook"}
    assert all(run["tags"][SESSION_TAG_KEY] == session_id and run["tags"]["dealbrain/actor"] == "local" for run in runs)


def test_preview_through_the_api_is_a_run_of_the_session_partition(client: TestClient, settings: ImporterSettings) -> None:
    from assets.session_partitions import import_sessions
    from pipelines.launch import shared_instance

    session_id = upload_sample(client)["id"]
    instance = shared_instance(settings)
    assert session_id in instance.get_dynamic_partitions(import_sessions.name)
    (run,) = instance.get_runs()
    assert run.job_name == "import_workbook" and run.tags[SESSION_TAG_KEY] == session_id
    assert run.tags["dagster/partition"] == session_id and run.status.value == "SUCCESS"


def test_the_runs_of_a_file_imported_batch_by_batch_say_how_far_it_came(settings: ImporterSettings, make_client) -> None:
    batched = make_client(settings.model_copy(update={"import_batch_above_bytes": 1, "import_batch_rows": 7}))
    rows = "".join(f"Test CPU {index:04d},{4 + index % 8}\n" for index in range(20))
    response = batched.post("/v1/imports/sessions", files={"upload": ("cpus.csv", f"CPU Name,Cores\n{rows}".encode(), "text/csv")},
                            data={"declared_entities": '{"cpus": "cpu"}'})
    assert response.status_code == 201, response.text
    session_id = response.json()["id"]
    (preview,) = batched.get(f"/v1/imports/sessions/{session_id}/runs").json()["runs"]
    assert preview["progress"] == "cpus: batch 3 of 3 planned against the stored CPU records"

    assert batched.post(f"/v1/imports/sessions/{session_id}/commit", json={}).status_code == 200
    latest = batched.get(f"/v1/imports/sessions/{session_id}/runs").json()["runs"][0]
    assert latest["progress"].startswith("CPU: batch 3 of 3 written (20 inserted, 0 updated so far")


def test_a_run_of_a_small_file_reports_no_progress(client: TestClient) -> None:
    session_id = upload_sample(client)["id"]
    (run,) = client.get(f"/v1/imports/sessions/{session_id}/runs").json()["runs"]
    assert run["progress"] is None


def test_conflicts_are_listed_and_resolved_at_commit(client: TestClient, engine: Engine) -> None:
    first = upload_sample(client)
    assert client.post(f"/v1/imports/sessions/{first['id']}/commit", json={}).status_code == 200
    changed = "CPU Name,Cores,Threads\nIntel Core i7-8700,8,16\n"
    response = client.post("/v1/imports/sessions", files={"upload": ("cpus.csv", changed.encode(), "text/csv")},
                           data={"declared_entities": '{"cpus": "cpu"}'})
    assert response.status_code == 201, response.text
    session = response.json()
    assert session["status"] == "blocked"
    (conflict,) = session["conflicts"]
    assert conflict["entity"] == "cpu" and conflict["identifier"] == "Intel Core i7-8700"
    assert {f["field"]: (f["existing"], f["incoming"]) for f in conflict["fields"]} == {"cores": ("6", "8"), "threads": ("12", "16")}

    refused = client.post(f"/v1/imports/sessions/{session['id']}/commit", json={})
    assert refused.status_code == 409 and refused.json()["error"] == "conflict"
    resolved = client.post(f"/v1/imports/sessions/{session['id']}/commit", json={
        "conflict_resolutions": [{"entity": "cpu", "identifier": "Intel Core i7-8700", "action": "update"}],
    })
    assert resolved.status_code == 200, resolved.text
    assert resolved.json()["counts"]["cpu"]["updated"] == 1
    assert client.get("/v1/reference/cpu/records/intel core i7-8700").json()["cores"] == 8

    undone = client.post(f"/v1/imports/sessions/{session['id']}/undo")
    assert undone.status_code == 200 and undone.json()["counts"]["cpu"]["restored"] == 1
    assert client.get("/v1/reference/cpu/records/Intel Core i7-8700").json()["cores"] == 6
    assert client.post(f"/v1/imports/sessions/{session['id']}/undo").status_code == 409


def test_malformed_declared_entities_is_a_400_and_keeps_nothing(client: TestClient, settings: ImporterSettings, engine: Engine) -> None:
    response = client.post("/v1/imports/sessions", files={"upload": ("cpus.csv", b"CPU Name\nX\n", "text/csv")},
                           data={"declared_entities": '{"cpus": '})
    assert response.status_code == 400
    assert "declared_entities is not valid JSON" in response.json()["detail"]
    with transaction(engine) as session:
        assert session.scalars(select(ImportSession)).all() == []
    assert not (settings.effective_upload_dir / "sessions").exists() or not any((settings.effective_upload_dir / "sessions").iterdir())


def test_unknown_session_is_a_404(client: TestClient) -> None:
    response = client.get("/v1/imports/sessions/nope")
    assert response.status_code == 404 and "GET /v1/imports/sessions" in response.json()["detail"]


def test_a_slow_preview_answers_202_with_the_status_url(settings: ImporterSettings, make_client) -> None:  # noqa: ANN001
    import time

    from tests.api.conftest import SAMPLE, SAMPLE_DECLARATIONS, XLSX

    client = make_client(settings.model_copy(update={"api_preview_wait_seconds": 0.0}))
    response = client.post("/v1/imports/sessions", files={"upload": (SAMPLE.name, SAMPLE.read_bytes(), XLSX)},
                           data={"declared_entities": SAMPLE_DECLARATIONS})
    assert response.status_code == 202, response.text
    pending = response.json()
    assert pending["status"] == "running" and response.headers["Location"] == pending["status_url"]
    for _ in range(240):
        polled = client.get(pending["status_url"])
        if polled.status_code == 200 and polled.json()["status"] == "previewed":
            break
        assert polled.status_code in (200, 202), polled.text
        time.sleep(0.25)
    else:
        raise AssertionError("the preview never finished")
    assert polled.json()["id"] == pending["id"]
