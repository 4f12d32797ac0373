"""The environment is enforced, not only shown: outside dev nobody acts without authentication, and nothing migrates itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from api.app import create_app
from dealbrain.auth.local_user import AuthenticationRequiredError, local_actor
from dealbrain.db import migrate
from dealbrain.db.connect import open_database
from dealbrain.db.migrate import SchemaOutdatedError
from dealbrain.settings import ImporterSettings
from tests.support.dagster_runs import materialize, step_failure


@pytest.mark.parametrize("name", ["staging", "prod"])
def test_outside_dev_the_local_user_is_refused(name: str, tmp_path: Path) -> None:
    with pytest.raises(AuthenticationRequiredError, match=f"IMPORTER_ENV={name} requires authentication.*Nothing was done"):
        local_actor(ImporterSettings(data_dir=tmp_path, env=name))
    assert local_actor(ImporterSettings(data_dir=tmp_path, env="dev", actor="ada")).name == "ada"


def test_the_cli_refuses_to_act_in_prod_with_authentication_off(cli, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMPORTER_ENV", "prod")
    result = cli("audit")
    assert result.exit_code == 2
    assert "IMPORTER_ENV=prod requires authentication" in result.output


def test_the_api_answers_503_in_prod_with_authentication_off(settings: ImporterSettings, engine: Engine) -> None:
    prod = settings.model_copy(update={"env": "prod"})
    with TestClient(create_app(prod), raise_server_exceptions=False) as client:
        response = client.get("/v1/reference/cpu/records")
    assert response.status_code == 503
    assert response.json()["error"] == "authentication_required"
    assert "set IMPORTER_AUTH_ENABLED=true" in response.json()["detail"]


def test_a_dagster_run_in_staging_with_authentication_off_fails_with_the_reason(settings: ImporterSettings, engine: Engine) -> None:
    from assets.audit import audit_log

    result = materialize([audit_log], settings.model_copy(update={"env": "staging"}))
    assert "IMPORTER_ENV=staging requires authentication" in step_failure(result)


def test_only_dev_migrates_the_embedded_database_by_itself(tmp_path: Path) -> None:
    with pytest.raises(SchemaOutdatedError, match="importer db upgrade"):
        open_database(ImporterSettings(data_dir=tmp_path / "staging", env="staging"))
    migrated = open_database(ImporterSettings(data_dir=tmp_path / "dev", env="dev"))
    assert migrate.current_revision(migrated) == migrate.head_revision()


def test_the_legacy_routes_are_served_only_while_their_switch_is_on(settings: ImporterSettings, engine: Engine) -> None:
    switched_off = settings.model_copy(update={"feature_legacy_api_routes": False})
    with TestClient(create_app(switched_off), raise_server_exceptions=False) as client:
        assert client.get("/v1/imports/sessions").status_code == 404
        assert client.get("/v1/reference/custom-fields").status_code == 404
        assert client.get("/v1/reference/cpu/records").status_code == 200
        assert "/v1/imports/sessions" not in client.get("/openapi.json").json()["paths"]
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        assert client.get("/v1/imports/sessions").status_code == 200
