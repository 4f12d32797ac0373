"""Rows that would change stored records: diffs, policies, per-record decisions, audit."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from dealbrain.audit import AuditAction, AuditFilter, query_events
from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.importing.conflicts import ConflictPolicy
from dealbrain.importing.request import ColumnPromotion
from dealbrain.specs import FieldType
from tests.importing.conftest import ImportRunner
from tests.importing.workbooks import write_xlsx

HEADER = ["CPU Name", "Manufacturer", "Cores", "Socket", "Cache"]
CACHE = (ColumnPromotion("CPUs", "Cache", "cache_mb", "Cache (MB)", FieldType.INTEGER),)


@pytest.fixture
def stored(run: ImportRunner, tmp_path: Path) -> None:
    """The i7 stored without a socket and a cache of 12; the i5 fully."""
    rows = [HEADER, ["Intel Core i7-8700", "Intel", 6, None, 12], ["Intel Core i5-12400", "Intel", 6, "LGA1700", None]]
    run(write_xlsx(tmp_path / "v1.xlsx", {"CPUs": rows}), promotions=CACHE)


def _incoming(tmp_path: Path) -> Path:
    rows = [HEADER, ["Intel Core i7-8700", "INTEL CORP", 8, "LGA1151", 16], ["Intel Core i5-12400", "Intel", 6, "LGA1700", 18]]
    return write_xlsx(tmp_path / "v2.xlsx", {"CPUs": rows})


def _stored(engine: Engine) -> dict[str, dict]:
    CpuRecord = ENTITY_MODELS["cpu"]
    with transaction(engine) as session:
        return {
            r.name: {"manufacturer": r.manufacturer, "cores": r.cores, "socket": r.socket, "attributes": r.attributes_json}
            for r in session.scalars(select(CpuRecord))
        }


def test_conflicts_without_a_decision_block_the_commit_and_show_a_diff(stored, run, engine, tmp_path) -> None:
    outcome = run(_incoming(tmp_path), promotions=CACHE)

    assert outcome.result is None
    assert any("conflict_policy" in reason and "2 row(s)" in reason for reason in outcome.preview.blocking)
    diffs = {(d["key"], d["field"]): (d["before"], d["after"]) for d in outcome.preview.entities["cpu"].conflicts.diffs.to_dicts()}
    assert diffs[("Intel Core i7-8700", "cores")] == ("6", "8")
    assert diffs[("Intel Core i7-8700", "socket")] == (None, "LGA1151")
    assert diffs[("Intel Core i7-8700", "cache_mb")] == ("12", "16")
    assert diffs[("Intel Core i5-12400", "cache_mb")] == (None, "18")


def test_update_takes_incoming_values_and_attributes(stored, run, engine, tmp_path) -> None:
    outcome = run(_incoming(tmp_path), promotions=CACHE, conflict_policy=ConflictPolicy.UPDATE)
    assert outcome.result.counts()["cpu"]["updated"] == 2
    i7 = _stored(engine)["Intel Core i7-8700"]
    assert (i7["manufacturer"], i7["cores"], i7["socket"], i7["attributes"]) == ("INTEL CORP", 8, "LGA1151", {"cache_mb": 16})


def test_merge_fills_only_empty_fields_and_missing_attribute_keys(stored, run, engine, tmp_path) -> None:
    outcome = run(_incoming(tmp_path), promotions=CACHE, conflict_policy=ConflictPolicy.MERGE)
    rows = _stored(engine)
    i7, i5 = rows["Intel Core i7-8700"], rows["Intel Core i5-12400"]
    assert (i7["manufacturer"], i7["cores"], i7["socket"], i7["attributes"]) == ("Intel", 6, "LGA1151", {"cache_mb": 12})
    assert i5["attributes"] == {"cache_mb": 18}
    assert outcome.result.counts()["cpu"]["updated"] == 2


@pytest.mark.parametrize(("policy", "counts"), [(ConflictPolicy.SKIP, {"skipped": 2, "unchanged": 0}), (ConflictPolicy.KEEP, {"skipped": 0, "unchanged": 2})])
def test_skip_and_keep_leave_stored_records_alone(stored, run, engine, tmp_path, policy, counts) -> None:
    before = _stored(engine)
    outcome = run(_incoming(tmp_path), promotions=CACHE, conflict_policy=policy)
    result = outcome.result.counts()["cpu"]
    assert {"skipped": result["skipped"], "unchanged": result["unchanged"]} == counts and result["updated"] == 0
    assert _stored(engine) == before


def test_per_record_decisions_win_over_the_policy_and_are_audited(stored, run, engine, tmp_path) -> None:
    outcome = run(
        _incoming(tmp_path), promotions=CACHE, conflict_policy=ConflictPolicy.KEEP,
        conflict_decisions={"cpu": {"intel core i7-8700": ConflictPolicy.UPDATE}},
    )
    rows = _stored(engine)
    assert rows["Intel Core i7-8700"]["cores"] == 8
    assert rows["Intel Core i5-12400"]["attributes"] == {}
    with transaction(engine) as session:
        (event,) = query_events(session, AuditFilter(action=AuditAction.CONFLICTS_RESOLVED))
    assert event.payload_json["decided"] == {"update": 1, "keep": 1}
    assert event.session_id == outcome.result.session_id


def test_a_decision_for_a_record_without_conflict_blocks_as_a_likely_typo(stored, run, engine, tmp_path) -> None:
    outcome = run(
        _incoming(tmp_path), promotions=CACHE, conflict_policy=ConflictPolicy.KEEP,
        conflict_decisions={"cpu": {"Intel Core i7-8700X": ConflictPolicy.UPDATE}},
    )
    assert outcome.result is None
    assert any("'Intel Core i7-8700X'" in reason and "check the spelling" in reason for reason in outcome.preview.blocking)
