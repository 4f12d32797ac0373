"""Shared helpers for the coercion tests: build raw frames the way readers do."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl
import pytest

from dealbrain.coercion import SOURCE_ROW, CoercionResult, coerce_frame
from dealbrain.specs.fields import FieldSpec

FIRST_DATA_ROW = 2
"""Row 1 of a sheet is the header, so data starts at row 2."""

SOURCE_COLUMN = "Sheet Column"


def raw_frame(**columns: Sequence[str | None]) -> pl.DataFrame:
    """A raw frame of text columns with sheet row numbers, as a reader produces it."""
    height = len(next(iter(columns.values()))) if columns else 0
    data: dict[str, pl.Series] = {
        SOURCE_ROW: pl.Series(range(FIRST_DATA_ROW, FIRST_DATA_ROW + height), dtype=pl.Int64)
    }
    for name, cells in columns.items():
        data[name] = pl.Series(list(cells), dtype=pl.String)
    return pl.DataFrame(data)


@pytest.fixture
def coerce_cells() -> Callable[[FieldSpec, Sequence[str | None]], CoercionResult]:
    """Coerce one column of cells read from ``SOURCE_COLUMN`` into ``field``."""

    def run(field: FieldSpec, cells: Sequence[str | None]) -> CoercionResult:
        return coerce_frame(raw_frame(**{SOURCE_COLUMN: cells}), {SOURCE_COLUMN: field})

    return run


@pytest.fixture
def values() -> Callable[[FieldSpec, Sequence[str | None]], list]:
    """The coerced values of one column of cells, as Python objects."""

    def run(field: FieldSpec, cells: Sequence[str | None]) -> list:
        result = coerce_frame(raw_frame(**{SOURCE_COLUMN: cells}), {SOURCE_COLUMN: field})
        return result.frame.get_column(field.name).to_list()

    return run


@pytest.fixture
def build_raw() -> Callable[..., pl.DataFrame]:
    """``raw_frame`` as a fixture: ``build_raw(Cores=["4", "NA"])``."""
    return raw_frame
