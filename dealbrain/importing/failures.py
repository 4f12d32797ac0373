"""Row failures in one shape, whatever found them: sheet, source row, column, field, raw value, reason."""

from __future__ import annotations

import polars as pl

from dealbrain.importing.stages.typing import TypedSheet
from dealbrain.store.frames import SHEET, SOURCE_ROW

FAILURE_COLUMNS: dict[str, pl.DataType] = {
    SHEET: pl.String(),
    SOURCE_ROW: pl.Int64(),
    "column": pl.String(),
    "field": pl.String(),
    "raw_value": pl.String(),
    "reason": pl.String(),
}


def coercion_failures(sheet: TypedSheet) -> pl.DataFrame:
    """Cells whose text could not be read as the field's type."""
    return sheet.issues.with_columns(pl.lit(sheet.name).alias(SHEET)).select(
        pl.col(name).cast(dtype) for name, dtype in FAILURE_COLUMNS.items()
    )


def _raw_values(sheet: TypedSheet, columns: list[str]) -> pl.DataFrame:
    raw = sheet.source.frame
    present = [column for column in columns if column in raw.columns]
    if not present:
        return pl.DataFrame(schema={SOURCE_ROW: pl.Int64, "column": pl.String, "raw_value": pl.String})
    return raw.select(SOURCE_ROW, *present).unpivot(
        index=SOURCE_ROW, on=present, variable_name="column", value_name="raw_value"
    )


def schema_failures(sheet: TypedSheet, failures: pl.DataFrame) -> pl.DataFrame:
    """Pandera's failures with the sheet's own column names and raw text; cells already reported are dropped."""
    if failures.is_empty():
        return pl.DataFrame(schema=FAILURE_COLUMNS)
    missing = set(sheet.mapping.missing_required)
    failures = failures.filter(~(pl.col(SOURCE_ROW).is_null() & pl.col("column").is_in(list(missing))))
    source_columns = {field.name: sheet.source_column(field.name) for field in sheet.fields}
    located = failures.select(
        pl.col(SOURCE_ROW).cast(pl.Int64),
        pl.col("column").alias("field"),
        pl.col("column").replace_strict(source_columns, default=pl.col("column"), return_dtype=pl.String).alias("column"),
        pl.col("reason"),
        pl.col("failure_case").cast(pl.String).alias("failure_case"),
    )
    located = located.join(
        _raw_values(sheet, [c for c in source_columns.values() if c]), on=[SOURCE_ROW, "column"], how="left"
    )
    already = sheet.issues.select(SOURCE_ROW, "field")
    located = located.join(already, on=[SOURCE_ROW, "field"], how="anti")
    return located.select(
        pl.lit(sheet.name).alias(SHEET),
        SOURCE_ROW,
        "column",
        "field",
        pl.coalesce("raw_value", "failure_case").alias("raw_value"),
        "reason",
    ).select(pl.col(name).cast(dtype) for name, dtype in FAILURE_COLUMNS.items())
