"""validate_frame: failures mapped to source rows, counts, valid rows, schema-level failures."""

from __future__ import annotations

import polars as pl
import pytest
from pandera.config import ValidationDepth, config_context

from dealbrain.specs import ENTITY_SPECS
from dealbrain.validation import (
    FAILURE_SCHEMA,
    ValidationReport,
    build_entity_schema,
    validate_frame,
)

CPU = ENTITY_SPECS["cpu"]
LISTING = ENTITY_SPECS["listing"]
CPU_SPECS = {spec.name: spec for spec in CPU.fields}


@pytest.fixture
def cpu_frame(make_frame):
    return make_frame(
        CPU_SPECS,
        name=["i5-12400", "i7-12700", None, "Ryzen 5 5600", "x" * 300],
        cores=[6, 0, 8, 6, 2000],
        threads=[12, 20, 16, 12, 1],
        tdp_w=[65.0, 65.0, -5.0, 65.0, None],
    )


def test_a_clean_frame_passes_with_an_empty_typed_failure_frame(make_frame):
    frame = make_frame(CPU_SPECS, name=["i5-12400", "i3-12100"], cores=[6, 4])
    report = validate_frame(frame, build_entity_schema(CPU))
    assert report.ok
    assert report.failures.schema == FAILURE_SCHEMA
    assert report.failures.is_empty()
    assert report.failure_counts.schema == pl.Schema({"column": pl.String, "check": pl.String, "count": pl.Int64})
    assert report.failure_counts.is_empty()
    assert report.valid_rows.equals(frame)
    assert report.invalid_source_rows == set()
    assert report.invalid_rows.is_empty()


def test_failures_are_mapped_to_source_rows_in_sheet_order(cpu_frame):
    report = validate_frame(cpu_frame, build_entity_schema(CPU))
    assert report.failures.schema == FAILURE_SCHEMA
    assert report.failures.rows() == [
        (3, "cores", "at_least", "0", "must be at least 1"),
        (4, "name", "not_null", None, "is required but is empty"),
        (4, "tdp_w", "at_least", "-5.0", "must be at least 0"),
        (6, "name", "max_length", "x" * 300, "must be at most 255 characters"),
        (6, "cores", "at_most", "2000", "must be at most 1024"),
    ]
    assert report.invalid_source_rows == {3, 4, 6}
    assert not report.ok


def test_source_rows_need_not_be_contiguous(make_frame):
    frame = make_frame(CPU_SPECS, name=["a", "b", "c"], cores=[1, 0, 0])
    frame = frame.with_columns(pl.Series("__source_row__", [10, 42, 7], dtype=pl.Int64))
    report = validate_frame(frame, build_entity_schema(CPU))
    assert report.failures["__source_row__"].to_list() == [7, 42]


def test_valid_and_invalid_rows_partition_the_frame(cpu_frame):
    report = validate_frame(cpu_frame, build_entity_schema(CPU))
    assert report.valid_rows["__source_row__"].to_list() == [2, 5]
    assert report.invalid_rows["__source_row__"].to_list() == [3, 4, 6]
    assert report.valid_rows.columns == cpu_frame.columns


def test_failure_counts_per_column_and_check(make_frame):
    frame = make_frame(CPU_SPECS, name=["a", None, None, "d"], cores=[0, 0, 0, 5000])
    report = validate_frame(frame, build_entity_schema(CPU))
    assert report.failure_counts.rows() == [
        ("cores", "at_least", 3),
        ("name", "not_null", 2),
        ("cores", "at_most", 1),
    ]


def test_missing_required_column_voids_every_row_but_other_columns_are_still_checked(make_frame):
    frame = make_frame(CPU_SPECS, cores=[4, 0, 8])
    report = validate_frame(frame, build_entity_schema(CPU))
    assert report.failures.rows() == [
        (None, "name", "column_present", None, "required column 'name' is missing"),
        (3, "cores", "at_least", "0", "must be at least 1"),
    ]
    assert report.valid_rows.is_empty()
    assert report.valid_rows.columns == frame.columns
    assert report.invalid_source_rows == {2, 3, 4}


def test_several_missing_required_columns_are_each_reported(make_frame):
    frame = make_frame({"cpu": LISTING.field("cpu")}, cpu=["i5-12400"])
    report = validate_frame(frame, build_entity_schema(LISTING))
    assert report.failures.select("column", "reason").rows() == [
        ("title", "required column 'title' is missing"),
        ("price_usd", "required column 'price_usd' is missing"),
    ]


def test_wrong_dtype_is_one_schema_level_failure_not_a_crash(make_frame):
    frame = make_frame(CPU_SPECS, name=["a", "b"]).with_columns(cores=pl.Series(["6", "zero"]))
    report = validate_frame(frame, build_entity_schema(CPU))
    assert report.failures.rows() == [
        (None, "cores", "dtype", "String", "column 'cores' has type String, expected Int64"),
    ]
    assert report.valid_rows.is_empty()


def test_unmapped_extra_columns_are_ignored(make_frame):
    frame = make_frame(CPU_SPECS, name=["a"]).with_columns(pl.lit("whatever").alias("Unmapped header"))
    assert validate_frame(frame, build_entity_schema(CPU)).ok


def test_every_failing_value_is_reported_lazily(make_frame):
    frame = make_frame(CPU_SPECS, name=[f"cpu {i}" for i in range(50)], cores=[0] * 50, threads=[0] * 50)
    report = validate_frame(frame, build_entity_schema(CPU))
    assert report.failures.height == 100
    assert report.invalid_source_rows == set(range(2, 52))


def test_data_checks_run_even_when_pandera_validation_is_switched_off(make_frame):
    frame = make_frame(CPU_SPECS, name=["a"], cores=[0])
    with config_context(validation_enabled=False, validation_depth=ValidationDepth.SCHEMA_ONLY):
        report = validate_frame(frame, build_entity_schema(CPU))
    assert report.failures.select("check").rows() == [("at_least",)]


def test_empty_frame_is_valid(make_frame):
    frame = make_frame(CPU_SPECS, name=[])
    report = validate_frame(frame, build_entity_schema(CPU))
    assert report.ok and report.valid_rows.is_empty()


def test_a_lazy_frame_is_refused(make_frame):
    frame = make_frame(CPU_SPECS, name=["a"])
    with pytest.raises(TypeError, match="collected DataFrame"):
        validate_frame(frame.lazy(), build_entity_schema(CPU))


def test_a_frame_without_source_rows_is_refused():
    with pytest.raises(ValueError, match="__source_row__"):
        validate_frame(pl.DataFrame({"name": ["a"]}), build_entity_schema(CPU))


def test_report_built_by_hand_derives_invalid_rows_from_failures():
    failures = pl.DataFrame(
        {"__source_row__": [5, None], "column": ["a", "b"], "check": ["x", "y"], "failure_case": [None, None], "reason": ["r", "s"]},
        schema=FAILURE_SCHEMA,
    )
    report = ValidationReport(valid_rows=pl.DataFrame(), failures=failures, failure_counts=pl.DataFrame())
    assert report.invalid_source_rows == {5}
    assert not report.ok
