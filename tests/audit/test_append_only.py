"""The audit log is append-only on every backend: rows can be added, never changed or removed."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DatabaseError

from dealbrain.audit import AuditAction, record_event
from dealbrain.db import migrate
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportSession


def _audited_session(engine: Engine) -> None:
    with transaction(engine) as session:
        session.add(ImportSession(id="s1", source_filename="a.xlsx", checksum_sha256="0" * 64, status="parsed", created_by="ada"))
        session.flush()
        record_event(session, actor="ada", action=AuditAction.SESSION_CREATED, import_session_id="s1")


def _count(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM import_audit_event")).scalar_one()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE import_audit_event SET actor = 'mallory'",
        "UPDATE import_audit_event SET payload_json = '{}' WHERE id = 1",
        "DELETE FROM import_audit_event",
        "DELETE FROM import_audit_event WHERE actor = 'ada'",
    ],
)
def test_updates_and_deletes_are_refused(engine: Engine, statement: str) -> None:
    _audited_session(engine)
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
        connection.execute(text(statement))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT actor FROM import_audit_event")).scalars().all() == ["ada"]


def test_truncate_is_refused_on_postgresql(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    _audited_session(engine)
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
        connection.execute(text("TRUNCATE import_audit_event"))
    assert _count(engine) == 1


def test_appending_still_works(engine: Engine) -> None:
    _audited_session(engine)
    with transaction(engine) as session:
        record_event(session, actor="ada", action=AuditAction.COMMIT, import_session_id="s1")
    assert _count(engine) == 2


def test_sessions_with_audit_events_cannot_be_deleted(engine: Engine) -> None:
    """The foreign key's ON DELETE SET NULL would rewrite audit rows, so the delete fails: sessions are kept."""
    _audited_session(engine)
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
        connection.execute(text("DELETE FROM import_session WHERE id = 's1'"))
    assert _count(engine) == 1


def test_downgrade_removes_the_guard_and_upgrade_restores_it(engine: Engine) -> None:
    _audited_session(engine)
    migrate.downgrade(engine, "0004_import_changes")
    with engine.begin() as connection:
        connection.execute(text("UPDATE import_audit_event SET actor = 'fixed'"))
    migrate.upgrade(engine)
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
        connection.execute(text("DELETE FROM import_audit_event"))
