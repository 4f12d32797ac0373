"""The admin pages' plain parts, without a browser: the form's translation, sheet choices, verdicts, the audit page."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from dealbrain.audit import AuditAction, record_event
from dealbrain.auth import Actor, Role
from dealbrain.customfields import FieldDefinition
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportSession
from dealbrain.importing.sheet_choices import sheet_choices
from dealbrain.ingest import FileRejected
from dealbrain.specs import FieldType
from dealbrain.store.sessions import open_import_session
from tests.importing.workbooks import CPU_HEADER, CPU_ROWS, GPU_HEADER, GPU_ROWS, write_xlsx
from workspace.admin.audit_reader import AuditCriteria, AuditFilterRefused, event_links, read_audit_page
from workspace.admin.field_form_state import FieldForm
from workspace.admin.imports_desk import verdict_of

ADMIN = Actor("ada", Role.ADMIN)
TIER = FieldDefinition(entity="cpu", key="tier", type=FieldType.ENUM, label="Tier", options=("gold", "silver"))


def test_an_edit_sends_only_what_changed_and_an_emptied_rule_is_cleared() -> None:
    form = FieldForm.of(TIER)
    assert form.change_from(TIER).is_empty
    form.options, form.required = ["gold"], True
    assert form.change_from(TIER).as_dict() == {"required": True, "options": ["gold"]}
    bounded = FieldDefinition(entity="cpu", key="cache_mb", type=FieldType.INTEGER, label="Cache mb", maximum=64)
    form = FieldForm.of(bounded)
    form.maximum, form.label = "", "L3 cache"
    change = form.change_from(bounded)
    assert change.as_dict() == {"label": "L3 cache", "maximum": None} and change.touches_rules


def test_a_new_fields_settings_leave_out_rules_its_type_does_not_take() -> None:
    form = FieldForm(key="tier", type="enum", options=["gold"], minimum="3", pattern="x+")
    inputs = form.inputs()
    assert (inputs.options, inputs.minimum, inputs.pattern) == (["gold"], None, None)


def test_sheet_choices_rank_the_entities_and_refuse_a_broken_file(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "mixed.xlsx", {"Processors": [CPU_HEADER, *CPU_ROWS], "Cards": [GPU_HEADER, *GPU_ROWS]})
    processors, cards = sheet_choices(path)
    assert (processors.sheet, processors.rows, processors.inferred, processors.ranked[0][0]) == ("Processors", 3, "cpu", "cpu")
    assert cards.inferred == "gpu" and len(cards.ranked) == 5
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(FileRejected, match="broken.xlsx"):
        sheet_choices(broken)


@pytest.mark.parametrize(
    ("snapshot", "text", "ready"),
    [
        ({"status": "previewed", "blocking": []}, "Ready to commit.", True),
        ({"status": "blocked", "blocking": ["a", "b"]}, "Blocked: a (and 1 more)", False),
        ({"status": "committed", "blocking": []}, "Committed.", False),
        ({"status": "parsed", "blocking": []}, "Not previewed yet (parsed).", False),
    ],
)
def test_verdicts(snapshot: dict, text: str, ready: bool) -> None:
    assert (verdict_of(snapshot).text, verdict_of(snapshot).ready) == (text, ready)


def test_the_audit_page_filters_pages_and_links(engine: Engine) -> None:
    with transaction(engine) as session:
        for name in ("s0", "s1", "s2", "edit-1"):
            open_import_session(session, session_id=name, source_filename="x.xlsx", checksum=name, actor="uploader")
        session.get(ImportSession, "edit-1").result_json = {"kind": "record_edit"}
        for number in range(3):
            record_event(session, actor="otto", action=AuditAction.COMMIT, entity="cpu", import_session_id=f"s{number}")
        record_event(session, actor="ada", action=AuditAction.RECORD_UPDATED, entity="cpu", import_session_id="edit-1",
                     payload={"record_id": 7})
    first = read_audit_page(engine, ADMIN, AuditCriteria(actor="otto"), offset=0, limit=2)
    assert [event["session"] for event in first.events] == ["s2", "s1"] and first.has_older
    second = read_audit_page(engine, ADMIN, AuditCriteria(actor="otto"), offset=2, limit=2)
    assert [event["session"] for event in second.events] == ["s0"] and not second.has_older
    (edit,) = read_audit_page(engine, ADMIN, AuditCriteria(action="record_updated"), offset=0, limit=10).events
    assert event_links(edit) == {"record": "/cpus?record=7"}
    assert event_links(first.events[0]) == {"session": "/imports?session=s2"}
    with pytest.raises(AuditFilterRefused, match="Since: 'yesterday' is not a date"):
        read_audit_page(engine, ADMIN, AuditCriteria(since="yesterday"), offset=0, limit=10)
    with pytest.raises(AuditFilterRefused, match="'commits' is not an audited action"):
        read_audit_page(engine, ADMIN, AuditCriteria(action="commits"), offset=0, limit=10)


def test_an_analyst_reads_the_audit_log(engine: Engine) -> None:
    assert read_audit_page(engine, Actor("anna", Role.ANALYST), AuditCriteria(), offset=0, limit=5).events == []
