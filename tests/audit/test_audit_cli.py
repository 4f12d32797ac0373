"""`importer audit`: filters, table / JSON / CSV output, and usage errors."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import Engine

from dealbrain.audit import AuditAction, record_event
from dealbrain.db.engine import transaction
from tests.auth.cli_runner import Invoke


@pytest.fixture
def logged(engine: Engine) -> Engine:
    with transaction(engine) as session:
        record_event(session, actor="ada", action=AuditAction.MAPPING_SAVED, entity="cpu", payload={"sheet": "CPUs"})
        record_event(session, actor="otto", action=AuditAction.PERMISSION_DENIED, entity="gpu", payload={"why": "=1+1"})
        record_event(session, actor="=cmd|' /C calc'!A0", action=AuditAction.COMMIT, entity="cpu")
    return engine


def test_table_of_the_latest_events(cli: Invoke, logged: Engine) -> None:
    result = cli("audit")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["TIME", "ACTOR", "ACTION", "ENTITY", "SESSION", "DETAILS"]
    assert [line.split()[2] for line in lines[1:3]] == ["mapping_saved", "permission_denied"]
    assert "=cmd|' /C calc'!A0  commit" in lines[3]
    limited = cli("audit", "--limit", "1").stdout.splitlines()
    assert len(limited) == 2 and "commit" in limited[1]


def test_filters_and_json(cli: Invoke, logged: Engine) -> None:
    events = json.loads(cli("audit", "--entity", "cpu", "--actor", "ada", "--json").stdout)
    assert [(e["action"], e["payload"]) for e in events] == [("mapping_saved", {"sheet": "CPUs"})]
    assert json.loads(cli("audit", "--action", "COMMIT", "--json").stdout)[0]["actor"].startswith("=cmd")
    assert json.loads(cli("audit", "--since", "2999-01-01", "--json").stdout) == []
    assert len(json.loads(cli("audit", "--since", "2000-01-01", "--until", "2999-12-31T23:00+01:00", "--json").stdout)) == 3
    assert cli("audit", "--session", "nope").stdout.strip() == "No audit events match."


def test_csv_neutralises_formulas(cli: Invoke, logged: Engine) -> None:
    rows = list(csv.DictReader(io.StringIO(cli("audit", "--csv").stdout)))
    assert [row["action"] for row in rows] == ["mapping_saved", "permission_denied", "commit"]
    assert rows[2]["actor"].startswith("'=cmd")
    assert json.loads(rows[1]["details"]) == {"why": "=1+1"}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--since", "yesterday"], "--since"),
        (["--until", "2026-02-30"], "--until"),
        (["--action", "hack"], "not an audited action"),
        (["--json", "--csv"], "exclusive"),
        (["--limit", "0"], "limit"),
    ],
)
def test_bad_values_exit_2(cli: Invoke, logged: Engine, arguments: list[str], message: str) -> None:
    result = cli("audit", *arguments)
    assert result.exit_code == 2 and message in result.output


@pytest.mark.usefixtures("auth_on")
def test_reading_needs_a_valid_token_when_authentication_is_on(cli: Invoke, logged: Engine) -> None:
    token = cli("users", "add", "root", "--admin").stdout.strip()
    assert cli("audit").exit_code == 2
    result = cli("--token", token, "audit", "--action", "user_changed", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout)[0]["payload"]["username"] == "root"
