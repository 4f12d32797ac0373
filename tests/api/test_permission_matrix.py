"""Every role against every write route over HTTP: refused with 403 naming the permission, or let through."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from dealbrain.auth import PERMISSION_MATRIX, Permission, Role
from tests.api.conftest import bearer, upload_sample

pytestmark = pytest.mark.slow  # Dagster runs, a live server or the whole PassMark file: `make test-all`


@dataclass(frozen=True)
class WriteRoute:
    method: str
    path: str
    permission: Permission
    body: Callable[[str], dict[str, Any]] | None = None
    files: bool = False


def _field(role: str) -> dict[str, Any]:
    return {"entity": "cpu", "key": f"field_of_{role}", "data_type": "string"}


ROUTES = [
    WriteRoute("POST", "/v1/imports/sessions", Permission.IMPORT_PREVIEW, files=True),
    WriteRoute("POST", "/v1/imports/sessions/{session}/mappings", Permission.IMPORT_PREVIEW,
               lambda role: {"mappings": {"cpu": {"sheet": "CPUs", "fields": {"name": {"column": "CPU Name"}}}}}),
    WriteRoute("POST", "/v1/imports/sessions/{session}/conflicts", Permission.IMPORT_PREVIEW),
    WriteRoute("POST", "/v1/imports/sessions/{session}/fields", Permission.PROPOSE_CUSTOM_FIELD, _field),
    WriteRoute("POST", "/v1/reference/custom-fields", Permission.PROPOSE_CUSTOM_FIELD, lambda role: _field(f"{role}_2")),
    WriteRoute("PATCH", "/v1/reference/custom-fields/{field}", Permission.MANAGE_CUSTOM_FIELDS, lambda role: {"label": role}),
    WriteRoute("POST", "/v1/reference/custom-fields/{field}/restore", Permission.MANAGE_CUSTOM_FIELDS),
    WriteRoute("DELETE", "/v1/reference/custom-fields/{field}", Permission.MANAGE_CUSTOM_FIELDS),
    WriteRoute("PATCH", "/v1/reference/cpu/records/Intel Core i7-8700", Permission.EDIT_RECORDS,
               lambda role: {"fields": {"notes": f"by {role}"}}),
    WriteRoute("POST", "/v1/reference/cpu/bulk-update", Permission.EDIT_RECORDS,
               lambda role: {"where": "cores >= 1", "changes": {"fields": {"notes": role}}, "dry_run": True}),
    WriteRoute("DELETE", "/v1/reference/cpu/records/Intel Core i5-12400", Permission.EDIT_RECORDS),
    WriteRoute("POST", "/v1/reference/cpu/records/Intel Core i5-12400/restore", Permission.EDIT_RECORDS),
    WriteRoute("POST", "/v1/reference/cpu/bulk-delete", Permission.EDIT_RECORDS,
               lambda role: {"where": "cores >= 1", "dry_run": True}),
    WriteRoute("POST", "/v1/reference/cpu/records/Intel Core i5-12400/disable", Permission.EDIT_RECORDS),
    WriteRoute("POST", "/v1/reference/cpu/records/Intel Core i5-12400/enable", Permission.EDIT_RECORDS),
    WriteRoute("POST", "/v1/reference/cpu/bulk-disable", Permission.EDIT_RECORDS,
               lambda role: {"where": "cores >= 1", "dry_run": True}),
    WriteRoute("POST", "/v1/reference/cpu/records/Intel Core i5-12400/review", Permission.EDIT_RECORDS),
    WriteRoute("POST", "/v1/reference/cpu/bulk-review", Permission.EDIT_RECORDS,
               lambda role: {"where": "cores >= 1", "dry_run": True}),
    WriteRoute("POST", "/v1/imports/sessions/{session}/commit", Permission.IMPORT_COMMIT, lambda role: {}),
    WriteRoute("POST", "/v1/profiles/matrix/versions", Permission.IMPORT_COMMIT,
               lambda role: {"options": {"on_duplicate": "last"}, "note": f"by {role}"}),
    WriteRoute("POST", "/v1/profiles/matrix/from-session", Permission.IMPORT_COMMIT, lambda role: {"session_id": COMMITTED}),
    WriteRoute("POST", "/v1/imports/sessions/{committed}/undo", Permission.UNDO_IMPORT),
]
COMMITTED = "{committed}"
"""In a body: replaced by the committed session's id."""
ROLE_ORDER = [Role.ANALYST, Role.OPERATOR, Role.ADMIN]
"""Refused roles go first, so the sessions and fields the routes name are still there for them."""


def test_every_role_on_every_write_route(auth_client: TestClient, tokens: dict[str, str]) -> None:
    admin = bearer(tokens["admin"])
    committed = upload_sample(auth_client, **admin)["id"]
    assert auth_client.post(f"/v1/imports/sessions/{committed}/commit", json={}, headers=admin).status_code == 200
    field = auth_client.post("/v1/reference/custom-fields", json=_field("matrix"), headers=admin).json()["id"]
    assert auth_client.delete(f"/v1/reference/custom-fields/{field}", headers=admin).status_code == 200
    outcomes: dict[tuple[str, str], int] = {}
    for role in ROLE_ORDER:
        headers = bearer(tokens[role.value])
        session = upload_sample(auth_client, **admin)["id"]
        for route in ROUTES:
            path = route.path.format(session=session, committed=committed, field=field)
            kwargs: dict[str, Any] = {"headers": headers}
            if route.body is not None:
                kwargs["json"] = {k: committed if v == COMMITTED else v for k, v in route.body(role.value).items()}
            if route.files:
                kwargs["files"] = {"upload": ("cpus.csv", b"CPU Name,Cores\nMatrix CPU,4\n", "text/csv")}
            response = auth_client.request(route.method, path, **kwargs)
            outcomes[(role.value, f"{route.method} {route.path}")] = response.status_code
            if route.permission in PERMISSION_MATRIX[role]:
                # Let through: the route may still refuse the data (409 for an undo that later edits block).
                assert response.status_code not in (401, 403) and response.status_code < 500, (role, route.path, response.text)
            else:
                assert response.status_code == 403, (role, route.path, response.text)
                assert response.json()["permission"] == route.permission.value
                assert response.json()["role"] == role.value
    assert len(outcomes) == len(ROUTES) * len(ROLE_ORDER)
    assert outcomes[("admin", "POST /v1/imports/sessions/{session}/commit")] == 200
    assert outcomes[("operator", "PATCH /v1/reference/cpu/records/Intel Core i7-8700")] == 200
