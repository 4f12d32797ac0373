"""Fixtures for the custom-field tests: the shared per-test database, actors, records."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import Engine, select

from dealbrain.auth import Actor
from dealbrain.customfields import CustomFieldService
from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.db.models import ImportAuditEvent
from dealbrain.specs import get_entity_spec
from tests.customfields.actors import ADMIN


@pytest.fixture
def db(engine: Engine) -> Engine:
    """The shared per-test database (SQLite, or PostgreSQL when IMPORTER_TEST_DATABASE_URL says so)."""
    return engine


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
