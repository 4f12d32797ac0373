"""`importer users ...`, `importer token launch` and the --token / IMPORTER_TOKEN identity of every command."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine

from dealbrain.auth import Actor, Role
from dealbrain.auth.launch_tokens import verify_launch_token
from dealbrain.auth.users import authenticate
from tests.auth.cli_runner import LAUNCH_SECRET, Invoke


def _token(result) -> str:  # noqa: ANN001 - click Result
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


def test_with_authentication_off_the_local_admin_manages_users(cli: Invoke, engine: Engine) -> None:
    refused = cli("users", "add", "olga")
    assert refused.exit_code == 1 and "first one must be an admin" in refused.stderr
    root_token = _token(cli("users", "add", "root", "--admin"))
    assert authenticate(engine, root_token) == Actor("root", Role.ADMIN)
    olga_token = _token(cli("users", "add", "olga", "--role", "analyst"))
    assert "shown only now" in cli("users", "token", "olga").stderr

    listed = cli("users", "list")
    assert "authentication is off" in listed.stderr and "local-admin" in listed.stderr
    assert "olga" in listed.stdout and "analyst" in listed.stdout and olga_token not in listed.output
    as_json = json.loads(cli("users", "list", "--json").stdout)
    assert [(u["username"], u["role"], u["created_by"]) for u in as_json] == [
        ("olga", "analyst", "local-admin"), ("root", "admin", "local-admin")
    ]


def test_role_changes_and_revocation(cli: Invoke, engine: Engine) -> None:
    _token(cli("users", "add", "root", "--admin"))
    _token(cli("users", "add", "olga"))
    assert cli("users", "set-role", "olga", "ANALYST").stdout.strip() == "olga is now analyst."
    assert cli("users", "revoke", "olga").exit_code == 0
    assert "revoked" in cli("users", "list").stdout
    again = cli("users", "revoke", "olga")
    assert again.exit_code == 1 and "already revoked" in again.stderr
    missing = cli("users", "set-role", "ghost", "admin")
    assert missing.exit_code == 1 and "no user named 'ghost'" in missing.stderr
    assert authenticate(engine, _token(cli("users", "token", "olga"))).role is Role.ANALYST


@pytest.mark.parametrize(
    "arguments",
    [["users", "add", "x", "--role", "boss"], ["users", "add", "x", "--admin", "--role", "analyst"], ["users", "set-role", "x", "boss"]],
)
def test_usage_errors_exit_2(cli: Invoke, arguments: list[str]) -> None:
    result = cli(*arguments)
    assert result.exit_code == 2 and ("not a role" in result.stderr or "contradict" in result.stderr)


@pytest.mark.usefixtures("auth_on")
def test_with_authentication_on_the_first_admin_needs_no_token_then_every_command_does(cli: Invoke) -> None:
    no_token = cli("users", "list")
    assert no_token.exit_code == 2 and "IMPORTER_TOKEN" in no_token.stderr

    root = _token(cli("users", "add", "root", "--admin"))
    second_bootstrap = cli("users", "add", "eve", "--admin")
    assert second_bootstrap.exit_code == 2 and "IMPORTER_TOKEN" in second_bootstrap.stderr

    olga = _token(cli("--token", root, "users", "add", "olga"))
    listed = cli("users", "list", env={"IMPORTER_TOKEN": root})
    assert listed.exit_code == 0 and "authentication is off" not in listed.stderr

    denied = cli("--token", olga, "users", "list")
    assert denied.exit_code == 1 and "needs the admin role" in denied.stderr
    bad = cli("--token", "guess", "users", "list")
    assert bad.exit_code == 2 and "not valid" in bad.stderr and "IMPORTER_TOKEN" in bad.stderr

    assert cli("--token", root, "users", "revoke", "olga").exit_code == 0
    revoked = cli("--token", olga, "audit")
    assert revoked.exit_code == 2 and "revoked" in revoked.stderr


@pytest.mark.usefixtures("auth_on")
def test_token_launch_prints_a_token_for_the_caller(cli: Invoke) -> None:
    root = _token(cli("users", "add", "root", "--admin"))
    olga = _token(cli("--token", root, "users", "add", "olga"))
    result = cli("--token", olga, "token", "launch", "--ttl", "5")
    assert "launch_token" in result.stderr
    assert verify_launch_token(LAUNCH_SECRET.encode(), _token(result)) == Actor("olga", Role.OPERATOR)


def test_token_launch_is_refused_without_authentication_or_secret(cli: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    off = cli("token", "launch")
    assert off.exit_code == 2 and "authentication is off" in off.stderr
    monkeypatch.setenv("IMPORTER_AUTH_ENABLED", "1")
    root = _token(cli("users", "add", "root", "--admin"))
    missing = cli("--token", root, "token", "launch")
    assert missing.exit_code == 2 and "IMPORTER_LAUNCH_SECRET is not set" in missing.stderr
    monkeypatch.setenv("IMPORTER_LAUNCH_SECRET", "short")
    weak = cli("--token", root, "token", "launch")
    assert weak.exit_code == 2 and "at least 32" in weak.stderr
