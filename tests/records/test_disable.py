"""Disable and enable through `RecordService`: still listed and filterable, audited, undoable, checked, kept by imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from dealbrain.auth import PermissionDeniedError
from dealbrain.importing.policies import ConflictPolicy
from dealbrain.importing.undo import undo_import
from dealbrain.records import RecordService
from dealbrain.store.frames import SOURCE_ROW
from tests.importing.conftest import ImportRunner
from tests.importing.workbooks import CPU_HEADER, CPU_ROWS, LISTING_HEADER, LISTING_ROWS, write_xlsx
from tests.records.conftest import ANALYST, OPERATOR, changeset, events, stored


def states(records: RecordService, **arguments: object) -> dict[str, bool]:
    page = records.list("cpu", sort="name", **arguments)  # type: ignore[arg-type]
    return {record["name"]: record["disabled"] for record in page.records}


def test_a_disabled_record_stays_listed_says_so_and_can_be_filtered(
    records: RecordService, engine: Engine, imported: str
) -> None:
    change = records.disable("cpu", "intel core i7-8700")

    assert (change.updated, change.session_id is not None) == (1, True)
    assert states(records) == {"AMD Ryzen 5 5600G": False, "Intel Core i5-12400": False, "Intel Core i7-8700": True}
    assert list(states(records, disabled=True)) == ["Intel Core i7-8700"]
    assert list(states(records, disabled=False, where='manufacturer = "intel"')) == ["Intel Core i5-12400"]
    assert list(states(records, disabled=True, where="name contains 'i7'")) == ["Intel Core i7-8700"]
    assert stored(engine, "cpu")["Intel Core i7-8700"]["disabled_by"] == OPERATOR.name
    (event,) = events(engine, "record_disabled")
    assert event.payload_json["records"][0]["record"] == "Intel Core i7-8700"

    assert records.disable("cpu", "Intel Core i7-8700").updated == 0  # already disabled: unchanged
    records.enable("cpu", "Intel Core i7-8700")
    assert not any(states(records).values())
    assert [e.payload_json["changed"] for e in events(engine, "record_enabled")] == [1]


def test_an_analyst_cannot_disable_and_nothing_changes(engine: Engine, imported: str) -> None:
    analyst = RecordService(engine, ANALYST)
    with pytest.raises(PermissionDeniedError, match="may not preview: disable records: it needs the admin or operator role"):
        analyst.bulk_disable("cpu", "cores >= 1", dry_run=True)
    with pytest.raises(PermissionDeniedError):
        analyst.disable("cpu", "Intel Core i7-8700")
    assert all(record["disabled_at"] is None for record in stored(engine, "cpu").values())


def test_a_bulk_disable_dry_run_writes_nothing_and_undo_enables_again(
    records: RecordService, engine: Engine, imported: str
) -> None:
    plan = records.bulk_disable("cpu", 'manufacturer = "intel"', dry_run=True)
    assert (plan.updated, plan.session_id) == (2, None)
    assert [diff["after"] for diff in plan.records] == [{"disabled": True}, {"disabled": True}]
    assert not any(states(records).values())

    change = records.bulk_disable("cpu", 'manufacturer = "intel"')
    (row, _) = changeset(engine, change.session_id)
    assert row["before"] == {"disabled_at": None, "disabled_by": None} and row["after"]["disabled_by"] == OPERATOR.name
    undo_import(engine, OPERATOR, change.session_id)
    assert not any(states(records).values())


def test_an_import_updates_a_disabled_record_keeps_it_disabled_and_warns(
    records: RecordService, engine: Engine, imported: str, run: ImportRunner, tmp_path: Path
) -> None:
    records.disable("cpu", "AMD Ryzen 5 5600G")
    rows = [[*row[:2], 8, *row[3:]] for row in CPU_ROWS]
    outcome = run(write_xlsx(tmp_path / "again.xlsx", {"CPUs": [CPU_HEADER, *rows]}), conflict_policy=ConflictPolicy.UPDATE)

    warning = "1 CPU row(s) match disabled records ('AMD Ryzen 5 5600G'); their values are updated but they stay disabled"
    assert any(warning in note for note in outcome.preview.notes)
    after = stored(engine, "cpu")["AMD Ryzen 5 5600G"]
    assert after["cores"] == 8 and after["disabled_at"] is not None


def test_a_listing_naming_a_disabled_cpu_is_not_matched_to_it(
    records: RecordService, engine: Engine, imported: str, run: ImportRunner, tmp_path: Path
) -> None:
    records.disable("cpu", "AMD Ryzen 5 5600G")
    new_listing = ["Mini PC 5600G", "$400", "new", "amd ryzen 5 5600g", None, "16 GB", "1 TB"]
    book = write_xlsx(tmp_path / "listings.xlsx", {"Listings": [LISTING_HEADER, LISTING_ROWS[0], new_listing]})
    outcome = run(book, conflict_policy=ConflictPolicy.UPDATE)

    failures = outcome.preview.failures.to_dicts()
    (failure,) = [f for f in failures if f["raw_value"] == "amd ryzen 5 5600g"]
    assert "matches the CPU 'AMD Ryzen 5 5600G', which is disabled" in failure["reason"]
    assert failure["column"] == "CPU" and failure[SOURCE_ROW] == 3
    assert "Mini PC 5600G" not in stored(engine, "listing")  # refused: nothing linked to the disabled CPU
    assert not outcome.preview.can_commit
