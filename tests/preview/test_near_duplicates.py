"""A new name that normalizes to a stored record's ("Intel Core i7-8700 @ 3.20GHz" / "Intel Core i7-8700") needs a decision."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import Engine, select

from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.importing.policies import NearDuplicatePolicy
from dealbrain.store.frames import SHEET, SOURCE_ROW
from tests.importing.conftest import ImportRunner
from tests.importing.workbooks import write_xlsx
from tests.preview.passmark_files import COLUMNS, PASSMARK, TEMPLATES, passmark_rows

pytestmark = pytest.mark.skipif(not PASSMARK.exists(), reason="../shared/data is not beside the checkout")

CLOCKED = ["Intel Core i7-8700 @ 3.20GHz", "12,739", "2,626", "65", "FCLGA1151-2", "6"]
OTHER_MODEL = ["Intel Core i7-8700K @ 3.70GHz", "13,577", "2,719", "95", "FCLGA1151-2", "6"]
SHEET_NAME = "PassMark CPUs"


def _stored(engine: Engine) -> dict[str, tuple[int, int | None]]:
    CpuRecord = ENTITY_MODELS["cpu"]
    with transaction(engine) as session:
        return {cpu.name: (cpu.id, cpu.cpu_mark_multi) for cpu in session.scalars(select(CpuRecord))}


@pytest.fixture
def templates_stored(run: ImportRunner, engine: Engine) -> dict[str, tuple[int, int | None]]:
    """The original template's CPUs committed: "Intel Core i7-8700" and "AMD Ryzen 5 5600G"."""
    outcome = run(TEMPLATES / "cpu.csv", declared_entities={"cpu": "cpu"})
    assert outcome.result is not None, outcome.preview.blocking
    return _stored(engine)


def _passmark_file(tmp_path: Path) -> Path:
    rows = [COLUMNS, *passmark_rows(20), CLOCKED, OTHER_MODEL]
    return write_xlsx(tmp_path / "passmark.xlsx", {SHEET_NAME: rows})


def test_a_clock_suffixed_name_of_a_stored_cpu_is_flagged_and_blocks(
    run: ImportRunner, engine: Engine, tmp_path: Path, templates_stored: dict[str, tuple[int, int | None]]
) -> None:
    outcome = run(_passmark_file(tmp_path), declared_entities={SHEET_NAME: "cpu"})

    assert outcome.result is None
    report = outcome.preview.entities["cpu"].near_duplicates
    assert report.rows.select(SHEET, SOURCE_ROW, "name", "candidate", "score", "decision").rows() == [
        (SHEET_NAME, 22, "Intel Core i7-8700 @ 3.20GHz", "Intel Core i7-8700", 0.99, None)
    ]
    assert any("nearly equal a stored record" in reason and "near_duplicate_decisions" in reason for reason in outcome.preview.blocking)
    assert _stored(engine) == templates_stored


@pytest.mark.parametrize("decision", list(NearDuplicatePolicy)[1:], ids=str)
def test_each_decision_does_what_it_says(
    run: ImportRunner, engine: Engine, tmp_path: Path, templates_stored: dict[str, tuple[int, int | None]],
    decision: NearDuplicatePolicy,
) -> None:
    outcome = run(
        _passmark_file(tmp_path), declared_entities={SHEET_NAME: "cpu"},
        near_duplicate_decisions={"cpu": {"intel core i7-8700 @ 3.20ghz": decision}},
    )

    assert outcome.result is not None, outcome.preview.blocking
    stored = _stored(engine)
    original_id, original_mark = templates_stored["Intel Core i7-8700"]
    assert OTHER_MODEL[0] in stored  # a different model is not a duplicate
    if decision is NearDuplicatePolicy.UPDATE:
        assert stored["Intel Core i7-8700"] == (original_id, 12739)
        assert CLOCKED[0] not in stored
        assert outcome.result.counts()["cpu"]["updated"] == 1
    elif decision is NearDuplicatePolicy.SKIP:
        assert stored["Intel Core i7-8700"] == (original_id, original_mark)
        assert CLOCKED[0] not in stored
        assert outcome.result.counts()["cpu"]["updated"] == 0
    else:
        assert stored["Intel Core i7-8700"] == (original_id, original_mark)
        assert stored[CLOCKED[0]][1] == 12739
    assert len(stored) == len(templates_stored) + 21 + (decision is NearDuplicatePolicy.INSERT)


def test_a_policy_decides_every_near_duplicate(
    run: ImportRunner, engine: Engine, tmp_path: Path, templates_stored: dict[str, tuple[int, int | None]]
) -> None:
    outcome = run(_passmark_file(tmp_path), declared_entities={SHEET_NAME: "cpu"}, on_near_duplicate=NearDuplicatePolicy.UPDATE)

    assert outcome.result is not None, outcome.preview.blocking
    assert outcome.preview.entities["cpu"].near_duplicates.rows["decision"].to_list() == ["update"]
    assert _stored(engine)["Intel Core i7-8700"][1] == 12739


def test_a_decision_for_a_row_that_is_no_near_duplicate_blocks(
    run: ImportRunner, tmp_path: Path, templates_stored: dict[str, tuple[int, int | None]]
) -> None:
    outcome = run(
        _passmark_file(tmp_path), declared_entities={SHEET_NAME: "cpu"}, on_near_duplicate=NearDuplicatePolicy.INSERT,
        near_duplicate_decisions={"cpu": {"Intel Core i7-870 @ 3.20GHz": NearDuplicatePolicy.SKIP}},
    )

    assert outcome.result is None
    assert any("not likely duplicates" in reason and "i7-870 @" in reason for reason in outcome.preview.blocking)


def test_rows_of_one_file_naming_the_same_part_are_reported(run: ImportRunner, tmp_path: Path) -> None:
    rows = [COLUMNS, *passmark_rows(10), CLOCKED, ["Core i7-8700", "13,000", "2,600", "65", "LGA1151", "6"]]
    path = write_xlsx(tmp_path / "twice.xlsx", {SHEET_NAME: rows})

    outcome = run(path, declared_entities={SHEET_NAME: "cpu"}, commit=False)

    within = outcome.preview.entities["cpu"].near_duplicates.within_file
    assert within.select(SOURCE_ROW, "name", "same_as").rows() == [
        (12, CLOCKED[0], "Core i7-8700"), (13, "Core i7-8700", CLOCKED[0]),
    ]
    assert within["normalized"].unique().to_list() == ["i7 8700"]
    assert outcome.preview.can_commit  # reported, not blocking


def test_the_polars_prefilter_misses_no_pair_the_normalization_finds() -> None:
    import json
    from collections import defaultdict

    from dealbrain.importing.near_duplicates import within_file_near_duplicates
    from dealbrain.matching.normalize import normalize_component_name

    names = list(dict.fromkeys(record["name"] for record in json.loads(PASSMARK.read_text(encoding="utf-8"))["data"]))
    names += ["Core i7 8700", "AMD Ryzen 5 5600 X", "Ryzen 5 5600X", "Xeon E5-2699v2", "AMD Ryzen 5 5600G with Radeon Graphics"]
    frame = pl.DataFrame({SHEET: ["s"] * len(names), SOURCE_ROW: range(2, len(names) + 2), "name": names})
    groups: dict[str, set[str]] = defaultdict(set)
    for name in names:
        groups[normalize_component_name(name)].add(name.strip().lower())
    every_pair = {name for name in names if len(groups[normalize_component_name(name)]) > 1}

    assert set(within_file_near_duplicates(frame, "name")["name"].to_list()) == every_pair
    assert {"Core i7 8700", "AMD Ryzen 5 5600 X", "Ryzen 5 5600X"} <= every_pair


def test_past_the_fuzzy_budget_equal_normalized_names_are_still_found(
    run: ImportRunner, tmp_path: Path, templates_stored: dict[str, tuple[int, int | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from dealbrain.importing import near_duplicates

    monkeypatch.setattr(near_duplicates, "FUZZY_PAIRS", 0)
    outcome = run(_passmark_file(tmp_path), declared_entities={SHEET_NAME: "cpu"}, commit=False)

    report = outcome.preview.entities["cpu"].near_duplicates
    assert report.rows.select("name", "candidate", "match").rows() == [(CLOCKED[0], "Intel Core i7-8700", "normalized")]


def test_two_rows_writing_onto_one_stored_record_block(
    run: ImportRunner, engine: Engine, tmp_path: Path, templates_stored: dict[str, tuple[int, int | None]]
) -> None:
    exact = ["Intel Core i7-8700", "13,000", "2,600", "65", "LGA1151", "6"]
    path = write_xlsx(tmp_path / "both.xlsx", {SHEET_NAME: [COLUMNS, *passmark_rows(3), CLOCKED, exact]})

    outcome = run(path, declared_entities={SHEET_NAME: "cpu"}, on_near_duplicate=NearDuplicatePolicy.UPDATE)

    assert outcome.result is None
    assert any("more than one row would update the stored 'Intel Core i7-8700'" in r for r in outcome.preview.blocking)
    assert _stored(engine) == templates_stored
