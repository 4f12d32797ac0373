"""Soft delete and restore over HTTP: one record, and many through the dry run + confirmation token contract."""

from __future__ import annotations

from fastapi.testclient import TestClient


def cpu_names(client: TestClient, **params: object) -> set[str]:
    page = client.get("/v1/reference/cpu/records", params={"limit": 100, **params}).json()  # type: ignore[arg-type]
    return {record["name"] for record in page["records"]}


def test_delete_hides_a_record_from_lists_and_exports_and_restore_brings_it_back(client: TestClient, sample_committed: str) -> None:
    deleted = client.delete("/v1/reference/cpu/records/intel core i7-8700")
    assert deleted.status_code == 200, deleted.text
    assert deleted.json()["updated"] == 1 and deleted.json()["session_id"]
    assert "Intel Core i7-8700" not in cpu_names(client)
    assert "Intel Core i7-8700" in cpu_names(client, include_deleted="true")
    exported = client.get("/v1/reference/cpu/export", params={"format": "csv"})
    assert exported.status_code == 200 and "Intel Core i7-8700" not in exported.text
    with_deleted = client.get("/v1/reference/cpu/export", params={"format": "csv", "include_deleted": "true"})
    assert "Intel Core i7-8700" in with_deleted.text

    restored = client.post("/v1/reference/cpu/records/Intel Core i7-8700/restore")
    assert restored.status_code == 200 and restored.json()["updated"] == 1
    assert "Intel Core i7-8700" in cpu_names(client)
    assert client.delete("/v1/reference/cpu/records/Intel Core i7-8701").status_code == 404


def test_a_bulk_delete_needs_its_dry_runs_token_and_undo_restores(client: TestClient, sample_committed: str) -> None:
    body = {"where": 'manufacturer = "Intel"'}
    refused = client.post("/v1/reference/cpu/bulk-delete", json=body)
    assert refused.status_code == 409 and "confirmation_token" in refused.json()["detail"]
    plan = client.post("/v1/reference/cpu/bulk-delete", json=body | {"dry_run": True}).json()
    assert plan["status"] == "dry_run" and plan["updated"] == 3 and plan["confirmation_token"]
    done = client.post("/v1/reference/cpu/bulk-delete", json=body | {"confirmation_token": plan["confirmation_token"]})
    assert done.status_code == 200, done.text
    assert not cpu_names(client) & {record["record"] for record in plan["records"]}

    again = client.post("/v1/reference/cpu/bulk-delete", json=body | {"restore": True, "dry_run": True}).json()
    wrong = client.post("/v1/reference/cpu/bulk-delete", json=body | {"restore": True,
                                                                       "confirmation_token": plan["confirmation_token"]})
    assert wrong.status_code == 409 and again["updated"] == 3
    undone = client.post(f"/v1/imports/sessions/{done.json()['session_id']}/undo")
    assert undone.status_code == 200, undone.text
    assert cpu_names(client) >= {record["record"] for record in plan["records"]}
