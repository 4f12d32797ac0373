"""apply_defaults: empty cells and missing columns get the field's default, with notes."""

from __future__ import annotations

import dataclasses
import datetime as dt

import polars as pl

from dealbrain.specs import ENTITY_SPECS, FieldSpec, FieldType
from dealbrain.validation import apply_defaults, build_entity_schema, validate_frame

LISTING = ENTITY_SPECS["listing"]
CONDITION = dataclasses.replace(LISTING.field("condition"), default="used")


def _specs(*fields: FieldSpec) -> dict[str, FieldSpec]:
    return {spec.name: spec for spec in fields}


def test_nulls_are_filled_and_counted(make_frame):
    frame = make_frame(_specs(CONDITION), condition=["new", None, "refurb", None])
    filled, notes = apply_defaults(frame, [CONDITION])
    assert filled["condition"].to_list() == ["new", "used", "refurb", "used"]
    assert notes == ["condition: default 'used' applied to 2 rows"]
    assert filled.columns == frame.columns


def test_missing_column_is_added_with_the_default_on_every_row(make_frame):
    frame = make_frame(_specs(LISTING.field("title")), title=["a", "b", "c"])
    filled, notes = apply_defaults(frame, [CONDITION])
    assert filled.schema["condition"] == pl.String
    assert filled["condition"].to_list() == ["used"] * 3
    assert notes == ["condition: default 'used' applied to 3 rows"]


def test_fields_without_default_or_without_gaps_leave_no_note(make_frame):
    frame = make_frame(_specs(CONDITION, LISTING.field("ram_gb")), condition=["new"], ram_gb=[None])
    filled, notes = apply_defaults(frame, LISTING.fields[:-1] + (CONDITION,))
    assert notes == []
    assert filled.equals(frame)


def test_singular_note_for_one_row(make_frame):
    frame = make_frame(_specs(CONDITION), condition=[None])
    assert apply_defaults(frame, [CONDITION])[1] == ["condition: default 'used' applied to 1 row"]


def test_defaults_of_every_type_keep_the_column_dtype(make_frame):
    fields = [
        FieldSpec("bays", FieldType.INTEGER, custom=True, default=2),
        FieldSpec("weight_kg", FieldType.NUMBER, custom=True, default=1),
        FieldSpec("has_wifi", FieldType.BOOLEAN, custom=True, default=False),
        FieldSpec("features", FieldType.MULTI_ENUM, custom=True, options=("wifi", "bt"), default=("wifi",)),
        FieldSpec("purchased_on", FieldType.DATE, custom=True, default="2024-01-31"),
        FieldSpec("since", FieldType.DATE, custom=True, default=dt.date(2020, 2, 29)),
        FieldSpec("ports", FieldType.PORTS, default=[{"type": "usb-a", "count": 2, "spec_notes": None}]),
    ]
    frame = make_frame(_specs(*fields), bays=[None, 4], weight_kg=[float("nan"), None])
    filled, notes = apply_defaults(frame, fields)
    assert filled.schema == pl.Schema(
        {
            "__source_row__": pl.Int64,
            "bays": pl.Int64,
            "weight_kg": pl.Float64,
            "has_wifi": pl.Boolean,
            "features": pl.List(pl.String),
            "purchased_on": pl.Date,
            "since": pl.Date,
            "ports": pl.List(pl.Struct({"type": pl.String, "count": pl.Int64, "spec_notes": pl.String})),
        }
    )
    assert filled.row(0, named=True) == {
        "__source_row__": 2,
        "bays": 2,
        "weight_kg": 1.0,
        "has_wifi": False,
        "features": ["wifi"],
        "purchased_on": dt.date(2024, 1, 31),
        "since": dt.date(2020, 2, 29),
        "ports": [{"type": "usb-a", "count": 2, "spec_notes": None}],
    }
    assert filled["bays"].to_list() == [2, 4]
    assert notes == [
        "bays: default 2 applied to 1 row",
        "weight_kg: default 1 applied to 2 rows",
        "has_wifi: default False applied to 2 rows",
        "features: default ['wifi'] applied to 2 rows",
        "purchased_on: default '2024-01-31' applied to 2 rows",
        "since: default '2020-02-29' applied to 2 rows",
        "ports: default [{'type': 'usb-a', 'count': 2, 'spec_notes': None}] applied to 2 rows",
    ]


def test_a_default_lets_a_required_field_pass(make_frame):
    required_condition = dataclasses.replace(CONDITION, required=True)
    rules = dataclasses.replace(LISTING, fields=tuple(required_condition if s.name == "condition" else s for s in LISTING.fields))
    frame = make_frame(_specs(*rules.fields), title=["Dell 7010", "HP 800"], price_usd=[199.0, 250.0], condition=[None, "new"])
    schema = build_entity_schema(rules)

    assert validate_frame(frame, schema).failures.select("__source_row__", "check").rows() == [(2, "not_null")]
    filled, _ = apply_defaults(frame, rules.fields)
    assert validate_frame(filled, schema).ok

    without_column, _ = apply_defaults(frame.drop("condition"), rules.fields)
    assert validate_frame(without_column, schema).ok


def test_a_default_outside_the_options_is_still_caught_by_validation(make_frame):
    odd = dataclasses.replace(CONDITION, default="mint")
    frame = make_frame(_specs(LISTING.field("title"), LISTING.field("price_usd")), title=["a"], price_usd=[1.0])
    filled, _ = apply_defaults(frame, [odd])
    report = validate_frame(filled, build_entity_schema(LISTING))
    assert report.failures.select("column", "check").rows() == [("condition", "one_of")]


def test_input_frame_is_not_modified(make_frame):
    frame = make_frame(_specs(CONDITION), condition=[None])
    apply_defaults(frame, [CONDITION])
    assert frame["condition"].to_list() == [None]
