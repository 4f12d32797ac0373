"""Migration 0008: valuation rules gain the reference's places, keep their rows, and downgrade cleanly."""

from __future__ import annotations

import json

from sqlalchemy import Engine, inspect, text

from dealbrain.db import migrate

BEFORE = "0006_audit_guards"
REVISION = "0008_valuation_rule_reference"
NEW_COLUMNS = {
    "target_entity", "target_field", "bucket_label", "min_usd", "max_usd", "min_multiplier", "max_multiplier",
    "bucket_formula", "field_formula", "unit", "dependencies", "field_description",
}


def _columns(engine: Engine) -> dict[str, dict]:
    return {column["name"]: column for column in inspect(engine).get_columns("valuation_rule")}


def _rows(engine: Engine) -> list[tuple]:
    with engine.connect() as connection:
        return list(connection.execute(text("SELECT name, component_type, unit_value_usd FROM valuation_rule ORDER BY name")))


def test_upgrade_adds_the_bucket_columns_and_relaxes_the_unit_rule(bare_engine: Engine) -> None:
    migrate.upgrade(bare_engine, BEFORE)
    with bare_engine.begin() as connection:
        connection.execute(text("INSERT INTO valuation_rule (id, name, component_type, unit_value_usd) VALUES (1, 'RAM per GB', 'ram', 2.5)"))

    migrate.upgrade(bare_engine, REVISION)

    columns = _columns(bare_engine)
    assert NEW_COLUMNS <= set(columns)
    assert columns["component_type"]["nullable"] and columns["unit_value_usd"]["nullable"]
    assert _rows(bare_engine) == [("RAM per GB", "ram", 2.5)]
    with bare_engine.begin() as connection:
        connection.execute(
            text("INSERT INTO valuation_rule (id, name, bucket_label, min_usd, max_usd, dependencies) VALUES (2, 'CPU / x / low', 'low', 10, 20, :deps)"),
            {"deps": json.dumps(["CPU.cpu_mark_multi"])},
        )
        connection.execute(text("INSERT INTO valuation_rule (id, name, component_type) VALUES (3, 'Misc', 'cpu')"))


def test_downgrade_drops_the_new_columns_and_fills_what_the_old_schema_requires(bare_engine: Engine) -> None:
    migrate.upgrade(bare_engine, REVISION)
    with bare_engine.begin() as connection:
        connection.execute(text("INSERT INTO valuation_rule (id, name, component_type, unit_value_usd) VALUES (1, 'RAM per GB', 'ram', 2.5)"))
        connection.execute(text("INSERT INTO valuation_rule (id, name, min_usd, max_usd) VALUES (2, 'CPU / x / low', 10, 20)"))

    migrate.downgrade(bare_engine, BEFORE)

    columns = _columns(bare_engine)
    assert not NEW_COLUMNS & set(columns)
    assert not columns["component_type"]["nullable"] and not columns["unit_value_usd"]["nullable"]
    assert _rows(bare_engine) == [("CPU / x / low", "misc", 0.0), ("RAM per GB", "ram", 2.5)]
    migrate.upgrade(bare_engine, REVISION)
    assert NEW_COLUMNS <= set(_columns(bare_engine))
