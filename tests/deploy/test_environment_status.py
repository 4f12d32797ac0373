"""IMPORTER_ENV defaults, feature switches, and `importer status` showing them."""

from __future__ import annotations

import json

import pytest

from dealbrain.environment import EnvironmentName, environment_problems
from dealbrain.settings import ImporterSettings


def test_dev_is_the_default_and_runs_without_authentication() -> None:
    environment = ImporterSettings().environment
    assert environment.name is EnvironmentName.DEV
    assert not environment.authentication_required and environment.automatic_migration and environment.inbox_sensor_running
    assert environment.switches.unattended_commits is False


@pytest.mark.parametrize("name", ["staging", "prod"])
def test_outside_dev_authentication_is_required_and_migration_is_deliberate(name: str) -> None:
    environment = ImporterSettings(env=name).environment
    assert environment.authentication_required and not environment.automatic_migration
    assert not environment.inbox_sensor_running and not environment.switches.unattended_commits
    assert environment_problems(environment, auth_enabled=False)
    assert environment_problems(environment, auth_enabled=True) == []


def test_a_switch_set_explicitly_replaces_the_environment_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMPORTER_ENV", "prod")
    monkeypatch.setenv("IMPORTER_FEATURE_UNATTENDED_COMMITS", "true")
    environment = ImporterSettings().environment
    assert environment.switches.unattended_commits is True and environment.overridden == ("unattended_commits",)
    assert environment.switches.web_workspace is False  # still prod's default


def test_an_unknown_environment_is_refused() -> None:
    with pytest.raises(ValueError, match="dev"):
        ImporterSettings(env="production")


def test_status_shows_environment_switches_and_database(cli, engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMPORTER_ENV", "staging")
    monkeypatch.setenv("IMPORTER_FEATURE_WEB_WORKSPACE", "false")
    result = cli("status")
    assert result.exit_code == 0, result.output
    assert "environment:  staging" in result.output
    assert "web_workspace" in result.output and "set" in result.output
    assert "requires authentication" in result.output  # auth is off in the test: a warning says what to set
    document = json.loads(cli("status", "--json").stdout)
    assert document["environment"] == "staging" and document["switches"]["web_workspace"] is False
    assert document["switches"]["operator_promotions"] is True
    assert document["database"]["current"] == document["database"]["latest"]
