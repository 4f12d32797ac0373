"""Small typed sheet frames, as coercion leaves them, for the override tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import polars as pl
import pytest

from dealbrain.coercion import POLARS_DTYPES, SOURCE_ROW
from dealbrain.specs import ENTITY_SPECS, FieldSpec, FieldType

FIRST_DATA_ROW = 2
"""Row 1 of a sheet is the header."""

PURCHASED_ON = FieldSpec("purchased_on", FieldType.DATE, custom=True)
TAGS = FieldSpec("tags", FieldType.MULTI_ENUM, options=("gaming", "server", "office"), custom=True)
VERIFIED = FieldSpec("verified", FieldType.BOOLEAN, custom=True)
WARRANTY = FieldSpec("warranty_months", FieldType.INTEGER, required=True, minimum=0, custom=True)


def entity_fields(entity: str, *custom: FieldSpec) -> dict[str, FieldSpec]:
    """Field name -> spec for an entity's standard fields plus ``custom`` ones."""
    return {spec.name: spec for spec in (*ENTITY_SPECS[entity].fields, *custom)}


def typed_frame(
    sheet: str, fields: Mapping[str, FieldSpec], **columns: Sequence[Any]
) -> pl.DataFrame:
    """A coerced sheet frame: ``__sheet__``, ``__source_row__`` from row 2, typed field columns."""
    height = len(next(iter(columns.values())))
    data: dict[str, pl.Series] = {
        "__sheet__": pl.Series([sheet] * height, dtype=pl.String),
        SOURCE_ROW: pl.Series(range(FIRST_DATA_ROW, FIRST_DATA_ROW + height), dtype=pl.Int64),
    }
    for name, values in columns.items():
        data[name] = pl.Series(list(values), dtype=POLARS_DTYPES[fields[name].type])
    return pl.DataFrame(data)


def selected_rows(frame: pl.DataFrame, expression: pl.Expr) -> list[int]:
    """Source rows of ``frame`` where ``expression`` holds."""
    return frame.filter(expression).get_column(SOURCE_ROW).to_list()


@pytest.fixture
def cpu_fields() -> dict[str, FieldSpec]:
    return entity_fields("cpu", PURCHASED_ON, TAGS, VERIFIED)


@pytest.fixture
def cpu_frame(cpu_fields: dict[str, FieldSpec]) -> pl.DataFrame:
    """Six CPUs on sheet rows 2-7; row 6 has most fields empty."""
    return typed_frame(
        "CPUs",
        cpu_fields,
        name=[
            "Core i7-12700",
            "Ryzen 5 5600X",
            "Core i5-12400",
            "EPYC 7763",
            "Mystery chip",
            "Ryzen 9 7950X",
        ],
        manufacturer=["Intel", "AMD", "intel", "AMD", None, "AMD"],
        cores=[12, 6, 6, 64, None, 16],
        tdp_w=[65.0, 65.0, 65.0, 280.0, None, 170.0],
        release_year=[2022, 2020, 2022, 2021, None, 2022],
        purchased_on=[
            date(2024, 1, 15),
            date(2023, 6, 1),
            None,
            date(2022, 12, 31),
            date(2024, 1, 15),
            None,
        ],
        tags=[["gaming"], ["gaming", "office"], ["office"], ["server"], None, ["gaming"]],
        verified=[True, False, None, True, False, True],
    )


@pytest.fixture
def listing_fields() -> dict[str, FieldSpec]:
    return entity_fields("listing", WARRANTY)


@pytest.fixture
def listing_frame(listing_fields: dict[str, FieldSpec]) -> pl.DataFrame:
    """Five listings on sheet rows 2-6."""
    return typed_frame(
        "Listings",
        listing_fields,
        title=["Mini PC A", "Tower B", "Laptop C", "Mini PC D", "Tower E"],
        price_usd=[199.0, 450.0, 300.0, 99.5, None],
        condition=["used", "new", None, "refurb", "used"],
        cpu=["Core i7-12700", None, "Ryzen 5 5600X", None, "EPYC 7763"],
        gpu=[None, "RTX 3060", None, None, None],
        ram_gb=[16, 32, 8, None, 64],
        warranty_months=[12, 24, 6, 0, 12],
    )
