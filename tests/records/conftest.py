"""Fixtures for the record-edit tests: a database with imported records, services per role, stored state."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from dealbrain.audit import AuditFilter, query_events
from dealbrain.auth import Actor, Role
from dealbrain.customfields import CustomFieldService
from dealbrain.customfields.inputs import FieldInputs
from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.db.models import ImportChange, ImportSession
from dealbrain.importing.pipeline import run_import
from dealbrain.importing.request import ImportRequest
from dealbrain.ingest import UploadStore
from dealbrain.records import RecordService
from tests.importing.conftest import ADMIN as IMPORTER
from tests.importing.conftest import ImportRunner, run, upload_store  # noqa: F401 - fixtures used here
from tests.importing.workbooks import reference_workbook
from tests.support.seeds import seed_fixture

ADMIN = Actor("ada", Role.ADMIN)
OPERATOR = Actor("otto", Role.OPERATOR)
ANALYST = Actor("anna", Role.ANALYST)
TIMESTAMPS = {"created_at", "updated_at"}


@seed_fixture
def imported(engine: Engine, uploads: Path) -> str:
    """The session id of an import of 3 CPUs, 2 GPUs and 2 listings naming them (committed once per test session)."""
    workbook = reference_workbook(uploads.parent / "reference.xlsx")
    request = ImportRequest(session_id="reference-import", actor=IMPORTER.name, file_path=workbook,
                            source_name=workbook.name, commit=True)
    return run_import(request, engine, UploadStore(uploads), IMPORTER).result.session_id


@pytest.fixture
def records(engine: Engine) -> RecordService:
    """The record service acting as an operator."""
    return RecordService(engine, OPERATOR)


@pytest.fixture
def custom_field(engine: Engine) -> Callable[..., None]:
    """Create an active custom field: ``custom_field("cpu", "l3_cache_mb", "integer", minimum=1)``."""

    def create(entity: str, key: str, field_type: str, **rules: Any) -> None:
        CustomFieldService(engine, ADMIN).create(entity, key, FieldInputs(type=field_type, **rules))

    return create


def stored(engine: Engine, entity: str) -> dict[str, dict[str, Any]]:
    """Every stored record of ``entity`` by natural key, every column but the timestamps."""
    model = ENTITY_MODELS[entity]
    key = "title" if entity == "listing" else "name"
    with transaction(engine) as session:
        return {
            getattr(row, key): {c.name: getattr(row, c.key) for c in model.__table__.columns if c.name not in TIMESTAMPS}
            for row in session.scalars(select(model))
        }


def events(engine: Engine, action: str) -> list[Any]:
    with transaction(engine) as session:
        return list(query_events(session, AuditFilter(action=action)))


def changeset(engine: Engine, session_id: str) -> list[dict[str, Any]]:
    with transaction(engine) as session:
        rows = session.scalars(select(ImportChange).where(ImportChange.session_id == session_id).order_by(ImportChange.id))
        return [
            {"entity": r.entity, "record_id": r.record_id, "operation": r.operation,
             "before": r.before_json, "after": r.after_json}
            for r in rows
        ]


def session_row(engine: Engine, session_id: str) -> dict[str, Any]:
    with transaction(engine) as session:
        row = session.get(ImportSession, session_id)
        return {"status": row.status, "source": row.source_filename, "created_by": row.created_by,
                "checksum": row.checksum_sha256, "result": row.result_json}
