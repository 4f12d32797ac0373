"""Coercing a whole frame of raw text into typed columns.

Every mapped column is turned into expressions (scratch stages, value,
failure reason, conversion flags) by the coercer for its field type. The
frame then runs a few ``with_columns`` steps, each evaluating the same step
of every column together, so polars spreads the columns over the available
cores. Failures go to ``issues``; conversions that change what a person
typed are counted in ``notes``. Nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl

from dealbrain.coercion.missing import blank_or_missing_to_null, is_missing_token
from dealbrain.coercion.notes import CountedConversion, describe_conversions
from dealbrain.coercion.plan import ColumnCoercion, Conversion, Example, Scratch
from dealbrain.coercion.registry import COERCERS, POLARS_DTYPES
from dealbrain.frames import SOURCE_ROW
from dealbrain.specs.fields import FieldSpec


ISSUE_SCHEMA: dict[str, pl.DataType] = {
    SOURCE_ROW: pl.Int64(),
    "column": pl.String(),
    "field": pl.String(),
    "raw_value": pl.String(),
    "reason": pl.String(),
}


@dataclass
class CoercionResult:
    """Typed values, the cells that could not be read, and counted conversions."""

    frame: pl.DataFrame
    """``__source_row__`` plus one column per field, named by ``FieldSpec.name``."""
    issues: pl.DataFrame
    """One row per failed cell, with the columns of ``ISSUE_SCHEMA``."""
    notes: list[str]
    """Sentences counting conversions.

    For example "ram_gb: 10 values converted from units (16GB -> 16)".
    """


@dataclass(frozen=True)
class _ColumnPlan:
    """One mapped column: where it comes from, what it becomes, and its work columns."""

    index: int
    source: str
    field: FieldSpec
    coercion: ColumnCoercion

    @property
    def raw_column(self) -> str:
        return f"__raw_{self.index}"

    @staticmethod
    def text_column_for(index: int) -> str:
        return f"__text_{index}"

    @property
    def text_column(self) -> str:
        """Stripped cell, null when blank or a missing token: what coercers read."""
        return self.text_column_for(self.index)

    @property
    def missing_column(self) -> str:
        return f"__missing_{self.index}"

    @property
    def value_column(self) -> str:
        return f"__value_{self.index}"

    @property
    def reason_column(self) -> str:
        return f"__reason_{self.index}"

    @property
    def conversions(self) -> tuple[Conversion, ...]:
        missing = Conversion(
            pl.col(self.missing_column), "read as missing", Example.DISTINCT_RAW
        )
        return (missing, *self.coercion.conversions)

    def flag_column(self, position: int) -> str:
        return f"__converted_{self.index}_{position}"

    def work_expressions(self) -> list[pl.Expr]:
        dtype = POLARS_DTYPES[self.field.type]
        return [
            self.coercion.value.cast(dtype).alias(self.value_column),
            self.coercion.reason.cast(pl.String).alias(self.reason_column),
            *(
                conversion.happened.fill_null(False).alias(self.flag_column(position))
                for position, conversion in enumerate(self.conversions)
            ),
        ]

    def counted_conversions(self) -> list[CountedConversion]:
        return [
            CountedConversion(
                field_name=self.field.name,
                description=conversion.description,
                example=conversion.example,
                flag_column=self.flag_column(position),
                raw_column=self.raw_column,
                value_column=self.value_column,
            )
            for position, conversion in enumerate(self.conversions)
        ]


def coerce_frame(raw: pl.DataFrame, columns: Mapping[str, FieldSpec]) -> CoercionResult:
    """Coerce the mapped raw text columns of ``raw`` into typed values.

    ``columns`` maps a source column name to the field it fills. Raises
    ``ValueError`` for programming errors (missing columns, two columns
    filling one field); problems in the data itself never raise.
    """
    _check_inputs(raw, columns)
    plans = [_plan(index, source, field) for index, (source, field) in enumerate(columns.items())]
    work = raw.select(
        pl.col(SOURCE_ROW).cast(pl.Int64),
        *(_as_text(raw, plan.source).alias(plan.raw_column) for plan in plans),
    )
    for stage in _cleaning_stages(plans):
        work = work.with_columns(**stage)
    for stage in _stages_in_step(plans):
        work = work.with_columns(**stage)
    work = work.with_columns(expr for plan in plans for expr in plan.work_expressions())
    frame = work.select(
        SOURCE_ROW, *(pl.col(plan.value_column).alias(plan.field.name) for plan in plans)
    )
    conversions = [counted for plan in plans for counted in plan.counted_conversions()]
    return CoercionResult(
        frame=frame,
        issues=_issues(work, plans),
        notes=describe_conversions(work, conversions),
    )


def _plan(index: int, source: str, field: FieldSpec) -> _ColumnPlan:
    """Ask the field type's coercer for the expressions of one mapped column."""
    text = pl.col(_ColumnPlan.text_column_for(index))
    coercion = COERCERS[field.type](text, field, Scratch(f"__scratch_{index}_"))
    return _ColumnPlan(index, source, field, coercion)


def _cleaning_stages(plans: list[_ColumnPlan]) -> list[dict[str, pl.Expr]]:
    """Strip every cell, flag missing tokens, then null blanks and missing tokens."""
    return [
        {plan.text_column: pl.col(plan.raw_column).str.strip_chars() for plan in plans},
        {plan.missing_column: is_missing_token(pl.col(plan.text_column)) for plan in plans},
        {
            plan.text_column: blank_or_missing_to_null(
                pl.col(plan.text_column), pl.col(plan.missing_column)
            )
            for plan in plans
        },
    ]


def _stages_in_step(plans: list[_ColumnPlan]) -> list[dict[str, pl.Expr]]:
    """Stage k of every column merged, so independent columns run together."""
    depth = max((len(plan.coercion.stages) for plan in plans), default=0)
    return [
        {
            name: expr
            for plan in plans
            if step < len(plan.coercion.stages)
            for name, expr in plan.coercion.stages[step].items()
        }
        for step in range(depth)
    ]


def _as_text(raw: pl.DataFrame, source: str) -> pl.Expr:
    """The source column as text; columns already typed by a reader are cast."""
    column = pl.col(source)
    return column if raw.schema[source] == pl.String else column.cast(pl.String)


def _issues(work: pl.DataFrame, plans: list[_ColumnPlan]) -> pl.DataFrame:
    per_column = [
        work.filter(pl.col(plan.reason_column).is_not_null()).select(
            pl.col(SOURCE_ROW),
            pl.lit(plan.source, dtype=pl.String).alias("column"),
            pl.lit(plan.field.name, dtype=pl.String).alias("field"),
            pl.col(plan.raw_column).alias("raw_value"),
            pl.col(plan.reason_column).alias("reason"),
        )
        for plan in plans
    ]
    if not per_column:
        return pl.DataFrame(schema=ISSUE_SCHEMA)
    return pl.concat(per_column).sort(SOURCE_ROW, maintain_order=True)


def _check_inputs(raw: pl.DataFrame, columns: Mapping[str, FieldSpec]) -> None:
    if SOURCE_ROW not in raw.columns:
        raise ValueError(
            f"The raw frame has no {SOURCE_ROW!r} column; add the source row numbers first."
        )
    absent = [source for source in columns if source not in raw.columns]
    if absent:
        raise ValueError(f"Mapped columns not in the raw frame: {', '.join(map(repr, absent))}.")
    seen: dict[str, str] = {}
    for source, field in columns.items():
        if field.name == SOURCE_ROW:
            raise ValueError(f"A field cannot be named {SOURCE_ROW!r}.")
        if field.name in seen:
            raise ValueError(
                f"Columns {seen[field.name]!r} and {source!r} both map to field {field.name!r}."
            )
        seen[field.name] = source
