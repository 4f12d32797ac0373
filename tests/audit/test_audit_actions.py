"""Each audited action the importer records today, produced by the real code path that records it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from dealbrain.audit import AuditAction, AuditFilter, query_events
from dealbrain.auth import Actor, Permission, PermissionDeniedError, Role, require
from dealbrain.auth.users import UserService
from dealbrain.customfields import CustomFieldService
from dealbrain.customfields.inputs import FieldInputs
from dealbrain.customfields.text_inputs import build_change
from dealbrain.db.engine import transaction
from tests.importing.conftest import ImportRunner
from tests.importing.workbooks import CPU_HEADER, CPU_ROWS, write_xlsx

ADA = Actor("ada", Role.ADMIN)


def _events(engine: Engine, **criteria: str) -> list:
    with transaction(engine) as session:
        return list(query_events(session, AuditFilter(**criteria)))


def test_an_import_records_session_declarations_mapping_and_commit(engine: Engine, run: ImportRunner, tmp_path: Path) -> None:
    outcome = run(write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": [CPU_HEADER, *CPU_ROWS]}), actor=ADA)
    assert outcome.result is not None
    session_id = outcome.preview.session_id
    events = _events(engine, import_session_id=session_id)
    actions = [event.action for event in events]
    for expected in ("session_created", "declared_entities_saved", "mapping_saved", "commit"):
        assert expected in actions, f"{expected} missing from {actions}"
    assert actions[0] == "session_created" and actions[-1] == "commit"
    assert {event.actor for event in events} == {"ada"}
    created = events[0].payload_json
    assert created["source_filename"] == "cpus.xlsx" and len(created["sha256"]) == 64


def test_a_declaration_contradicting_the_columns_is_recorded(engine: Engine, run: ImportRunner, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": [CPU_HEADER, *CPU_ROWS]})
    run(path, actor=ADA, commit=False, declared_entities={"CPUs": "gpu"})
    (mismatch,) = _events(engine, action=AuditAction.DECLARED_ENTITY_MISMATCH)
    assert (mismatch.payload_json["declared"], mismatch.payload_json["inferred"]) == ("gpu", "cpu")


def test_a_refused_permission_is_recorded(engine: Engine) -> None:
    with pytest.raises(PermissionDeniedError):
        require(engine, Actor("anna", Role.ANALYST), Permission.IMPORT_COMMIT, action="commit an import", import_session_id=None)
    (denied,) = _events(engine, action=AuditAction.PERMISSION_DENIED)
    assert denied.actor == "anna" and denied.payload_json["permission"] == "import_commit"


def test_user_changes_are_recorded(engine: Engine) -> None:
    UserService(engine, None).add("root", Role.ADMIN)
    UserService(engine, Actor("root", Role.ADMIN)).add("olga", Role.OPERATOR)
    assert [e.payload_json["username"] for e in _events(engine, action=AuditAction.USER_CHANGED)] == ["root", "olga"]


def test_custom_field_lifecycle_is_recorded(engine: Engine) -> None:
    CustomFieldService(engine, Actor("otto", Role.OPERATOR)).create("cpu", "ram_gb", FieldInputs(type="integer"))
    admin = CustomFieldService(engine, ADA)
    admin.approve("cpu", "ram_gb")
    admin.update("cpu", "ram_gb", build_change(label="RAM"))
    admin.delete("cpu", "ram_gb")
    admin.restore("cpu", "ram_gb")
    actions = [event.action for event in _events(engine, entity="cpu")]
    assert actions == [
        "custom_field_created", "custom_field_approved", "custom_field_updated",
        "custom_field_deleted", "custom_field_restored",
    ]
