"""Which rows of a sheet frame an override selects, as a boolean Series."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from dealbrain.coercion import POLARS_DTYPES, SOURCE_ROW
from dealbrain.overrides.errors import FilterSyntaxError, OverrideError, RowSelectionError
from dealbrain.overrides.filter_compile import compile_filter
from dealbrain.overrides.model import Override
from dealbrain.overrides.rows import parse_row_selection
from dealbrain.specs.fields import FieldSpec


def with_field_columns(
    frame: pl.DataFrame, names: list[str], fields: Mapping[str, FieldSpec]
) -> pl.DataFrame:
    """``frame`` plus an all-null, correctly typed column for each of ``names`` it lacks.

    A sheet without a column for a field simply has no values for it.
    """
    missing = [name for name in names if name in fields and name not in frame.columns]
    return frame.with_columns(
        pl.lit(None, dtype=POLARS_DTYPES[fields[name].type]).alias(name) for name in missing
    )


def _selection_expr(position: int, override: Override, fields: Mapping[str, FieldSpec]) -> pl.Expr:
    try:
        if override.rows is not None:
            rows = sorted(parse_row_selection(override.rows))
            return pl.col(SOURCE_ROW).is_in(pl.lit(pl.Series(rows, dtype=pl.Int64)).implode())
        assert override.where is not None
        return compile_filter(override.where, fields)
    except (FilterSyntaxError, RowSelectionError) as error:
        raise OverrideError(
            position, override.sheet, f"its selection cannot be used.\n{error}"
        ) from error


def select_rows(
    frame: pl.DataFrame, position: int, override: Override, fields: Mapping[str, FieldSpec]
) -> pl.Series:
    """True on the rows ``override`` selects; `OverrideError` if the selection is bad or empty."""
    expression = _selection_expr(position, override, fields)
    work = with_field_columns(frame, expression.meta.root_names(), fields)
    selected = work.select(expression.fill_null(False).alias("selected")).to_series()
    if not selected.any():
        how = (
            f"rows {override.rows!r}"
            if override.rows is not None
            else f"the filter {override.where!r}"
        )
        raise OverrideError(
            position,
            override.sheet,
            f"selects no rows: {how} matches none of the {frame.height} rows left on the sheet. "
            "Check the row numbers or the filter; an earlier override may have discarded "
            "or changed those rows.",
        )
    return selected
