"""Records created from a listing's names need review until someone marks them reviewed: audited, undoable, checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from dealbrain.auth import PermissionDeniedError
from dealbrain.importing.policies import UnknownComponentPolicy
from dealbrain.importing.undo import undo_import
from dealbrain.records import RecordService
from dealbrain.records.errors import RecordUsageError
from dealbrain.records.presentation import record_lines
from dealbrain.specs import get_entity_spec
from tests.importing.conftest import ImportRunner
from tests.importing.workbooks import write_xlsx
from tests.records.conftest import ANALYST, OPERATOR, changeset, events, stored

LISTINGS = [["Title", "Price", "CPU"], ["Mystery box", 100, "Intel Core i9-99999K"], ["Odd box", 120, "AMD Ryzen 9 99999X"]]
CREATED = ["AMD Ryzen 9 99999X", "Intel Core i9-99999K"]


@pytest.fixture
def created(run: ImportRunner, tmp_path: Path) -> list[str]:
    """Two CPUs an import created from a listing's names, flagged for review."""
    outcome = run(write_xlsx(tmp_path / "listings.xlsx", {"Listings": LISTINGS}), on_unknown_component=UnknownComponentPolicy.CREATE)
    assert outcome.result is not None and sorted(outcome.result.auto_created["cpu"]) == CREATED
    return CREATED


def _flags(engine: Engine) -> dict[str, bool]:
    return {name: record["needs_review"] for name, record in stored(engine, "cpu").items()}


def test_a_created_record_needs_review_until_it_is_marked_reviewed(records: RecordService, engine: Engine, created: list[str]) -> None:
    assert records.get("cpu", "Intel Core i9-99999K")["needs_review"] is True
    change = records.mark_reviewed("cpu", "intel core i9-99999k")

    assert (change.updated, change.session_id is not None) == (1, True)
    assert _flags(engine) == {"AMD Ryzen 9 99999X": True, "Intel Core i9-99999K": False}
    document = records.get("cpu", "Intel Core i9-99999K")
    assert document["needs_review"] is False
    assert [line.split() for line in record_lines(document, get_entity_spec("cpu")) if "needs review" in line] == [["needs", "review", "no"]]
    (event,) = events(engine, "record_reviewed")
    assert event.actor == OPERATOR.name and event.payload_json["records"][0]["record"] == "Intel Core i9-99999K"
    assert records.mark_reviewed("cpu", "Intel Core i9-99999K").updated == 0  # already reviewed: unchanged


def test_a_bulk_review_dry_run_writes_nothing_and_undo_flags_them_again(
    records: RecordService, engine: Engine, created: list[str]
) -> None:
    plan = records.bulk_review("cpu", "cores is null", dry_run=True)
    assert (plan.updated, plan.session_id) == (2, None)
    assert [diff["after"] for diff in plan.records] == [{"needs_review": False}, {"needs_review": False}]
    assert all(_flags(engine).values())

    change = records.bulk_review("cpu", "cores is null")
    assert not any(_flags(engine).values())
    rows = changeset(engine, change.session_id)
    assert [(row["before"], row["after"]["needs_review"]) for row in rows] == [({"needs_review": True}, False)] * 2
    undo_import(engine, OPERATOR, change.session_id)
    assert all(_flags(engine).values())

    again = records.bulk_review("cpu", 'name = "AMD Ryzen 9 99999X"', needs_review=False)
    flagged = records.bulk_review("cpu", 'name = "AMD Ryzen 9 99999X"', needs_review=True)
    assert (again.updated, flagged.updated) == (1, 1)
    assert [e.payload_json["changed"] for e in events(engine, "record_review_requested")] == [1]


def test_an_analyst_cannot_review_and_only_created_entities_carry_the_flag(
    records: RecordService, engine: Engine, created: list[str]
) -> None:
    with pytest.raises(PermissionDeniedError, match="mark reviewed records"):
        RecordService(engine, ANALYST).mark_reviewed("cpu", "Intel Core i9-99999K")
    with pytest.raises(RecordUsageError, match="Listing records cannot mark reviewed or flag for review: only CPU"):
        records.bulk_review("listing", "price > 0")
    assert all(_flags(engine).values())
