"""`/v1/reference/custom-fields` and `POST /v1/imports/sessions/{id}/fields` over HTTP."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.api.conftest import upload_sample

WARRANTY = {"entity": "cpu", "key": "warranty_months", "label": "Warranty (months)", "data_type": "integer",
            "validation": {"minimum": 0, "maximum": 60}}
FIELD_DOCUMENT = {"id", "entity", "key", "label", "data_type", "description", "required", "default_value", "options",
                  "is_active", "visibility", "validation", "display_order", "status", "created_by", "created_at",
                  "updated_at", "deleted_at"}


def test_create_list_update_delete_restore(client: TestClient) -> None:
    created = client.post("/v1/reference/custom-fields", json=WARRANTY)
    assert created.status_code == 201, created.text
    field = created.json()
    assert set(field) == FIELD_DOCUMENT and field["is_active"] and field["validation"]["maximum"] == 60
    field_id = field["id"]
    assert [f["key"] for f in client.get("/v1/reference/custom-fields", params={"entity": "cpu"}).json()["fields"]] == ["warranty_months"]
    assert client.get("/v1/reference/custom-fields", params={"entity": "gpu"}).json()["fields"] == []

    changed = client.patch(f"/v1/reference/custom-fields/{field_id}", json={"label": "Warranty", "validation": {"maximum": 36}})
    assert changed.status_code == 200, changed.text
    assert changed.json()["label"] == "Warranty" and changed.json()["validation"]["maximum"] == 36

    deleted = client.delete(f"/v1/reference/custom-fields/{field_id}")
    assert deleted.status_code == 200 and deleted.json()["status"] == "deleted"
    assert client.get("/v1/reference/custom-fields").json()["fields"] == []
    shown = client.get("/v1/reference/custom-fields", params={"include_deleted": True}).json()["fields"]
    assert [f["status"] for f in shown] == ["deleted"]
    assert client.post(f"/v1/reference/custom-fields/{field_id}/restore").json()["status"] == "active"

    gone = client.delete(f"/v1/reference/custom-fields/{field_id}", params={"hard_delete": True})
    assert gone.status_code == 200
    assert client.get("/v1/reference/custom-fields", params={"include_deleted": True}).json()["fields"] == []
    assert client.patch(f"/v1/reference/custom-fields/{field_id}", json={"label": "x"}).status_code == 404


def test_refusals_say_what_to_fix(client: TestClient) -> None:
    assert client.post("/v1/reference/custom-fields", json=WARRANTY).status_code == 201
    duplicate = client.post("/v1/reference/custom-fields", json=WARRANTY)
    assert duplicate.status_code == 409 and "warranty_months" in duplicate.json()["detail"]
    bad_key = client.post("/v1/reference/custom-fields", json={**WARRANTY, "key": "Bad Key!"})
    assert bad_key.status_code == 400 and "Bad Key!" in bad_key.json()["detail"]
    bad_type = client.post("/v1/reference/custom-fields", json={**WARRANTY, "key": "k2", "data_type": "blob"})
    assert bad_type.status_code == 422 and [p["where"] for p in bad_type.json()["problems"]] == ["body.data_type"]
    assert "'blob' is not one of 'string', 'text'" in bad_type.json()["detail"]
    unknown_entity = client.get("/v1/reference/custom-fields", params={"entity": "spaceship"})
    assert unknown_entity.status_code == 404 and "spaceship" in unknown_entity.json()["detail"]
    restore_active = client.post("/v1/reference/custom-fields/1/restore")
    assert restore_active.status_code == 409


@pytest.mark.slow  # real import_workbook runs: `make test-all`
def test_a_field_created_from_an_import_is_previewed_at_once(client: TestClient) -> None:
    session = upload_sample(client)
    l3 = next(c for s in session["sheet_meta"] if s["sheet_name"] == "CPUs" for c in s["columns"] if c["name"] == "L3 Cache (MB)")
    assert l3["samples"]
    assert session["mappings"]["cpu"]["fields"].get("l3_cache_mb") is None
    response = client.post(f"/v1/imports/sessions/{session['id']}/fields",
                           json={"entity": "cpu", "key": "l3_cache_mb", "label": "L3 Cache (MB)", "data_type": "integer"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["field"]["key"] == "l3_cache_mb" and body["field"]["is_active"]
    mapped = body["session"]["mappings"]["cpu"]["fields"]["l3_cache_mb"]
    assert mapped["column"] == "L3 Cache (MB)" and mapped["data_type"] == "integer"
    assert body["session"]["preview"]["cpu"]["rows"][0]["l3_cache_mb"] == 12
