"""Reference records over HTTP: list with filters, get, PATCH, bulk update with dry run and confirmation."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportAuditEvent


def test_list_filter_sort_page_and_select_fields(client: TestClient, sample_committed: str) -> None:
    page = client.get("/v1/reference/cpu/records", params={"where": 'manufacturer = "Intel"', "sort": "-cpu_mark_multi",
                                                             "fields": "name,cpu_mark_multi", "limit": 2}).json()
    assert page["total"] == 3 and page["limit"] == 2
    assert [r["name"] for r in page["records"]] == ["Intel Core i5-12400", "Intel Core i7-8700"]
    assert set(page["records"][0]) == {"id", "name", "cpu_mark_multi", "attributes", "disabled", "needs_review"}
    second = client.get("/v1/reference/cpu/records", params={"where": 'manufacturer = "Intel"', "sort": "-cpu_mark_multi",
                                                               "limit": 2, "offset": 2}).json()
    assert len(second["records"]) == 1
    listings = client.get("/v1/reference/listing/records", params={"where": "price_usd > 300"}).json()
    assert {r["title"] for r in listings["records"]} == {"Refurbished OptiPlex 7060 SFF", "Beelink SER5 Mini PC"}


def test_bad_filters_sorts_and_fields_are_400s_that_say_why(client: TestClient) -> None:
    bad_filter = client.get("/v1/reference/cpu/records", params={"where": "cores >>= 4"})
    assert bad_filter.status_code == 400 and "filter" in bad_filter.json()["detail"].lower()
    python = client.get("/v1/reference/cpu/records", params={"where": "__import__('os').system('true')"})
    assert python.status_code == 400
    assert client.get("/v1/reference/cpu/records", params={"sort": "colour"}).status_code == 400
    assert client.get("/v1/reference/cpu/records", params={"fields": "name,colour"}).status_code == 400
    assert client.get("/v1/reference/spaceship/records").status_code == 422


def test_get_and_patch_one_record_with_attributes(client: TestClient, engine: Engine, sample_committed: str) -> None:
    client.post("/v1/reference/custom-fields", json={"entity": "cpu", "key": "warranty_months", "data_type": "integer"})
    record = client.get("/v1/reference/cpu/records/Intel Core i7-8700").json()
    assert record["cores"] == 6 and record["attributes_json"] == {}
    changed = client.patch("/v1/reference/cpu/records/intel core i7-8700",
                           json={"fields": {"cores": 8}, "attributes": {"warranty_months": 24}})
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert body["status"] == "updated" and body["before"]["cores"] == 6 and body["after"]["warranty_months"] == 24
    after = client.get("/v1/reference/cpu/records/Intel Core i7-8700").json()
    assert after["cores"] == 8 and after["attributes_json"] == {"warranty_months": 24}
    undone = client.post(f"/v1/imports/sessions/{body['session_id']}/undo")
    assert undone.status_code == 200 and undone.json()["counts"]["cpu"]["restored"] == 1
    assert client.get("/v1/reference/cpu/records/Intel Core i7-8700").json()["cores"] == 6
    assert client.get(f"/v1/imports/sessions/{body['session_id']}").status_code == 404, "an edit is no import session"

    invalid = client.patch("/v1/reference/cpu/records/Intel Core i7-8700", json={"fields": {"cores": "many"}})
    assert invalid.status_code == 422 and "many" in invalid.json()["detail"]
    unknown = client.patch("/v1/reference/cpu/records/Intel Core i7-8700", json={"fields": {"colour": "red"}})
    assert unknown.status_code == 400 and "colour" in unknown.json()["detail"]
    missing = client.get("/v1/reference/cpu/records/Intel Core i7-8701")
    assert missing.status_code == 404 and "Intel Core i7-8700" in missing.json()["detail"]
    with transaction(engine) as session:
        updates = session.scalars(select(ImportAuditEvent).where(ImportAuditEvent.action == "record_updated")).all()
    assert len(updates) == 1


def test_bulk_update_needs_the_dry_runs_token(client: TestClient, sample_committed: str) -> None:
    request = {"where": 'manufacturer = "Intel"', "changes": {"fields": {"socket": "LGA9999"}}}
    unconfirmed = client.post("/v1/reference/cpu/bulk-update", json=request)
    assert unconfirmed.status_code == 409 and "dry_run" in unconfirmed.json()["detail"]
    planned = client.post("/v1/reference/cpu/bulk-update", json={**request, "dry_run": True}).json()
    assert planned["status"] == "dry_run" and planned["selected"] == 3 and planned["updated"] == 3
    assert client.get("/v1/reference/cpu/records/Intel Core i7-8700").json()["socket"] == "LGA1151"

    forged = client.post("/v1/reference/cpu/bulk-update", json={**request, "confirmation_token": "0" * 64})
    assert forged.status_code == 409
    other = client.post("/v1/reference/cpu/bulk-update",
                        json={**request, "changes": {"fields": {"socket": "AM5"}}, "confirmation_token": planned["confirmation_token"]})
    assert other.status_code == 409 and "dry run" in other.json()["detail"]
    done = client.post("/v1/reference/cpu/bulk-update", json={**request, "confirmation_token": planned["confirmation_token"]})
    assert done.status_code == 200 and done.json()["updated"] == 3 and done.json()["session_id"]
    assert client.get("/v1/reference/cpu/records/Intel Core i7-8700").json()["socket"] == "LGA9999"
    replay = client.post("/v1/reference/cpu/bulk-update", json={**request, "confirmation_token": planned["confirmation_token"]})
    assert replay.status_code == 409, "the records changed since the dry run"


def test_attach_a_ports_profile_to_listings_by_id(client: TestClient, sample_committed: str) -> None:
    listings = client.get("/v1/reference/listing/records", params={"fields": "title,ports_profile"}).json()["records"]
    ids = [r["id"] for r in listings if r["ports_profile"] != "Media Hub"]
    request = {"ids": ids, "changes": {"fields": {"ports_profile": "Media Hub"}}}
    planned = client.post("/v1/reference/listing/bulk-update", json={**request, "dry_run": True})
    assert planned.status_code == 200, planned.text
    done = client.post("/v1/reference/listing/bulk-update", json={**request, "confirmation_token": planned.json()["confirmation_token"]})
    assert done.status_code == 200 and done.json()["updated"] == len(ids)
    profiles = client.get("/v1/reference/listing/records", params={"fields": "ports_profile"}).json()["records"]
    assert {r["ports_profile"] for r in profiles} == {"Media Hub"}
    assert client.post("/v1/reference/listing/bulk-update", json={**request, "ids": [9999], "dry_run": True}).status_code == 404
    unknown = client.post("/v1/reference/listing/bulk-update",
                          json={"ids": ids, "changes": {"fields": {"ports_profile": "Nope"}}, "dry_run": True})
    assert unknown.status_code == 422 and "Nope" in unknown.json()["detail"]
