"""The real app over HTTP (TestClient on the ASGI app) on this test's migrated database and data folder."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import Engine

from api.app import create_app
from dealbrain.auth import Actor, Role
from dealbrain.auth.users import UserService
from dealbrain.settings import ImporterSettings
from tests.support.imports import commit_workbook
from tests.support.seeds import seed_fixture

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "dealbrain_sample.xlsx"
SAMPLE_DECLARATIONS = (
    '{"CPUs": "cpu", "GPUs": "gpu", "Ports Profiles": "ports_profile", "Valuation Rules": "valuation_rule", '
    '"Listings": "listing"}'
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

MakeClient = Callable[[ImporterSettings], TestClient]


@pytest.fixture
def make_client(engine: Engine) -> Iterator[MakeClient]:
    """``make_client(settings)``: a client of a fresh app on ``settings`` (the test database, migrated)."""
    clients: list[TestClient] = []

    def make(settings: ImporterSettings) -> TestClient:
        client = TestClient(create_app(settings), raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


@pytest.fixture
def client(settings: ImporterSettings, make_client: MakeClient) -> TestClient:
    """Authentication off: every request is the local admin."""
    return make_client(settings)


@pytest.fixture
def auth_settings(settings: ImporterSettings, monkeypatch: pytest.MonkeyPatch) -> ImporterSettings:
    """Authentication on; the launch secret is in the environment too, where the runs' resources read it."""
    secret = secrets.token_urlsafe(32)
    monkeypatch.setenv("IMPORTER_LAUNCH_SECRET", secret)
    return settings.model_copy(update={"auth_enabled": True, "launch_secret": SecretStr(secret)})


@pytest.fixture
def tokens(engine: Engine) -> dict[str, str]:
    """One user per role: role name -> that user's token."""
    _, admin = UserService(engine, None).add("ada", Role.ADMIN)
    service = UserService(engine, Actor("ada", Role.ADMIN))
    _, operator = service.add("otto", Role.OPERATOR)
    _, analyst = service.add("ana", Role.ANALYST)
    return {"admin": admin, "operator": operator, "analyst": analyst}


@pytest.fixture
def auth_client(auth_settings: ImporterSettings, make_client: MakeClient, tokens: dict[str, str]) -> TestClient:
    return make_client(auth_settings)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def upload_sample(client: TestClient, **headers: str) -> dict:
    response = client.post(
        "/v1/imports/sessions",
        files={"upload": (SAMPLE.name, SAMPLE.read_bytes(), XLSX)},
        data={"declared_entities": SAMPLE_DECLARATIONS},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


def load_sample(client: TestClient, **headers: str) -> str:
    """Preview and commit the sample workbook through the API; the session id."""
    session_id = upload_sample(client, **headers)["id"]
    response = client.post(f"/v1/imports/sessions/{session_id}/commit", json={}, headers=headers)
    assert response.status_code == 200, response.text
    return session_id


LOCAL_ADMIN = Actor(ImporterSettings.model_fields["actor"].default, Role.ADMIN)
"""Who every request is while authentication is off: the settings' default local user."""


@seed_fixture
def sample_committed(engine: Engine, uploads: Path) -> str:
    """The session id of the sample workbook committed straight through `ImportService` as the local admin.

    Committed once per test session, for tests of what comes after an import
    (records, exports, the audit): the import route itself (a Dagster run per
    preview and per commit) is what ``load_sample`` and the session tests exercise.
    """
    commit_workbook(engine, uploads, SAMPLE, LOCAL_ADMIN, session_id="sample-import",
                    declared_entities=json.loads(SAMPLE_DECLARATIONS))
    return "sample-import"
