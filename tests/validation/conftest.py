"""Shared builders for the validation tests, as fixtures: coerced frames and custom fields."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from dealbrain.specs import FieldSpec, FieldType
from dealbrain.validation import SOURCE_ROW, polars_dtype

FIRST_SHEET_ROW = 2
"""Row 1 of a sheet is the header, so data starts at row 2."""


def coerced_frame(specs: dict[str, FieldSpec], **columns: list) -> pl.DataFrame:
    """A frame as the coercion step hands it over: source rows plus typed columns."""
    height = len(next(iter(columns.values()))) if columns else 0
    data: dict[str, pl.Series] = {
        SOURCE_ROW: pl.Series(SOURCE_ROW, range(FIRST_SHEET_ROW, FIRST_SHEET_ROW + height), dtype=pl.Int64)
    }
    for name, values in columns.items():
        data[name] = pl.Series(name, values, dtype=polars_dtype(specs[name].type))
    return pl.DataFrame(data)


def port(kind: str | None, count: int | None, notes: str | None = None) -> dict:
    return {"type": kind, "count": count, "spec_notes": notes}


CUSTOM_FIELDS = (
    FieldSpec("warranty_code", FieldType.STRING, custom=True, max_length=8, pattern=r"[A-Z]{2}-\d{3}"),
    FieldSpec("seller_notes", FieldType.TEXT, custom=True, max_length=20, description="Free text from the seller."),
    FieldSpec("bay_count", FieldType.INTEGER, custom=True, minimum=0, maximum=8, aliases=("bays",)),
    FieldSpec("weight_kg", FieldType.NUMBER, custom=True, minimum=0.1, maximum=50.5),
    FieldSpec("has_wifi", FieldType.BOOLEAN, custom=True, required=True),
    FieldSpec("form_factor", FieldType.ENUM, custom=True, options=("tower", "sff", "mini")),
    FieldSpec("features", FieldType.MULTI_ENUM, custom=True, options=("wifi", "bt", "tpm")),
    FieldSpec("purchased_on", FieldType.DATE, custom=True, minimum="2015-01-01", maximum=dt.date(2030, 12, 31)),
)


@pytest.fixture
def custom_fields() -> tuple[FieldSpec, ...]:
    """One custom field of every type an operator may create."""
    return CUSTOM_FIELDS


@pytest.fixture
def make_frame():
    """`coerced_frame(specs, **columns)`: source rows from 2, columns typed by their spec."""
    return coerced_frame


@pytest.fixture
def make_port():
    return port
