"""The schema refuses what either database cannot store: out-of-range whole numbers and NUL characters."""

from __future__ import annotations

import polars as pl
import pytest

from dealbrain.db.column_limits import JSON_SAFE_INTEGER, column_limits
from dealbrain.specs import ENTITY_SPECS, FieldSpec, FieldType
from dealbrain.validation import build_entity_schema, validate_frame
from dealbrain.validation.storage_checks import (
    NO_NUL,
    STORAGE_MAX,
    STORAGE_MIN,
    storage_checks,
)
from tests.validation.conftest import coerced_frame, port

CPU = ENTITY_SPECS["cpu"]
PORTS = ENTITY_SPECS["ports_profile"]
LISTING = ENTITY_SPECS["listing"]
INT32_MAX = 2**31 - 1
NUL_REASON = (
    "must not contain the NUL character (code 0, written _x0000_ in xlsx files): "
    "the database cannot store it; remove it from the cell"
)


def _failures(entity, frame: pl.DataFrame, custom=()) -> list[tuple]:
    report = validate_frame(frame, build_entity_schema(entity, custom, present_columns=frame.columns))
    return report.failures.select("__source_row__", "column", "check", "failure_case", "reason").rows()


def _specs(entity, custom=()) -> dict[str, FieldSpec]:
    return {spec.name: spec for spec in (*entity.fields, *custom)}


def test_a_cpu_mark_past_32_bits_is_refused_with_the_limit_and_the_limit_itself_passes() -> None:
    frame = coerced_frame(_specs(CPU), name=["a", "b", "c"], cpu_mark_multi=[INT32_MAX, 3_000_000_000, None])
    assert _failures(CPU, frame) == [
        (3, "cpu_mark_multi", STORAGE_MAX, "3000000000",
         "must be at most 2,147,483,647, the largest whole number the database stores here"),
    ]


def test_a_field_with_its_own_bound_below_the_limit_gets_no_second_message() -> None:
    frame = coerced_frame(_specs(CPU), name=["a"], cores=[3_000_000_000])
    assert [row[2] for row in _failures(CPU, frame)] == ["at_most"]


def test_the_lower_bound_is_added_only_where_the_spec_has_no_minimum_of_its_own() -> None:
    unbounded = FieldSpec("offset", FieldType.INTEGER)
    low, high = storage_checks(unbounded, column_limits(unbounded))
    assert (low.name, high.name) == (STORAGE_MIN, STORAGE_MAX)
    assert low.error == "must be at least -2,147,483,648, the smallest whole number the database stores here"
    cpu_mark = {check.name for check in build_entity_schema(CPU).columns["cpu_mark_multi"].checks}
    assert cpu_mark == {"at_least", STORAGE_MAX}, "its minimum of 0 already keeps it above the column's"


@pytest.mark.parametrize("column", ["name", "manufacturer", "notes"])
def test_a_nul_in_text_is_refused(column: str) -> None:
    values = {"name": ["ok", "ok2"], column: ["fine", "bad\x00value"]} if column != "name" else {"name": ["fine", "bad\x00value"]}
    frame = coerced_frame(_specs(CPU), **values)
    assert _failures(CPU, frame) == [(3, column, NO_NUL, "bad\x00value", NUL_REASON)]


def test_a_nul_in_a_reference_name_is_refused_before_it_could_name_a_new_record() -> None:
    frame = coerced_frame(_specs(LISTING), title=["box"], price_usd=[1.0], cpu=["Intel\x00Core"])
    assert _failures(LISTING, frame) == [(2, "cpu", NO_NUL, "Intel\x00Core", NUL_REASON)]


def test_a_nul_inside_a_port_is_refused() -> None:
    frame = coerced_frame(
        _specs(PORTS), name=["a", "b", "c"],
        ports=[[port("usb_a", 2)], [port("usb\x00c", 1)], [port("hdmi", 1, "rev\x002.1")]],
    )
    assert [(row[0], row[1], row[2]) for row in _failures(PORTS, frame)] == [(3, "ports", NO_NUL), (4, "ports", NO_NUL)]


def test_custom_fields_refuse_nul_and_whole_numbers_json_readers_cannot_keep() -> None:
    custom = (
        FieldSpec("asset_tag", FieldType.STRING, custom=True),
        FieldSpec("serial", FieldType.INTEGER, custom=True),
        FieldSpec("labels", FieldType.MULTI_ENUM, custom=True),
    )
    frame = coerced_frame(
        _specs(CPU, custom), name=["a", "b"], asset_tag=["T-1", "T\x002"],
        serial=[JSON_SAFE_INTEGER, JSON_SAFE_INTEGER + 1], labels=[["x"], ["y\x00"]],
    )
    custom_nul = NUL_REASON.replace("the database", "a custom field")
    assert _failures(CPU, frame, custom) == [
        (3, "asset_tag", NO_NUL, "T\x002", custom_nul),
        (3, "serial", STORAGE_MAX, str(JSON_SAFE_INTEGER + 1),
         "must be at most 9,007,199,254,740,991, the largest whole number a custom field stores here"),
        (3, "labels", NO_NUL, '["y\\u0000"]', custom_nul),
    ]


def test_enum_options_already_say_everything_so_no_storage_rule_is_added() -> None:
    assert [check.name for check in build_entity_schema(LISTING).columns["condition"].checks] == ["one_of"]
