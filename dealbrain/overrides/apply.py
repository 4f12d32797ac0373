"""Applying a list of overrides to one sheet's typed frame, in order.

Each override sees the result of the ones before it. Work is vectorised:
a boolean selection, then ``when(selected).then(value).otherwise(column)``
or a filter for discards. Anything that would make an override a silent
no-op (no rows selected, unknown field, invalid value) raises
`OverrideError`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from dealbrain.coercion import POLARS_DTYPES, SOURCE_ROW
from dealbrain.overrides.model import (
    CHANGES_SCHEMA,
    SHEET_COLUMN,
    Override,
    OverrideAction,
    OverrideEffect,
    OverrideOutcome,
)
from dealbrain.overrides.plan import Plan, plan_override
from dealbrain.overrides.selection import select_rows, with_field_columns
from dealbrain.specs.fields import FieldSpec

_SELECTED = "__override_selected__"


def same_sheet(left: str, right: str) -> bool:
    """Sheet names match ignoring case and outer spaces, as Excel itself compares them."""
    return left.strip().casefold() == right.strip().casefold()


def _frame_sheet(frame: pl.DataFrame, sheet: str | None) -> str | None:
    if sheet is not None:
        return sheet
    if SHEET_COLUMN not in frame.columns or frame.height == 0:
        return None
    names = frame.get_column(SHEET_COLUMN).drop_nulls().unique().to_list()
    if len(names) != 1:
        raise ValueError(f"apply_overrides takes one sheet's frame; {SHEET_COLUMN} holds {names}.")
    return str(names[0])


def as_text(column: pl.Expr, dtype: pl.DataType) -> pl.Expr:
    """A column of any field type shown as text for the before/after table."""
    if dtype == pl.String:
        return column
    if isinstance(dtype, pl.List):
        inner = dtype.inner
        items = (
            pl.element().struct.json_encode()
            if isinstance(inner, pl.Struct)
            else pl.element().cast(pl.String)
        )
        return column.list.eval(items).list.join(", ")
    return column.cast(pl.String)


def _discard(
    frame: pl.DataFrame, index: int, override: Override, selected: pl.Series
) -> tuple[pl.DataFrame, OverrideEffect]:
    rows = sorted(frame.filter(selected).get_column(SOURCE_ROW).to_list())
    effect = OverrideEffect(
        index=index,
        override=override,
        rows_affected=len(rows),
        source_rows=rows,
        changes=pl.DataFrame(schema=CHANGES_SCHEMA),
        discarded=rows,
    )
    return frame.filter(~selected), effect


def _set(
    frame: pl.DataFrame, index: int, override: Override, plan: Plan, selected: pl.Series
) -> tuple[pl.DataFrame, OverrideEffect]:
    assert plan.field is not None
    name = plan.field.name
    frame = with_field_columns(frame, [name], {name: plan.field})
    dtype = frame.schema[name]
    new_value = pl.lit(
        plan.value, dtype=dtype if dtype != pl.Null else POLARS_DTYPES[plan.field.type]
    )
    marked = frame.with_columns(selected.alias(_SELECTED))
    updated = marked.with_columns(
        pl.when(pl.col(_SELECTED)).then(new_value).otherwise(pl.col(name)).alias(name)
    )
    before = marked.filter(pl.col(_SELECTED)).select(
        SOURCE_ROW, as_text(pl.col(name), dtype).alias("before")
    )
    after = updated.filter(pl.col(_SELECTED)).select(as_text(pl.col(name), dtype).alias("after"))
    changes = (
        pl.concat([before, after], how="horizontal")
        .select(pl.col(SOURCE_ROW), pl.lit(name, dtype=pl.String).alias("field"), "before", "after")
        .sort(SOURCE_ROW)
        .cast(CHANGES_SCHEMA)
    )
    rows = changes.get_column(SOURCE_ROW).to_list()
    effect = OverrideEffect(
        index=index,
        override=override,
        rows_affected=len(rows),
        source_rows=rows,
        changes=changes,
        discarded=[],
    )
    return updated.drop(_SELECTED), effect


def apply_overrides(
    frame: pl.DataFrame,
    overrides: Sequence[Override],
    fields: Mapping[str, FieldSpec],
    *,
    sheet: str | None = None,
) -> OverrideOutcome:
    """Apply, in order, the overrides meant for this frame's sheet.

    ``frame`` is one sheet's typed frame (``__sheet__``, ``__source_row__``
    and one column per field); ``fields`` maps the entity's field names,
    custom fields included, to their specs. Overrides for other sheets are
    skipped, so the caller may pass the whole list: positions in errors and
    ``OverrideEffect.index`` are 1-based positions in that list. The sheet
    is ``sheet`` when given, else the value of ``__sheet__``; pass ``sheet``
    for a frame that may be empty. Raises `OverrideError` for an override
    that selects nothing, names an unknown field, or sets an invalid value.
    """
    frame_sheet = _frame_sheet(frame, sheet)
    if frame_sheet is None and overrides:
        raise ValueError(
            "apply_overrides cannot tell the sheet of a frame that is empty or has no "
            f"{SHEET_COLUMN} column; pass sheet=."
        )
    effects: list[OverrideEffect] = []
    for index, override in enumerate(overrides, start=1):
        if frame_sheet is None or not same_sheet(override.sheet, frame_sheet):
            continue
        plan = plan_override(index, override, fields)
        selected = select_rows(frame, index, override, fields)
        if plan.action is OverrideAction.DISCARD:
            frame, effect = _discard(frame, index, override, selected)
        else:
            frame, effect = _set(frame, index, override, plan, selected)
        effects.append(effect)
    return OverrideOutcome(frame=frame, effects=effects)
