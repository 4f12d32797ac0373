"""Fixtures for the custom-field tests: a fresh migrated database per test, actors, records.

Database tests run on SQLite and, when IMPORTER_TEST_POSTGRES_URL (or a
PostgreSQL IMPORTER_TEST_DATABASE_URL) is set, on PostgreSQL as well, each
test in its own schema.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, select, text
from sqlalchemy.engine import make_url

from dealbrain.auth import Actor
from dealbrain.customfields import CustomFieldService
from dealbrain.db import migrate
from dealbrain.db.engine import make_engine, transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.db.models import ImportAuditEvent
from dealbrain.specs import get_entity_spec
from tests.customfields.actors import ADMIN


def _postgres_base_url() -> str | None:
    url = os.environ.get("IMPORTER_TEST_POSTGRES_URL")
    if url:
        return url
    fallback = os.environ.get("IMPORTER_TEST_DATABASE_URL", "")
    return fallback if fallback.startswith("postgresql") else None


@pytest.fixture(params=["sqlite", "postgresql"])
def cf_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: an SQLite file, or a fresh schema on the test PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'custom_fields.db'}"
        return
    base_url = _postgres_base_url()
    if not base_url:
        pytest.skip("set IMPORTER_TEST_POSTGRES_URL to run the custom-field tests on PostgreSQL")
    schema = f"cf_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def db(cf_database_url: str) -> Iterator[Engine]:
    """An engine on a database migrated to the latest revision through Alembic."""
    engine = make_engine(cf_database_url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def service_as(db: Engine) -> Callable[[Actor], CustomFieldService]:
    return lambda actor: CustomFieldService(db, actor)


@pytest.fixture
def admin_service(service_as: Callable[[Actor], CustomFieldService]) -> CustomFieldService:
    return service_as(ADMIN)


@pytest.fixture
def add_records(db: Engine) -> Callable[..., dict[str, int]]:
    """Insert records of an entity: ``{natural key: attributes_json}``; returns their ids by natural key."""

    def insert(entity: str, records: dict[str, dict[str, Any]]) -> dict[str, int]:
        model = ENTITY_MODELS[entity]
        spec = get_entity_spec(entity)
        key_field = spec.natural_key[0]
        required = {field.name: _filler(field.type.value) for field in spec.required_fields if field.name != key_field}
        rows = [model(**{key_field: name, **required, "attributes_json": attrs}) for name, attrs in records.items()]
        with transaction(db) as session:
            session.add_all(rows)
            session.flush()
            return {getattr(row, key_field): row.id for row in rows}

    return insert


@pytest.fixture
def attributes(db: Engine) -> Callable[[str], dict[str, dict[str, Any]]]:
    """The stored attributes_json of every record of an entity, by natural key."""

    def read(entity: str) -> dict[str, dict[str, Any]]:
        model = ENTITY_MODELS[entity]
        key_column = getattr(model, get_entity_spec(entity).natural_key[0])
        with transaction(db) as session:
            return {name: attrs for name, attrs in session.execute(select(key_column, model.attributes_json))}

    return read


@pytest.fixture
def audit_events(db: Engine) -> Callable[[str], list[ImportAuditEvent]]:
    """The audit events with a given action, oldest first."""

    def read(action: str) -> list[ImportAuditEvent]:
        with transaction(db) as session:
            statement = select(ImportAuditEvent).where(ImportAuditEvent.action == action).order_by(ImportAuditEvent.id)
            return list(session.scalars(statement))

    return read


def _filler(field_type: str) -> Any:
    return {"number": 1.0, "integer": 1, "enum": "cpu"}.get(field_type, "x")
