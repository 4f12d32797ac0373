"""Who is acting over HTTP, and how refusals look: 401, 403 with the permission, 429, JSON without traces."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select

from api.app import AUTH_HEADER
from dealbrain.audit import AuditAction
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportAuditEvent, ImportSession
from dealbrain.settings import ImporterSettings
from tests.api.conftest import MakeClient, bearer

FIELD = {"entity": "cpu", "key": "warranty_months", "data_type": "integer", "label": "Warranty"}


def test_auth_off_acts_as_the_local_admin_and_says_so(client: TestClient) -> None:
    response = client.post("/v1/reference/custom-fields", json=FIELD)
    assert response.status_code == 201 and response.json()["created_by"] == "local"
    assert response.headers[AUTH_HEADER] == "off; acting as local (admin)"
    assert client.get("/v1/imports/sessions/none").headers[AUTH_HEADER].startswith("off")


def test_no_token_and_bad_token_are_401(auth_client: TestClient) -> None:
    missing = auth_client.get("/v1/reference/custom-fields")
    assert missing.status_code == 401 and missing.headers["WWW-Authenticate"] == "Bearer"
    assert "Authorization: Bearer TOKEN" in missing.json()["detail"] and AUTH_HEADER not in missing.headers
    wrong = auth_client.get("/v1/reference/custom-fields", headers=bearer("not-a-token"))
    assert wrong.status_code == 401 and "not valid" in wrong.json()["detail"]


def test_a_role_without_the_permission_gets_403_naming_it_and_the_refusal_is_audited(
    auth_client: TestClient, tokens: dict[str, str], engine: Engine
) -> None:
    refused = auth_client.post("/v1/reference/custom-fields", json=FIELD, headers=bearer(tokens["analyst"]))
    assert refused.status_code == 403
    body = refused.json()
    assert body["error"] == "permission_denied" and body["permission"] == "propose_custom_field" and body["role"] == "analyst"
    assert "ana (analyst) may not propose a custom field" in body["detail"]
    with transaction(engine) as session:
        actions = session.scalars(select(ImportAuditEvent.action).where(ImportAuditEvent.actor == "ana")).all()
    assert actions == [AuditAction.PERMISSION_DENIED.value]
    proposed = auth_client.post("/v1/reference/custom-fields", json=FIELD, headers=bearer(tokens["operator"]))
    assert proposed.status_code == 201 and proposed.json()["status"] == "pending"
    assert auth_client.get("/v1/reference/custom-fields", headers=bearer(tokens["analyst"])).json()["fields"] == []


def test_failed_tokens_are_rate_limited_per_client(auth_client: TestClient, tokens: dict[str, str]) -> None:
    for _ in range(10):
        assert auth_client.get("/v1/audit", headers=bearer("guess")).status_code == 401
    limited = auth_client.get("/v1/audit", headers=bearer(tokens["admin"]))
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert "Too many failed tokens" in limited.json()["detail"]


@pytest.mark.slow  # real import_workbook runs: `make test-all`
def test_an_import_by_a_user_runs_as_that_user(auth_client: TestClient, tokens: dict[str, str], engine: Engine) -> None:
    from tests.api.conftest import upload_sample

    session = upload_sample(auth_client, **bearer(tokens["operator"]))
    assert session["created_by"] == "otto"
    refused = auth_client.post("/v1/imports/sessions", files={"upload": ("c.csv", b"CPU Name\nX\n", "text/csv")},
                               headers=bearer(tokens["analyst"]))
    assert refused.status_code == 403 and refused.json()["permission"] == "import_preview"
    with transaction(engine) as work:
        assert [row.created_by for row in work.scalars(select(ImportSession))] == ["otto"]


@pytest.mark.slow  # real import_workbook runs: `make test-all`
def test_a_hostile_file_is_a_422_saying_why_and_keeps_nothing(client: TestClient, settings: ImporterSettings, engine: Engine) -> None:
    response = client.post("/v1/imports/sessions", files={"upload": ("cpus.xlsx", b"PK\x03\x04 not really a zip", "application/zip")})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "import_failed" and "cpus.xlsx" in body["detail"]
    assert "Traceback" not in response.text
    with transaction(engine) as session:
        assert session.scalars(select(ImportSession)).all() == []
    kept = [p for p in settings.effective_upload_dir.rglob("*") if p.is_file() and p.suffix == ".xlsx"]
    assert kept == [], "the refused upload is not kept in the upload store"


def test_unsupported_types_and_oversized_uploads_are_refused(settings: ImporterSettings, make_client: MakeClient) -> None:
    client = make_client(settings.model_copy(update={"api_max_upload_bytes": 1024}))
    wrong = client.post("/v1/imports/sessions", files={"upload": ("cpus.exe", b"MZ", "application/octet-stream")})
    assert wrong.status_code == 422 and wrong.json()["reason"] == "unsupported_type"
    big = client.post("/v1/imports/sessions", files={"upload": ("cpus.csv", b"CPU Name\n" + b"x" * 4096, "text/csv")})
    assert big.status_code == 413 and "larger than" in big.json()["detail"]
    assert [p for p in settings.effective_upload_dir.rglob("*") if p.is_file()] == [], "the partial upload is removed"


def test_invalid_bodies_are_422_naming_the_field(client: TestClient) -> None:
    response = client.post("/v1/reference/custom-fields", json={"key": "x"})
    assert response.status_code == 422
    assert "body.entity" in response.json()["detail"]


def test_openapi_document_is_served_with_every_route(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    paths = set(document["paths"])
    assert {
        "/v1/imports/sessions", "/v1/imports/sessions/{session_id}", "/v1/imports/sessions/{session_id}/mappings",
        "/v1/imports/sessions/{session_id}/conflicts", "/v1/imports/sessions/{session_id}/commit",
        "/v1/imports/sessions/{session_id}/fields", "/v1/reference/custom-fields",
        "/v1/reference/custom-fields/{field_id}", "/v1/reference/{entity}/records",
        "/v1/reference/{entity}/records/{key}", "/v1/reference/{entity}/bulk-update", "/v1/reference/{entity}/export",
        "/v1/audit", "/healthz", "/readyz",
    } <= paths
    assert client.get("/docs").status_code == 200


def test_readiness_reports_each_check(client: TestClient) -> None:
    body = client.get("/readyz").json()
    assert body["status"] == "ready"
    assert set(body["checks"]) == {"database", "migrations", "dagster_instance"}
