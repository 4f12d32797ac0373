"""Marking records reviewed over HTTP: one record, and many through the dry run + confirmation token contract."""

from __future__ import annotations

from fastapi.testclient import TestClient


def flagged(client: TestClient) -> set[str]:
    names = [record["name"] for record in client.get("/v1/reference/cpu/records", params={"limit": 100}).json()["records"]]
    return {name for name in names if client.get(f"/v1/reference/cpu/records/{name}").json()["needs_review"]}


def test_records_flagged_in_bulk_are_marked_reviewed_one_by_one_and_undo_flags_them_again(
    client: TestClient, sample_committed: str
) -> None:
    body = {"where": 'manufacturer = "Intel"', "needs_review": True}
    refused = client.post("/v1/reference/cpu/bulk-review", json=body)
    assert refused.status_code == 409 and "confirmation_token" in refused.json()["detail"]
    plan = client.post("/v1/reference/cpu/bulk-review", json=body | {"dry_run": True}).json()
    assert plan["status"] == "dry_run" and plan["updated"] == 3 and plan["records"][0]["after"] == {"needs_review": True}
    done = client.post("/v1/reference/cpu/bulk-review", json=body | {"confirmation_token": plan["confirmation_token"]})
    assert done.status_code == 200, done.text
    assert flagged(client) == {record["record"] for record in plan["records"]}

    reviewed = client.post("/v1/reference/cpu/records/intel core i7-8700/review")
    assert reviewed.status_code == 200, reviewed.text
    assert reviewed.json()["updated"] == 1 and "Intel Core i7-8700" not in flagged(client)
    audit = client.get("/v1/audit", params={"action": "record_reviewed"}).json()
    assert [event["action"] for event in audit["events"]] == ["record_reviewed"]

    undone = client.post(f"/v1/imports/sessions/{reviewed.json()['session_id']}/undo")
    assert undone.status_code == 200, undone.text
    assert "Intel Core i7-8700" in flagged(client)


def test_a_listing_has_no_review_flag(client: TestClient, sample_committed: str) -> None:
    refused = client.post("/v1/reference/listing/bulk-review", json={"where": "price > 0", "dry_run": True})
    assert refused.status_code == 400 and "only CPU, GPU, Ports Profile records" in refused.json()["detail"]
