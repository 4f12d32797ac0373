"""Storage limits come from the real column types, and each database really holds values up to them."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, Integer, String, insert, select
from sqlalchemy.exc import DatabaseError

from dealbrain.db.column_limits import JSON_SAFE_INTEGER, column_limits
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.specs import ENTITY_SPECS, FieldSpec, FieldType

INT32 = (-(2**31), 2**31 - 1)
STANDARD_FIELDS = [(entity, field) for entity, spec in ENTITY_SPECS.items() for field in spec.fields]


@pytest.mark.parametrize(("entity", "field"), STANDARD_FIELDS, ids=[f"{e}.{f.name}" for e, f in STANDARD_FIELDS])
def test_limits_match_the_column_each_table_was_built_with(entity: str, field: FieldSpec) -> None:
    column = ENTITY_MODELS[entity].__table__.columns[field.column_name]
    limits = column_limits(field)
    if field.type is FieldType.INTEGER:
        assert isinstance(column.type, Integer) and (limits.smallest, limits.largest) == INT32
    else:
        assert (limits.smallest, limits.largest) == (None, None)
    if field.type in {FieldType.STRING, FieldType.ENUM}:
        assert isinstance(column.type, String) and limits.max_length == column.type.length
    if field.type in {FieldType.STRING, FieldType.TEXT, FieldType.ENUM, FieldType.REFERENCE, FieldType.PORTS}:
        assert limits.no_nul


def test_custom_fields_live_in_json_with_safe_integers_and_no_nul() -> None:
    whole = column_limits(FieldSpec("ram_gb", FieldType.INTEGER, custom=True))
    assert (whole.smallest, whole.largest, whole.storage) == (-JSON_SAFE_INTEGER, JSON_SAFE_INTEGER, "a custom field")
    assert column_limits(FieldSpec("notes", FieldType.TEXT, custom=True)).no_nul
    assert column_limits(FieldSpec("tags", FieldType.MULTI_ENUM, custom=True)).no_nul
    assert not column_limits(FieldSpec("weight", FieldType.NUMBER, custom=True)).no_nul


def _cpu_mark(engine: Engine, value: int) -> None:
    cpu = ENTITY_MODELS["cpu"].__table__
    with engine.begin() as connection:
        connection.execute(insert(cpu).values(name=f"CPU {value}", cpu_mark_multi=value))


@pytest.mark.parametrize("value", INT32)
def test_the_integer_limits_are_stored_exactly_on_this_database(engine: Engine, value: int) -> None:
    _cpu_mark(engine, value)
    cpu = ENTITY_MODELS["cpu"].__table__
    with engine.connect() as connection:
        assert connection.execute(select(cpu.c.cpu_mark_multi)).scalar_one() == value


def test_postgresql_refuses_one_past_the_limit_which_is_why_validation_stops_there(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite's INTEGER is 64 bits: it would store it, which is the disagreement")
    with pytest.raises(DatabaseError, match="out of range"):
        _cpu_mark(engine, INT32[1] + 1)


def test_postgresql_refuses_a_nul_in_text_which_is_why_validation_refuses_it(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite stores a NUL inside text, which is the disagreement")
    cpu = ENTITY_MODELS["cpu"].__table__
    with pytest.raises(DatabaseError, match="NUL"), engine.begin() as connection:
        connection.execute(insert(cpu).values(name="Intel\x00Core"))
