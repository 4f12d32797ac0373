"""`importer fields ...` and `importer schema` through typer's test runner."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine

from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from tests.conftest import CliInvoke

Invoke = CliInvoke


@pytest.fixture
def invoke(cli: CliInvoke, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> CliInvoke:
    """The real CLI on this test's migrated database, acting as ``cli-admin``."""
    monkeypatch.setenv("IMPORTER_ACTOR", "cli-admin")
    return cli


def test_create_list_and_json(invoke: Invoke) -> None:
    result = invoke("fields", "create", "cpu", "ram_gb", "--type", "integer", "--label", "RAM (GB)",
                    "--min", "1", "--max", "512", "--default", "16", "--display-order", "2")
    assert result.exit_code == 0, result.output
    assert "Created cpu field 'ram_gb' (integer, active)." in result.output
    invoke("fields", "create", "listing", "grade", "--type", "enum", "--option", "A", "--option", "B",
           "--required", "--default", "a", "--label-translation", "fr=Note")

    table = invoke("fields", "list")
    assert table.exit_code == 0
    assert table.output.splitlines()[0].split()[:4] == ["ENTITY", "KEY", "TYPE", "LABEL"]
    assert "1 to 512" in table.output and "A, B" in table.output

    listed = json.loads(invoke("fields", "list", "--entity", "listing", "--json").output)
    assert [(field["key"], field["default"], field["required"]) for field in listed] == [("grade", "A", True)]
    assert listed[0]["label_translations"] == {"fr": "Note"}
    assert listed[0]["created_by"] == "cli-admin"


def test_update_refused_without_confirm_then_applied(invoke: Invoke, engine: Engine) -> None:
    invoke("fields", "create", "cpu", "ram_gb", "--type", "integer")
    with transaction(engine) as session:
        session.add(ENTITY_MODELS["cpu"](name="i9", attributes_json={"ram_gb": 64}))
    engine.dispose()

    impact = invoke("fields", "impact", "cpu", "ram_gb", "--max", "32")
    assert impact.exit_code == 0
    assert "1 of 1 cpu records would have an invalid 'ram_gb' value" in impact.output
    assert "ram_gb must be at most 32" in impact.output
    as_json = invoke("fields", "impact", "cpu", "ram_gb", "--max", "32", "--json")
    assert json.loads(as_json.output)["failing_records"] == 1

    refused = invoke("fields", "update", "cpu", "ram_gb", "--max", "32")
    assert refused.exit_code == 1
    assert "--confirm" in refused.output and "i9" in refused.output

    applied = invoke("fields", "update", "cpu", "ram_gb", "--max", "32", "--confirm")
    assert applied.exit_code == 0, applied.output
    assert invoke("fields", "update", "cpu", "ram_gb", "--clear", "max").exit_code == 0
    field = json.loads(invoke("fields", "list", "--json").output)[0]
    assert field["maximum"] is None


def test_option_verbs(invoke: Invoke) -> None:
    invoke("fields", "create", "listing", "grade", "--type", "enum", "--option", "A", "--option", "B")
    result = invoke("fields", "update", "listing", "grade", "--add-option", "C", "--rename-option", "A=Gold",
                    "--retire-option", "B")
    assert result.exit_code == 0, result.output
    field = json.loads(invoke("fields", "list", "--json").output)[0]
    assert (field["options"], field["retired_options"]) == (["Gold", "C"], ["B"])
    bad = invoke("fields", "update", "listing", "grade", "--rename-option", "Gold")
    assert bad.exit_code == 1 and "OLD=NEW" in bad.output


def test_delete_restore_hard_delete_and_approve(invoke: Invoke) -> None:
    invoke("fields", "create", "gpu", "vram_gb", "--type", "integer")
    deleted = invoke("fields", "delete", "gpu", "vram_gb")
    assert deleted.exit_code == 0 and "importer fields restore gpu vram_gb" in deleted.output
    assert "No custom fields" in invoke("fields", "list").output
    assert "deleted" in invoke("fields", "list", "--include-deleted").output
    assert invoke("fields", "restore", "gpu", "vram_gb").exit_code == 0
    approve = invoke("fields", "approve", "gpu", "vram_gb")
    assert approve.exit_code == 1 and "already active" in approve.output
    hard = invoke("fields", "delete", "gpu", "vram_gb", "--hard")
    assert hard.exit_code == 0 and "Removed gpu field 'vram_gb'" in hard.output
    assert json.loads(invoke("fields", "list", "--include-deleted", "--json").output) == []


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("fields", "create", "laptop", "x", "--type", "string"), 2, "valid entities are: cpu, gpu"),
        (("fields", "list", "--entity", "laptop"), 2, "valid entities are"),
        (("fields", "create", "cpu", "x", "--type", "colour"), 2, "choose one of: string, text"),
        (("fields", "create", "cpu", "x", "--type", "string", "--visibility", "hidden"), 2, "everywhere"),
        (("fields", "create", "cpu", "x"), 2, "--type"),
        (("fields", "create", "cpu", "name", "--type", "string"), 1, "reserved on cpu"),
        (("fields", "create", "cpu", "r\u0430m", "--type", "string"), 1, "CYRILLIC SMALL LETTER A"),
        (("fields", "create", "cpu", "grade", "--type", "enum"), 1, "needs at least one option"),
        (("fields", "update", "cpu", "ghost", "--label", "x"), 1, "cpu has no custom field 'ghost'"),
        (("fields", "update", "cpu", "ghost", "--clear", "colour"), 1, "Cannot clear 'colour'"),
        (("schema", "laptop", "--json"), 2, "valid entities are"),
    ],
)
def test_refusals_and_usage_errors_have_exit_codes_and_messages(
    invoke: Invoke, args: tuple, code: int, message: str
) -> None:
    result = invoke(*args)
    assert result.exit_code == code, result.output
    assert message in result.output


def test_schema_includes_active_custom_fields(invoke: Invoke) -> None:
    invoke("fields", "create", "cpu", "ram_gb", "--type", "integer", "--required", "--min", "1")
    document = json.loads(invoke("schema", "cpu", "--json").output)
    custom = document["properties"]["attributes_json"]
    assert custom["properties"]["ram_gb"]["minimum"] == 1
    assert custom["required"] == ["ram_gb"]
    readable = invoke("schema", "cpu")
    assert readable.exit_code == 0 and "ram_gb" in readable.output


@pytest.mark.parametrize(
    "command",
    [(), ("fields",), ("fields", "list"), ("fields", "create"), ("fields", "update"), ("fields", "impact"),
     ("fields", "delete"), ("fields", "restore"), ("fields", "approve"), ("schema",)],
)
def test_every_command_has_help(invoke: Invoke, command: tuple[str, ...]) -> None:
    result = invoke(*command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.output
