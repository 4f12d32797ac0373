"""Run a schema over a coerced frame and turn pandera's failure cases into a report.

Validation failures are data for a person to fix, so `validate_frame` never
raises for bad values: it returns the rows that passed, one failure row per
offending value (with the spreadsheet row it came from and a reason), and
counts per column and check. Only misuse (a LazyFrame, a frame without
``__source_row__``) raises.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandera.polars as pa
import polars as pl
from pandera.config import ValidationDepth, config_context
from pandera.errors import SchemaErrors

from dealbrain.validation.field_types import SOURCE_ROW

FAILURE_SCHEMA = pl.Schema(
    {
        SOURCE_ROW: pl.Int64,
        "column": pl.String,
        "check": pl.String,
        "failure_case": pl.String,
        "reason": pl.String,
    }
)
COUNT_SCHEMA = pl.Schema({"column": pl.String, "check": pl.String, "count": pl.Int64})

COLUMN_PRESENT = "column_present"
DTYPE = "dtype"
NOT_NULL = "not_null"
CHECK_ERROR = "check_error"

_ROW = "__row_index__"


@dataclass
class ValidationReport:
    """The outcome of validating one frame."""

    valid_rows: pl.DataFrame
    """Input rows without any failure (none when a schema-level failure voids the frame)."""
    failures: pl.DataFrame
    """One row per failure: ``__source_row__`` (null for schema-level failures),
    ``column``, ``check``, ``failure_case`` (the offending value as text) and ``reason``."""
    failure_counts: pl.DataFrame
    """Failures per ``column`` and ``check``, most frequent first."""
    invalid_rows: pl.DataFrame = field(default_factory=pl.DataFrame)
    """Input rows with at least one failure: the rows a person has to fix."""

    @property
    def ok(self) -> bool:
        return self.failures.is_empty()

    @property
    def invalid_source_rows(self) -> set[int]:
        """Source rows that cannot load: all rows when a schema-level failure occurred."""
        if SOURCE_ROW in self.invalid_rows.columns:
            return set(self.invalid_rows[SOURCE_ROW].drop_nulls().to_list())
        return set(self.failures[SOURCE_ROW].drop_nulls().to_list())


def validate_frame(frame: pl.DataFrame, schema: pa.DataFrameSchema) -> ValidationReport:
    """Validate a collected, coerced frame lazily (every failure is collected)."""
    if isinstance(frame, pl.LazyFrame):
        raise TypeError("validate_frame needs a collected DataFrame: a LazyFrame only gets schema-level checks")
    if SOURCE_ROW not in frame.columns:
        raise ValueError(f"the frame has no {SOURCE_ROW!r} column; validate frames produced by coercion")

    try:
        # Data checks always run here, whatever PANDERA_* settings the process has.
        with config_context(validation_enabled=True, validation_depth=ValidationDepth.SCHEMA_AND_DATA):
            schema.validate(frame, lazy=True)
    except SchemaErrors as exc:
        failures = _failures(exc.failure_cases, frame, schema)
    else:
        failures = FAILURE_SCHEMA.to_frame().with_columns(pl.lit(None, pl.Int32).alias(_ROW))

    valid_rows, invalid_rows = _split_rows(frame, failures)
    return ValidationReport(
        valid_rows=valid_rows,
        failures=failures.drop(_ROW),
        failure_counts=_counts(failures),
        invalid_rows=invalid_rows,
    )


def _failures(cases: pl.DataFrame, frame: pl.DataFrame, schema: pa.DataFrameSchema) -> pl.DataFrame:
    """pandera's failure cases with source rows, our check names and reasons."""
    cases = cases.with_columns(pl.col("check_number").cast(pl.Int32), pl.col("index").cast(pl.Int32))
    cases = cases.join(_rule_lookup(schema), on=["column", "check_number"], how="left")
    column = pl.col("column")
    check = pl.col("check")
    value = pl.col("failure_case")
    is_missing = check == "column_in_dataframe"
    is_dtype = check.str.starts_with("dtype(")
    is_null = check == "not_nullable"
    is_rule = pl.col("rule").is_not_null() & pl.col("index").is_not_null()
    is_broken = pl.col("rule").is_not_null() & pl.col("index").is_null()
    missing_column = pl.when(is_missing).then(value).otherwise(column)
    expected_dtype = check.str.extract(r"^dtype\('(.*)'\)$")

    cases = cases.select(
        pl.col("index").alias(_ROW),
        missing_column.alias("column"),
        pl.when(is_missing).then(pl.lit(COLUMN_PRESENT))
        .when(is_dtype).then(pl.lit(DTYPE))
        .when(is_null).then(pl.lit(NOT_NULL))
        .when(is_rule).then(pl.col("rule"))
        .when(is_broken).then(pl.lit(CHECK_ERROR))
        .otherwise(check)
        .alias("check"),
        pl.when(is_missing).then(None).otherwise(value).alias("failure_case"),
        pl.when(is_missing).then(pl.format("required column '{}' is missing", missing_column))
        .when(is_dtype).then(pl.format("column '{}' has type {}, expected {}", column, value, expected_dtype))
        .when(is_null).then(pl.lit("is required but is empty"))
        .when(is_rule).then(pl.col("error"))
        .when(is_broken).then(pl.format("check '{}' could not run: {}", pl.col("rule"), value))
        .otherwise(check)
        .alias("reason"),
        pl.col("check_number"),
    )
    # A check on a column of the wrong dtype fails to run; the dtype failure says it all.
    wrong_dtype = cases.filter(pl.col("check") == DTYPE)["column"].unique().to_list()
    cases = cases.filter(~((pl.col("check") == CHECK_ERROR) & pl.col("column").is_in(wrong_dtype)))

    rows = frame.select(pl.col(SOURCE_ROW).cast(pl.Int64)).with_row_index(_ROW)
    rows = rows.with_columns(pl.col(_ROW).cast(pl.Int32))
    order = {name: position for position, name in enumerate(schema.columns)}
    return (
        cases.join(rows, on=_ROW, how="left")
        .with_columns(pl.col("column").replace_strict(order, default=len(order), return_dtype=pl.Int32).alias("_order"))
        .sort([SOURCE_ROW, "_order", "check_number"], nulls_last=[False, False, False])
        .select(*FAILURE_SCHEMA.names(), _ROW)
        .cast(dict(FAILURE_SCHEMA))
    )


def _rule_lookup(schema: pa.DataFrameSchema) -> pl.DataFrame:
    """(column, check number) -> the check's short name and its error phrase."""
    records = [
        {"column": name, "check_number": number, "rule": check.name, "error": check.error}
        for name, column in schema.columns.items()
        for number, check in enumerate(column.checks)
    ]
    lookup_schema = {"column": pl.String, "check_number": pl.Int32, "rule": pl.String, "error": pl.String}
    return pl.DataFrame(records, schema=lookup_schema)


def _split_rows(frame: pl.DataFrame, failures: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(valid, invalid) rows; a schema-level failure makes every row invalid."""
    if failures.is_empty():
        return frame, frame.clear()
    if failures[_ROW].null_count() > 0:
        return frame.clear(), frame
    bad = pl.repeat(False, frame.height, dtype=pl.Boolean, eager=True)
    bad = bad.scatter(failures[_ROW].unique(), True)
    return frame.filter(~bad), frame.filter(bad)


def _counts(failures: pl.DataFrame) -> pl.DataFrame:
    return (
        failures.group_by("column", "check")
        .agg(pl.len().cast(pl.Int64).alias("count"))
        .sort(["count", "column", "check"], descending=[True, False, False])
        .cast(dict(COUNT_SCHEMA))
        .select(COUNT_SCHEMA.names())
    )
