"""Running the suites over stored tables: clean data passes, bad data fails the right expectations."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import Engine

from dealbrain.specs import ENTITY_NAMES, UnknownEntityError, get_entity_spec
from tests.quality.conftest import CLEAN_ROWS, Rows
from validations import (
    ExpectationOutcome,
    QualityReport,
    QualityRunError,
    load_table_frame,
    run_quality_suite,
)


def _outcome(report: QualityReport, description_start: str) -> ExpectationOutcome:
    (outcome,) = [o for o in report.results if o.description.startswith(description_start)]
    return outcome


def _failed(report: QualityReport) -> set[str]:
    return {outcome.description for outcome in report.failures}


def _suite(engine: Engine, entity: str) -> QualityReport:
    return run_quality_suite(entity, load_table_frame(engine, entity))


def test_clean_tables_meet_every_expectation(engine: Engine, store: Callable[[Rows], None]) -> None:
    store(CLEAN_ROWS)
    for entity in ENTITY_NAMES:
        report = _suite(engine, entity)
        assert report.success, report.failures
        assert report.entity == entity and report.evaluated_rows == len(CLEAN_ROWS[entity])
        assert all(o.unexpected_count == 0 and o.unexpected_examples == [] for o in report.results)


def test_empty_tables_pass_with_nothing_evaluated(engine: Engine) -> None:
    for entity in ENTITY_NAMES:
        report = _suite(engine, entity)
        assert report.success and report.evaluated_rows == 0
        assert len(report.results) > 0


def test_threads_below_cores_fail_with_the_record_named(engine: Engine, store: Callable[[Rows], None]) -> None:
    store({"cpu": [*CLEAN_ROWS["cpu"], {"name": "Broken Xeon", "cores": 16, "threads": 8}]})
    report = _suite(engine, "cpu")
    assert not report.success
    assert _failed(report) == {"A CPU has at least as many threads as cores."}
    outcome = _outcome(report, "A CPU has at least as many threads")
    assert outcome.expectation_type == "expect_column_pair_values_a_to_be_greater_than_b"
    assert outcome.column == "threads, cores" and outcome.unexpected_count == 1
    assert outcome.unexpected_examples == [{"name": "Broken Xeon", "threads": 8, "cores": 16}]


def test_negative_price_fails_despite_the_outlier_allowance(engine: Engine, store: Callable[[Rows], None]) -> None:
    store({"listing": [*CLEAN_ROWS["listing"], {"title": "Refund entry", "price_usd": -50.0}]})
    report = _suite(engine, "listing")
    assert _failed(report) == {_outcome(report, "The price lies").description}
    outcome = _outcome(report, "The price lies")
    assert outcome.unexpected_count == 1
    assert outcome.unexpected_examples == [{"title": "Refund entry", "price_usd": -50.0}]


def test_duplicate_names_fail_uniqueness() -> None:
    # The tables' unique constraints keep exact duplicates out of the database, so this runs on a frame.
    frame = pd.DataFrame({"name": ["RTX 3060", "RTX 3060", "RTX 4070"], "gpu_mark": [17000, 17100, 26000],
                          "metal_score": [None, None, None]})
    report = run_quality_suite("gpu", frame)
    assert _failed(report) == {"No two GPUs share a name."}
    outcome = _outcome(report, "No two GPUs share")
    assert outcome.unexpected_count == 2
    assert outcome.unexpected_examples == [{"name": "RTX 3060"}]


def test_a_few_outliers_are_tolerated_where_declared(engine: Engine, store: Callable[[Rows], None]) -> None:
    cpus = [{"name": f"CPU {index}", "cores": 4, "threads": 8, "tdp_w": 35.0} for index in range(199)]
    store({"cpu": [*cpus, {"name": "Server monster", "cores": 64, "threads": 128, "tdp_w": 700.0}]})
    report = _suite(engine, "cpu")
    tdp = _outcome(report, "TDP lies")
    assert report.success and tdp.success
    assert tdp.unexpected_count == 1 and tdp.unexpected_examples == [{"name": "Server monster", "tdp_w": 700.0}]


def test_the_release_year_bound_moves_with_the_date() -> None:
    unknown = ("cores", "threads", "cpu_mark_multi", "cpu_mark_single", "tdp_w")
    frame = pd.DataFrame({"name": ["Future chip"], "release_year": [2031], **{column: [None] for column in unknown}})
    assert not run_quality_suite("cpu", frame, today=date(2024, 6, 1)).success
    assert run_quality_suite("cpu", frame, today=date(2030, 6, 1)).success


def test_multipliers_and_values_of_valuation_rules(engine: Engine, store: Callable[[Rows], None]) -> None:
    store({"valuation_rule": [{"name": "Percent typo", "component_type": "cpu", "unit_value_usd": -1.0,
                               "condition_new": 100.0, "condition_used": 0.5}]})
    report = _suite(engine, "valuation_rule")
    assert _failed(report) == {"The unit value is not negative.",
                               "The new multiplier lies between 0 and 2 (a factor, not a percentage)."}


def test_listing_ram_must_be_plausible(engine: Engine, store: Callable[[Rows], None]) -> None:
    store({"listing": [
        {"title": "Typo", "price_usd": 300.0, "ram_gb": 16000},
        {"title": "Odd", "price_usd": 300.0, "ram_gb": 13},
    ]})
    report = _suite(engine, "listing")
    assert _outcome(report, "RAM lies").unexpected_examples == [{"title": "Typo", "ram_gb": 16000}]
    assert _outcome(report, "RAM is a size").unexpected_count == 2


def test_load_table_frame_reads_id_and_standard_columns(engine: Engine, store: Callable[[Rows], None]) -> None:
    store(CLEAN_ROWS)
    frame = load_table_frame(engine, "ports_profile")
    spec = get_entity_spec("ports_profile")
    assert list(frame.columns) == ["id", *(field.column_name for field in spec.fields)]
    assert frame.loc[0, "ports"] == [{"type": "usb_a", "count": 4, "spec_notes": None}]
    assert list(load_table_frame(engine, "listing").columns)[:4] == ["id", "title", "price_usd", "condition"]
    assert "cpu_id" in load_table_frame(engine, "listing").columns


def test_a_frame_missing_a_checked_column_is_a_bug_not_bad_data() -> None:
    with pytest.raises(QualityRunError, match="gpu_mark, metal_score"):
        run_quality_suite("gpu", pd.DataFrame({"name": ["RTX 3060"]}))


def test_unknown_entities_are_refused() -> None:
    with pytest.raises(UnknownEntityError):
        run_quality_suite("laptop", pd.DataFrame())


def test_report_rows_for_display() -> None:
    frame = pd.DataFrame({"name": ["A", "A"]})
    rows = run_quality_suite("ports_profile", frame).rows()
    assert rows == [
        {"expectation": "Every ports profile has a name.", "column": "name", "success": "yes", "unexpected": 0,
         "examples": ""},
        {"expectation": "No two ports profiles share a name.", "column": "name", "success": "NO", "unexpected": 2,
         "examples": "name=A"},
    ]
