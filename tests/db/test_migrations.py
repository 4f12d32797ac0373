"""The Alembic stream: pre-revamp -> revamp with data, downgrade, and no drift."""

from __future__ import annotations

import json

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect, text

from dealbrain.db import migrate
from dealbrain.db.models import Base

PRE_REVAMP = "0001_pre_revamp"
REVAMP = "0002_custom_fields_revamp"
ENTITY_TABLES = ("cpu", "gpu", "ports_profile", "valuation_rule", "listing")

PRE_REVAMP_ROWS = [
    "INSERT INTO cpu (id, name, manufacturer, cores, threads, cpu_mark_multi) "
    "VALUES (1, 'Intel Core i7-8700', 'Intel', 6, 12, 13875), (2, 'AMD Ryzen 5 5600G', 'AMD', 6, 12, 20650)",
    "INSERT INTO gpu (id, name, gpu_mark) VALUES (1, 'NVIDIA GeForce RTX 3060', 19000)",
    "INSERT INTO ports_profile (id, name, ports) VALUES (1, 'Baseline SFF', '[{\"type\": \"usb_a\", \"count\": 4}]')",
    "INSERT INTO valuation_rule (id, name, component_type, unit_value_usd) VALUES (1, 'RAM per GB', 'ram', 2.5)",
    "INSERT INTO listing (id, title, price_usd, cpu_id, gpu_id, ports_profile_id) "
    "VALUES (1, 'OptiPlex 7060', 320.0, 1, 1, 1)",
    "INSERT INTO import_session (id, source_filename, checksum_sha256, status, created_by) "
    "VALUES ('s1', 'cpus.xlsx', 'abc', 'committed', 'alice')",
    "INSERT INTO import_audit_event (session_id, entity, actor, action, payload_json) "
    "VALUES ('s1', 'cpu', 'alice', 'commit', '{}')",
]


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def _column_values(engine: Engine, table: str, column: str) -> list[object]:
    with engine.connect() as connection:
        return list(connection.execute(text(f"SELECT {column} FROM {table} ORDER BY 1")).scalars())


def _json_values(engine: Engine, table: str, column: str) -> list[object]:
    """JSON column values, decoded whether the driver returns text (SQLite) or objects (PostgreSQL)."""
    values = _column_values(engine, table, column)
    return [json.loads(value) if isinstance(value, str) else value for value in values]


def _fill_pre_revamp(engine: Engine) -> dict[str, int]:
    migrate.upgrade(engine, PRE_REVAMP)
    with engine.begin() as connection:
        for statement in PRE_REVAMP_ROWS:
            connection.execute(text(statement))
    return {table: _count(engine, table) for table in (*ENTITY_TABLES, "import_session", "import_audit_event")}


def test_upgrade_creates_every_table(bare_engine: Engine) -> None:
    migrate.upgrade(bare_engine)
    tables = set(inspect(bare_engine).get_table_names())
    assert {*ENTITY_TABLES, "custom_field_definition", "import_session", "import_audit_event"} <= tables
    assert migrate.current_revision(bare_engine) == migrate.head_revision()


def test_revamp_upgrade_keeps_rows_and_backfills_empty_objects(bare_engine: Engine) -> None:
    counts_before = _fill_pre_revamp(bare_engine)
    columns = {column["name"] for column in inspect(bare_engine).get_columns("cpu")}
    assert "attributes_json" not in columns

    migrate.upgrade(bare_engine, REVAMP)

    for table, count in counts_before.items():
        assert _count(bare_engine, table) == count, f"rows lost in {table}"
    for table in ENTITY_TABLES:
        assert set(map(json.dumps, _json_values(bare_engine, table, "attributes_json"))) == {"{}"}
    assert _json_values(bare_engine, "import_session", "declared_entities_json") == [{}]
    assert _column_values(bare_engine, "cpu", "name") == ["AMD Ryzen 5 5600G", "Intel Core i7-8700"]
    assert _json_values(bare_engine, "ports_profile", "ports") == [[{"type": "usb_a", "count": 4}]]
    attributes = next(c for c in inspect(bare_engine).get_columns("listing") if c["name"] == "attributes_json")
    assert attributes["nullable"] is False


def test_new_rows_after_revamp_default_to_empty_attributes(bare_engine: Engine) -> None:
    migrate.upgrade(bare_engine)
    with bare_engine.begin() as connection:
        connection.execute(text("INSERT INTO gpu (name) VALUES ('Radeon RX 6600')"))
    assert _json_values(bare_engine, "gpu", "attributes_json") == [{}]


def test_downgrade_to_pre_revamp_keeps_rows_and_drops_new_columns(bare_engine: Engine) -> None:
    counts_before = _fill_pre_revamp(bare_engine)
    migrate.upgrade(bare_engine)
    migrate.downgrade(bare_engine, PRE_REVAMP)

    inspector = inspect(bare_engine)
    assert "custom_field_definition" not in inspector.get_table_names()
    for table in ENTITY_TABLES:
        assert "attributes_json" not in {c["name"] for c in inspector.get_columns(table)}
    assert "declared_entities_json" not in {c["name"] for c in inspector.get_columns("import_session")}
    for table, count in counts_before.items():
        assert _count(bare_engine, table) == count


def test_downgrade_to_base_removes_everything(bare_engine: Engine) -> None:
    migrate.upgrade(bare_engine)
    migrate.downgrade(bare_engine, "base")
    assert set(inspect(bare_engine).get_table_names()) <= {"alembic_version"}


def test_models_and_migrations_do_not_drift(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_outdated_database_is_refused_with_the_upgrade_command(bare_engine: Engine) -> None:
    migrate.upgrade(bare_engine, PRE_REVAMP)
    with pytest.raises(migrate.SchemaOutdatedError, match="importer db upgrade"):
        migrate.ensure_up_to_date(bare_engine, auto_upgrade=False)
    migrate.ensure_up_to_date(bare_engine, auto_upgrade=True)
    assert migrate.current_revision(bare_engine) == migrate.head_revision()
