"""coerce_frame as a whole: naming, dtypes, the issue table, notes, real data, size."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from dealbrain.coercion import (
    ISSUE_SCHEMA,
    POLARS_DTYPES,
    SOURCE_ROW,
    coerce_frame,
    coerce_value,
)
from dealbrain.specs.entities import CPU, LISTING, PORTS_PROFILE
from dealbrain.specs.fields import FieldSpec, FieldType

PASSMARK = Path("/work/shared/data/passmark_cpus.json")

EVERY_TYPE: dict[str, tuple[FieldSpec, str, object]] = {
    "Name": (CPU.field("name"), " Ryzen 5 ", "Ryzen 5"),
    "Notes": (CPU.field("notes"), "ok", "ok"),
    "CPU": (LISTING.field("cpu"), "Intel Core i7-8700", "Intel Core i7-8700"),
    "Cores": (CPU.field("cores"), "6", 6),
    "Price": (LISTING.field("price_usd"), "$320.00", 320.0),
    "In stock": (FieldSpec("in_stock", FieldType.BOOLEAN), "yes", True),
    "Condition": (LISTING.field("condition"), "Used", "used"),
    "Tags": (FieldSpec("tags", FieldType.MULTI_ENUM, options=("gaming", "office")), "Gaming; office", ["gaming", "office"]),
    "Seen": (FieldSpec("seen_on", FieldType.DATE), "Aug 2025", date(2025, 8, 1)),
    "Ports": (PORTS_PROFILE.field("ports"), "hdmi x2", [{"type": "hdmi", "count": 2, "spec_notes": None}]),
}


def test_frame_has_one_typed_column_per_field_named_by_the_field(build_raw):
    raw = build_raw(**{source: [cell] for source, (_, cell, _) in EVERY_TYPE.items()}, Unmapped=["x"])
    result = coerce_frame(raw, {source: spec for source, (spec, _, _) in EVERY_TYPE.items()})
    expected_schema = {SOURCE_ROW: pl.Int64(), **{spec.name: POLARS_DTYPES[spec.type] for spec, _, _ in EVERY_TYPE.values()}}
    assert dict(result.frame.schema) == expected_schema
    assert result.frame.row(0, named=True) == {
        SOURCE_ROW: 2,
        **{spec.name: expected for spec, _, expected in EVERY_TYPE.values()},
    }
    assert result.issues.is_empty()


def test_issues_carry_source_row_column_field_raw_value_and_reason(build_raw):
    raw = build_raw(
        **{"# Cores": ["4", "four", "8", " 12.5 "], "Price": ["$10", "10", "ten dollars", None]}
    )
    result = coerce_frame(raw, {"# Cores": CPU.field("cores"), "Price": LISTING.field("price_usd")})
    assert dict(result.issues.schema) == ISSUE_SCHEMA
    assert result.issues.rows() == [
        (3, "# Cores", "cores", "four", "'four' is not a whole number"),
        (4, "Price", "price_usd", "ten dollars", "'ten dollars' is not a number"),
        (5, "# Cores", "cores", " 12.5 ", "'12.5' is not a whole number"),
    ]
    assert result.frame.get_column("cores").to_list() == [4, None, 8, None]
    assert result.frame.get_column("price_usd").to_list() == [10.0, 10.0, None, None]


def test_source_rows_are_carried_as_given(build_raw):
    raw = build_raw(Cores=["1", "x", "3"]).with_columns(pl.Series(SOURCE_ROW, [10, 20, 30]))
    result = coerce_frame(raw, {"Cores": CPU.field("cores")})
    assert result.frame.get_column(SOURCE_ROW).to_list() == [10, 20, 30]
    assert result.issues.get_column(SOURCE_ROW).to_list() == [20]


def test_columns_already_typed_by_a_reader_are_read_as_text():
    raw = pl.DataFrame({SOURCE_ROW: [2, 3], "cpuCount": [1, 2], "tdp": [65.0, 35.5]})
    result = coerce_frame(raw, {"cpuCount": CPU.field("cores"), "tdp": CPU.field("tdp_w")})
    assert result.frame.get_column("cores").to_list() == [1, 2]
    assert result.frame.get_column("tdp_w").to_list() == [65.0, 35.5]


def test_notes_name_fields_and_skip_conversions_that_did_not_happen(build_raw):
    raw = build_raw(Year=["NA", "2020", "-"], Socket=["AM4", "AM5", "LGA1700"])
    result = coerce_frame(raw, {"Year": CPU.field("release_year"), "Socket": CPU.field("socket")})
    assert result.notes == ["release_year: 2 values read as missing (NA, -)"]


def test_empty_frame_and_empty_mapping(build_raw):
    empty = build_raw(Cores=[])
    result = coerce_frame(empty, {"Cores": CPU.field("cores")})
    assert result.frame.schema == pl.Schema({SOURCE_ROW: pl.Int64, "cores": pl.Int64})
    assert result.issues.is_empty() and result.notes == []
    nothing_mapped = coerce_frame(build_raw(Cores=["1"]), {})
    assert nothing_mapped.frame.columns == [SOURCE_ROW]
    assert dict(nothing_mapped.issues.schema) == ISSUE_SCHEMA


@pytest.mark.parametrize(
    ("cells", "columns", "message"),
    [
        ({"Cores": ["1"]}, {"Threads": CPU.field("threads")}, "Mapped columns not in the raw frame: 'Threads'"),
        (
            {"A": ["1"], "B": ["2"]},
            {"A": CPU.field("cores"), "B": CPU.field("cores")},
            "Columns 'A' and 'B' both map to field 'cores'",
        ),
    ],
)
def test_mapping_mistakes_raise(build_raw, cells, columns, message):
    with pytest.raises(ValueError, match=message):
        coerce_frame(build_raw(**cells), columns)


def test_frame_without_source_rows_raises():
    with pytest.raises(ValueError, match="no '__source_row__' column"):
        coerce_frame(pl.DataFrame({"Cores": ["1"]}), {"Cores": CPU.field("cores")})


def _passmark_raw(build_raw) -> pl.DataFrame:
    records = json.loads(PASSMARK.read_text())["data"]
    keys = ("name", "cpumark", "thread", "tdp", "date", "price", "cores", "cpuCount", "cat")
    columns = {key: [None if record.get(key) is None else str(record[key]) for record in records] for key in keys}
    return build_raw(**columns)


PASSMARK_COLUMNS = {
    "name": CPU.field("name"),
    "cpumark": CPU.field("cpu_mark_multi"),
    "thread": CPU.field("cpu_mark_single"),
    "tdp": CPU.field("tdp_w"),
    "date": FieldSpec("first_seen", FieldType.DATE),
    "price": LISTING.field("price_usd"),
    "cores": CPU.field("cores"),
    "cpuCount": FieldSpec("cpu_count", FieldType.INTEGER),
}


@pytest.mark.skipif(not PASSMARK.exists(), reason="shared PassMark data not present")
def test_passmark_scrape_coerces_without_issues(build_raw):
    raw = _passmark_raw(build_raw)
    result = coerce_frame(raw, PASSMARK_COLUMNS)
    assert result.issues.is_empty()
    first = result.frame.row(0, named=True)
    assert first["name"] == "06/5f"
    assert first["cpu_mark_multi"] == 5830
    assert first["price_usd"] is None
    assert first["first_seen"] == date(2025, 8, 1)
    assert first["cores"] == 16
    missing_prices = raw.get_column("price").eq("NA").sum()
    assert result.frame.get_column("price_usd").null_count() == missing_prices
    notes = "\n".join(result.notes)
    assert f"price_usd: {missing_prices} values read as missing (NA)" in notes
    assert "cpu_mark_multi:" in notes and "thousands separators removed (5,830 -> 5830)" in notes
    assert "price_usd:" in notes and "footnote mark removed" in notes


@pytest.mark.parametrize(
    ("cell", "field", "expected"),
    [("5,830", CPU.field("cpu_mark_multi"), 5830), ("$60.23*", LISTING.field("price_usd"), 60.23),
     ("NA", CPU.field("tdp_w"), None), ("Aug 2025", FieldSpec("first_seen", FieldType.DATE), date(2025, 8, 1)),
     ("16", CPU.field("cores"), 16)],
)
def test_passmark_forms_one_by_one(cell, field, expected):
    assert coerce_value(cell, field) == (expected, None)


def test_a_200k_row_frame_coerces(build_raw):
    rows = 200_000
    pattern = {
        "Cores": ["4", "8", "16", "NA", "x"],
        "Mark": ["5,830", "12,000", "833", "1,813", "NA"],
        "Price": ["$60.23*", "NA", "$1,064.00", "99.5", "$5"],
        "Seen": ["Aug 2025", "Mar 2024", "2024-05-01", "NA", "Jan 2021"],
        "RAM": ["16GB", "8 GB", "1 TB", "32", "1 PB"],
    }
    raw = build_raw(**{name: (cells * (rows // len(cells))) for name, cells in pattern.items()})
    result = coerce_frame(
        raw,
        {
            "Cores": CPU.field("cores"),
            "Mark": CPU.field("cpu_mark_multi"),
            "Price": LISTING.field("price_usd"),
            "Seen": FieldSpec("first_seen", FieldType.DATE),
            "RAM": LISTING.field("ram_gb"),
        },
    )
    assert result.frame.height == rows
    assert result.issues.height == 2 * rows // 5
    assert result.frame.get_column("ram_gb").sum() == (16 + 8 + 1024 + 32) * rows // 5
    assert result.frame.get_column("cpu_mark_multi").null_count() == rows // 5
