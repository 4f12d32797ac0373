"""Soft delete and restore through `RecordService`: hidden from lists until restored, audited, undoable, checked."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from dealbrain.auth import PermissionDeniedError
from dealbrain.importing.undo import undo_import
from dealbrain.provenance import record_history
from dealbrain.records import RecordService
from dealbrain.records.errors import RecordNotFoundError
from tests.records.conftest import ANALYST, OPERATOR, changeset, events, stored


def names(records: RecordService, entity: str = "cpu", **arguments: object) -> list[str]:
    return [record["name"] for record in records.list(entity, sort="name", **arguments).records]  # type: ignore[arg-type]


def test_a_deleted_record_is_hidden_until_restored(records: RecordService, engine: Engine, imported: str) -> None:
    change = records.delete("cpu", "intel core i7-8700")  # letter case ignored, as everywhere

    assert (change.updated, change.session_id is not None) == (1, True)
    assert "Intel Core i7-8700" not in names(records)
    assert "Intel Core i7-8700" not in names(records, where='manufacturer = "intel" and cores >= 1')  # SQL path
    shown = records.list("cpu", include_deleted=True, sort="name").records
    deleted = {record["name"]: record["deleted_at"] for record in shown}
    assert deleted["Intel Core i7-8700"] is not None and deleted["AMD Ryzen 5 5600G"] is None
    assert stored(engine, "cpu")["Intel Core i7-8700"]["deleted_by"] == OPERATOR.name

    records.restore("cpu", "Intel Core i7-8700")
    assert "Intel Core i7-8700" in names(records)
    assert stored(engine, "cpu")["Intel Core i7-8700"]["deleted_at"] is None
    assert [event.action for event in events(engine, "record_deleted")] == ["record_deleted"]
    assert [event.payload_json["changed"] for event in events(engine, "record_restored")] == [1]


def test_deleting_twice_changes_nothing_the_second_time(records: RecordService, imported: str) -> None:
    first = names(records, "gpu")[0]
    assert records.delete("gpu", first).updated == 1
    again = records.delete("gpu", first)
    assert (again.updated, again.unchanged, again.session_id) == (0, 1, None)


def test_undoing_the_delete_session_restores_the_record(records: RecordService, engine: Engine, imported: str) -> None:
    before = stored(engine, "cpu")
    change = records.bulk_delete("cpu", 'manufacturer = "intel"')
    assert change.updated == 2 and names(records) == ["AMD Ryzen 5 5600G"]
    (row, _) = changeset(engine, change.session_id)
    assert row["operation"] == "update" and row["before"] == {"deleted_at": None, "deleted_by": None}
    assert row["after"]["deleted_by"] == OPERATOR.name and row["after"]["name"].startswith("Intel")

    undo_import(engine, OPERATOR, change.session_id)

    after = stored(engine, "cpu")
    assert names(records) == ["AMD Ryzen 5 5600G", "Intel Core i5-12400", "Intel Core i7-8700"]
    assert {name: record["deleted_at"] for name, record in after.items()} == {name: None for name in before}


def test_a_bulk_restore_dry_run_lists_the_records_and_writes_nothing(records: RecordService, engine: Engine,
                                                                    imported: str) -> None:
    records.bulk_delete("cpu", "cores >= 1")
    plan = records.bulk_delete("cpu", 'name contains "intel"', restore=True, dry_run=True)
    assert (plan.dry_run, plan.selected, plan.updated) == (True, 2, 2)
    assert {diff["record"] for diff in plan.records} == {"Intel Core i7-8700", "Intel Core i5-12400"}
    assert plan.records[0]["before"] == {"deleted": True} and plan.records[0]["after"] == {"deleted": False}
    assert names(records) == []


def test_bulk_edits_leave_deleted_records_alone(records: RecordService, engine: Engine, imported: str) -> None:
    records.delete("cpu", "Intel Core i7-8700")
    change = records.bulk_update("cpu", "cores >= 1", {"socket": "AM5"})
    assert change.selected == 2
    assert stored(engine, "cpu")["Intel Core i7-8700"]["socket"] != "AM5"


def test_an_analyst_may_not_delete_and_an_unknown_key_is_named(engine: Engine, records: RecordService,
                                                               imported: str) -> None:
    with pytest.raises(PermissionDeniedError, match="may not delete records"):
        RecordService(engine, ANALYST).delete("cpu", "Intel Core i7-8700")
    with pytest.raises(RecordNotFoundError, match="Closest: 'Intel Core i7-8700'"):
        records.delete("cpu", "Intel Core i7-870")
    assert "Intel Core i7-8700" in names(records)


def test_the_history_says_which_session_set_each_value(records: RecordService, engine: Engine, imported: str) -> None:
    edit = records.update("cpu", "Intel Core i7-8700", {"cores": "8"})
    deleted = records.delete("cpu", "Intel Core i7-8700")
    history = record_history(engine, OPERATOR, "cpu", "intel core i7-8700")
    by_field = {(change.field, change.session_id): change for change in history.changes}
    assert (by_field[("cores", edit.session_id)].before, by_field[("cores", edit.session_id)].value) == (6, 8)
    assert by_field[("deleted_by", deleted.session_id)].value == OPERATOR.name
    inserted = by_field[("cores", imported)]
    assert (inserted.operation, inserted.file, inserted.value) == ("insert", "reference.xlsx", 6)
