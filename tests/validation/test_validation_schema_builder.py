"""build_entity_schema: dtypes, nullability and every value rule, valid and invalid."""

from __future__ import annotations

import dataclasses
import datetime as dt

import polars as pl
import pytest

from dealbrain.specs import ENTITY_SPECS, FieldSpec, FieldType
from dealbrain.validation import (
    SchemaDefinitionError,
    build_entity_schema,
    validate_frame,
)

CPU = ENTITY_SPECS["cpu"]
LISTING = ENTITY_SPECS["listing"]
PORTS_PROFILE = ENTITY_SPECS["ports_profile"]
VALUATION_RULE = ENTITY_SPECS["valuation_rule"]
# Required fields of a spec shaped like the pre-reference valuation rule (name, component type, unit value).
STRICT_RULE = dataclasses.replace(
    VALUATION_RULE,
    fields=tuple(
        dataclasses.replace(f, required=True) if f.name in ("component_type", "unit_value_usd") else f
        for f in VALUATION_RULE.fields
    ),
)


def _filler(spec: FieldSpec):
    """A valid value for a required field the test is not about."""
    return {
        FieldType.STRING: "filler",
        FieldType.NUMBER: 1.0,
        FieldType.ENUM: spec.options[0] if spec.options else "x",
        FieldType.BOOLEAN: True,
    }[spec.type]


@pytest.fixture
def run(make_frame, custom_fields):
    """Validate ``columns`` as a frame of ``entity`` (plus the custom fields when asked)."""

    def _run(entity, *, custom=False, **columns):
        extra = custom_fields if custom else ()
        specs = {spec.name: spec for spec in (*entity.fields, *extra)}
        height = len(next(iter(columns.values())))
        for spec in specs.values():
            if spec.required and spec.name not in columns:
                columns[spec.name] = [_filler(spec)] * height
        frame = make_frame(specs, **columns)
        return validate_frame(frame, build_entity_schema(entity, extra))

    return _run


def _checks(report) -> list[tuple[int | None, str, str]]:
    return [(row, column, check) for row, column, check in report.failures.select("__source_row__", "column", "check").rows()]


# --- schema structure -------------------------------------------------------------


def test_each_field_type_gets_its_polars_dtype(custom_fields):
    schema = build_entity_schema(LISTING, custom_fields)
    ports = build_entity_schema(PORTS_PROFILE)
    expected = {
        "title": pl.String,
        "notes": pl.String,
        "cpu": pl.String,
        "condition": pl.String,
        "ram_gb": pl.Int64,
        "price_usd": pl.Float64,
        "has_wifi": pl.Boolean,
        "features": pl.List(pl.String),
        "purchased_on": pl.Date,
        "warranty_code": pl.String,
    }
    for name, dtype in expected.items():
        assert schema.columns[name].dtype.type == dtype, name
    port = pl.Struct({"type": pl.String, "count": pl.Int64, "spec_notes": pl.String})
    assert ports.columns["ports"].dtype.type == pl.List(port)


def test_required_fields_are_required_and_not_nullable_optional_ones_are_neither():
    schema = build_entity_schema(CPU)
    assert schema.columns["name"].required and not schema.columns["name"].nullable
    assert not schema.columns["cores"].required and schema.columns["cores"].nullable


def test_natural_key_uniqueness_is_not_part_of_the_schema():
    schema = build_entity_schema(CPU)
    assert not schema.columns["name"].unique
    assert not schema.unique


def test_checks_carry_short_names_and_readable_errors():
    schema = build_entity_schema(LISTING)
    (condition,) = schema.columns["condition"].checks
    assert (condition.name, condition.error) == ("one_of", "must be one of new, refurb, used")
    price_checks = {check.name: check.error for check in schema.columns["price_usd"].checks}
    assert price_checks == {"finite": "must be a finite number", "at_least": "must be at least 0"}


def test_custom_fields_become_columns_with_their_rules(custom_fields):
    schema = build_entity_schema(CPU, custom_fields)
    assert set(CPU.field_names) | {spec.name for spec in custom_fields} == set(schema.columns)
    assert schema.columns["has_wifi"].required
    assert schema.columns["weight_kg"].metadata == {"type": "number", "custom": True}
    bounds = {check.name: check.error for check in schema.columns["purchased_on"].checks}
    assert bounds == {"at_least": "must be on or after 2015-01-01", "at_most": "must be on or before 2030-12-31"}


def test_present_columns_drops_unmapped_optional_fields_but_keeps_required_ones():
    schema = build_entity_schema(CPU, present_columns={"cores", "__source_row__"})
    assert set(schema.columns) == {"name", "cores"}


def test_custom_field_clashing_with_a_standard_field_is_refused():
    with pytest.raises(SchemaDefinitionError, match="'cores'"):
        build_entity_schema(CPU, [FieldSpec("cores", FieldType.STRING, custom=True)])


def test_a_pattern_polars_cannot_run_is_refused_when_building():
    field = FieldSpec("code", FieldType.STRING, custom=True, pattern=r"(?<=A)B")
    with pytest.raises(SchemaDefinitionError, match="'code'"):
        build_entity_schema(CPU, [field])


def test_building_the_schema_does_not_change_the_specs(custom_fields):
    before = (CPU, tuple(custom_fields))
    build_entity_schema(CPU, custom_fields)
    assert (CPU, tuple(custom_fields)) == before


# --- value rules, one field type at a time -----------------------------------------


@pytest.mark.parametrize(
    ("entity", "custom", "column", "valid", "invalid", "check", "reason"),
    [
        (CPU, False, "manufacturer", ["Intel", "x" * 64], ["x" * 65], "max_length", "must be at most 64 characters"),
        (CPU, True, "seller_notes", ["ok", "y" * 20], ["y" * 21], "max_length", "must be at most 20 characters"),
        (CPU, False, "cores", [1, 1024], [0, 1025, -3], None, None),
        (CPU, True, "bay_count", [0, 8], [-1, 9], None, None),
        (CPU, True, "weight_kg", [0.1, 50.5, 12.0], [0.05, 50.6], None, None),
        (LISTING, False, "condition", ["new", "refurb", "used"], ["mint", "New", ""], "one_of", "must be one of new, refurb, used"),
        (CPU, True, "form_factor", ["tower", "mini"], ["laptop"], "one_of", "must be one of tower, sff, mini"),
        (CPU, True, "warranty_code", ["AB-123", "ZZ-000"], ["AB-1234", "xAB-123", "ab-123", ""], "pattern", r"must match the pattern [A-Z]{2}-\d{3}"),
        (CPU, True, "features", [["wifi"], ["wifi", "bt", "tpm"], []], [["wifi", "5g"], ["lte"], ["bt", None]], "each_one_of", "every item must be one of wifi, bt, tpm"),
        (CPU, True, "purchased_on", [dt.date(2015, 1, 1), dt.date(2030, 12, 31)], [dt.date(2014, 12, 31), dt.date(2031, 1, 1)], None, None),
        (LISTING, False, "cpu", ["Intel Core i5-12400", "anything at all"], [], None, None),
        (CPU, True, "has_wifi", [True, False], [], None, None),
    ],
)
def test_value_rules(run, entity, custom, column, valid, invalid, check, reason):
    report = run(entity, custom=custom, **{column: [*valid, *invalid]})
    failing = report.failures.filter(pl.col("column") == column)
    first_invalid = 2 + len(valid)
    assert failing["__source_row__"].to_list() == list(range(first_invalid, first_invalid + len(invalid)))
    if check is not None:
        assert set(failing["check"]) <= {check}
        assert set(failing["reason"]) <= {reason}
    assert report.valid_rows.height == len(valid)


@pytest.mark.parametrize(
    ("value", "check", "reason"),
    [(0, "at_least", "must be at least 1"), (1025, "at_most", "must be at most 1024")],
)
def test_integer_bounds_read_as_sentences(run, value, check, reason):
    report = run(CPU, cores=[value])
    assert report.failures.select("check", "failure_case", "reason").row(0) == (check, str(value), reason)


@pytest.mark.parametrize(
    ("value", "check", "reason"),
    [
        (0.05, "at_least", "must be at least 0.1"),
        (50.6, "at_most", "must be at most 50.5"),
        (float("nan"), "finite", "must be a finite number"),
        (float("-inf"), "finite", "must be a finite number"),
    ],
)
def test_number_rules(run, value, check, reason):
    report = run(CPU, custom=True, weight_kg=[value])
    assert (check, reason) in report.failures.select("check", "reason").rows()
    if check == "finite" and value != value:  # NaN is reported once, not also as out of range
        assert report.failures.height == 1


@pytest.mark.parametrize(
    ("value", "check", "reason"),
    [
        (dt.date(2014, 12, 31), "at_least", "must be on or after 2015-01-01"),
        (dt.date(2031, 1, 1), "at_most", "must be on or before 2030-12-31"),
    ],
)
def test_date_bounds_given_as_iso_string_or_date(run, value, check, reason):
    report = run(CPU, custom=True, purchased_on=[value])
    assert report.failures.select("check", "failure_case", "reason").row(0) == (check, value.isoformat(), reason)


def test_date_bounds_accept_datetime_objects_too(make_frame):
    field = FieldSpec("seen_at", FieldType.DATE, custom=True, minimum=dt.datetime(2020, 5, 1, 12, 30))
    frame = make_frame({"name": CPU.field("name"), "seen_at": field}, name=["a", "b"], seen_at=[dt.date(2020, 5, 1), dt.date(2020, 4, 30)])
    report = validate_frame(frame, build_entity_schema(CPU, [field]))
    assert report.failures.select("__source_row__", "reason").rows() == [(3, "must be on or after 2020-05-01")]


def test_a_bad_iso_date_bound_is_a_definition_error():
    with pytest.raises(ValueError, match="not an ISO date"):
        build_entity_schema(CPU, [FieldSpec("seen", FieldType.DATE, custom=True, maximum="31/12/2030")])


def test_multi_enum_failure_case_shows_the_whole_list(run):
    report = run(CPU, custom=True, features=[["wifi", "5g"]])
    assert report.failures["failure_case"].to_list() == ['["wifi","5g"]']


def test_pattern_must_match_the_whole_value_not_a_prefix(run):
    report = run(CPU, custom=True, warranty_code=["AB-123", "AB-123x"])
    assert _checks(report) == [(3, "warranty_code", "pattern")]


# --- ports ---------------------------------------------------------------------------


def test_ports_need_a_type_and_a_positive_count(run, make_port):
    report = run(
        PORTS_PROFILE,
        ports=[
            [make_port("usb-c", 2, "40 Gbps"), make_port("hdmi", 1)],
            [],
            None,
            [make_port("usb-a", 0)],
            [make_port("   ", 1)],
            [make_port(None, 1)],
            [make_port("usb-a", None)],
            [make_port("", -1)],
        ],
    )
    assert _checks(report) == [
        (5, "ports", "port_count"),
        (6, "ports", "port_type"),
        (7, "ports", "port_type"),
        (8, "ports", "port_count"),
        (9, "ports", "port_type"),
        (9, "ports", "port_count"),
    ]
    reasons = dict(report.failures.select("check", "reason").unique().rows())
    assert reasons == {"port_count": "every port must have a count of at least 1", "port_type": "every port must have a type"}
    assert report.valid_rows["__source_row__"].to_list() == [2, 3, 4]


# --- nullability and presence ------------------------------------------------------


def test_required_field_with_empty_cells_fails_on_those_rows(run):
    report = run(STRICT_RULE, name=["cpu rule", None], component_type=["cpu", None], unit_value_usd=[None, 2.0])
    assert _checks(report) == [
        (2, "unit_value_usd", "not_null"),
        (3, "name", "not_null"),
        (3, "component_type", "not_null"),
    ]
    assert set(report.failures["reason"]) == {"is required but is empty"}


def test_optional_fields_accept_empty_cells(run):
    report = run(
        LISTING,
        condition=[None],
        cpu=[None],
        ram_gb=[None],
        notes=[None],
    )
    assert report.ok


def test_optional_custom_fields_accept_empty_cells_of_every_type(run, custom_fields):
    empty = {spec.name: [None] for spec in custom_fields if not spec.required}
    assert run(CPU, custom=True, **empty).ok


def test_optional_columns_may_be_absent(run):
    assert run(CPU, name=["Ryzen 5 5600"]).ok


def test_missing_required_column_is_reported_not_raised(make_frame):
    frame = make_frame({"cores": CPU.field("cores")}, cores=[4, 0])
    report = validate_frame(frame, build_entity_schema(CPU))
    rows = report.failures.select("__source_row__", "column", "check", "reason").rows()
    assert rows == [
        (None, "name", "column_present", "required column 'name' is missing"),
        (3, "cores", "at_least", "must be at least 1"),
    ]
