"""Import profiles over HTTP: saved from a committed session and from a body, listed, shown with history, applied on create."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

pytestmark = pytest.mark.slow  # the sessions are real import_workbook runs

WEEK_1 = "title,price_usd,shop_code\nOptiPlex 7000,200\nOptiPlex 7001,210\n"
WEEK_2 = "title,price_usd,shop_code\nOptiPlex 7002,220\n"
IGNORE_CODE = [{"sheet": "week-1", "column": "shop_code", "field": None}]


def _create(client: TestClient, name: str, text: str, *, options: dict | None = None, profile: str | None = None):  # noqa: ANN202
    data = {"options": json.dumps(options)} if options else {}
    if profile:
        data["profile"] = profile
    return client.post("/v1/imports/sessions", files={"upload": (name, text.encode(), "text/csv")}, data=data)


def test_a_committed_session_becomes_a_profile_that_a_new_upload_applies(client: TestClient) -> None:
    options = {"declared_entities": {"week-1": "listing"}, "mapping_overrides": IGNORE_CODE, "conflict_policy": "update"}
    first = _create(client, "week-1.csv", WEEK_1, options=options)
    assert first.status_code == 201, first.text
    session = first.json()["id"]

    early = client.post("/v1/profiles/shop/from-session", json={"session_id": session})
    assert early.status_code == 409 and "not committed" in early.json()["detail"]
    assert client.post(f"/v1/imports/sessions/{session}/commit", json={}).status_code == 200
    saved = client.post("/v1/profiles/shop/from-session", json={"session_id": session, "note": "first week"})
    assert saved.status_code == 201 and saved.json() == {"name": "shop", "version": 1, "created": True}
    again = client.post("/v1/profiles/shop/from-session", json={"session_id": session})
    assert again.status_code == 200 and again.json()["created"] is False

    applied = _create(client, "week-2.csv", WEEK_2, profile="shop")
    assert applied.status_code == 201, applied.text
    snapshot = applied.json()
    assert snapshot["profile"] == "shop@1" and snapshot["blocking"] == []
    assert snapshot["declared_entities"] == {"week-2": "listing"}
    listed = client.get("/v1/imports/sessions").json()["sessions"]
    assert {s["id"]: s["profile"] for s in listed} == {snapshot["id"]: "shop@1", session: None}

    (listed_profile,) = client.get("/v1/profiles").json()["profiles"]
    assert (listed_profile["name"], listed_profile["current_version"], listed_profile["sessions"]) == ("shop", 1, 1)


def test_a_version_from_a_body_is_validated_by_the_import_options_and_shown_in_the_history(client: TestClient) -> None:
    bad = client.post("/v1/profiles/shop/versions", json={"options": {"conflict_policy": "sometimes"}})
    assert bad.status_code == 422 and "conflict_policy" in bad.json()["detail"]
    not_a_profile_field = client.post("/v1/profiles/shop/versions", json={"options": {"file": "/etc/passwd"}})
    assert not_a_profile_field.status_code == 422

    first = client.post("/v1/profiles/shop/versions", json={"options": {"declared_entities": {"week": "listing"}}})
    assert first.status_code == 201 and first.json()["version"] == 1
    second = client.post("/v1/profiles/shop/versions",
                         json={"options": {"declared_entities": {"week": "listing"}, "on_duplicate": "last"}, "note": "repeats"})
    assert second.status_code == 201 and second.json()["version"] == 2

    shown = client.get("/v1/profiles/shop")
    assert shown.status_code == 200
    detail = shown.json()
    assert detail["current_version"] == 2 and detail["current"]["options"]["on_duplicate"] == "last"
    assert [(v["version"], v["note"]) for v in detail["versions"]] == [(1, None), (2, "repeats")]
    assert "declared_entities" in detail["versions"][0]["changed"] and detail["versions"][1]["changed"] == ["on_duplicate"]
    assert detail["versions"][0]["saved_from"] == "config API request body"

    missing = client.get("/v1/profiles/nothing")
    assert missing.status_code == 404 and "No import profile named 'nothing'" in missing.json()["detail"]
    unknown = _create(client, "week.csv", WEEK_2, profile="nothing")
    assert unknown.status_code == 404 and "No import profile named 'nothing'" in unknown.json()["detail"]
