"""Disable and enable over HTTP: one record, and many through the dry run + confirmation token contract."""

from __future__ import annotations

from fastapi.testclient import TestClient


def disabled(client: TestClient, **params: object) -> dict[str, bool]:
    page = client.get("/v1/reference/cpu/records", params={"limit": 100, **params}).json()  # type: ignore[arg-type]
    return {record["name"]: record["disabled"] for record in page["records"]}


def test_a_disabled_record_stays_listed_and_the_filter_finds_it(client: TestClient, sample_committed: str) -> None:
    done = client.post("/v1/reference/cpu/records/intel core i7-8700/disable")
    assert done.status_code == 200, done.text
    assert done.json()["updated"] == 1 and done.json()["session_id"]
    assert disabled(client)["Intel Core i7-8700"] is True
    assert set(disabled(client, disabled="true")) == {"Intel Core i7-8700"}
    assert "Intel Core i7-8700" not in disabled(client, disabled="false")
    exported = client.get("/v1/reference/cpu/export", params={"format": "csv"})
    assert "Intel Core i7-8700" in exported.text  # still a record: exported like the others

    assert client.post("/v1/reference/cpu/records/Intel Core i7-8700/enable").json()["updated"] == 1
    assert not any(disabled(client).values())
    missing = client.post("/v1/reference/cpu/records/Intel Core i7-8701/disable")
    assert missing.status_code == 404 and "Intel Core i7-8700" in missing.json()["detail"]


def test_a_bulk_disable_needs_its_dry_runs_token_and_undo_enables(client: TestClient, sample_committed: str) -> None:
    body = {"where": 'manufacturer = "Intel"'}
    refused = client.post("/v1/reference/cpu/bulk-disable", json=body)
    assert refused.status_code == 409 and "confirmation_token" in refused.json()["detail"]
    assert not any(disabled(client).values())
    plan = client.post("/v1/reference/cpu/bulk-disable", json=body | {"dry_run": True}).json()
    assert plan["status"] == "dry_run" and plan["updated"] == 3 and plan["records"][0]["after"] == {"disabled": True}
    wrong = client.post("/v1/reference/cpu/bulk-disable", json=body | {"enable": True,
                                                                        "confirmation_token": plan["confirmation_token"]})
    assert wrong.status_code == 409
    done = client.post("/v1/reference/cpu/bulk-disable", json=body | {"confirmation_token": plan["confirmation_token"]})
    assert done.status_code == 200, done.text
    assert {name for name, flag in disabled(client).items() if flag} == {r["record"] for r in plan["records"]}

    undone = client.post(f"/v1/imports/sessions/{done.json()['session_id']}/undo")
    assert undone.status_code == 200, undone.text
    assert not any(disabled(client).values())
