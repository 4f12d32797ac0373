"""Migration 0006: audit events cannot be replaced, audited sessions cannot be deleted, foreign keys are on.

On SQLite the guards hold even over a connection that left foreign keys off
(the plain ``sqlite3`` module, as the ``sqlite3`` shell would).
"""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import DatabaseError

from dealbrain.audit import AuditAction, record_event
from dealbrain.db import migrate
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportSession

SESSION_KEPT = "import_session has audit events and cannot be deleted"


def _session(engine: Engine, session_id: str, *, audited: bool) -> None:
    with transaction(engine) as session:
        session.add(
            ImportSession(id=session_id, source_filename="a.xlsx", checksum_sha256="0" * 64, status="parsed", created_by="ada")
        )
        session.flush()
        if audited:
            record_event(session, actor="ada", action=AuditAction.SESSION_CREATED, import_session_id=session_id)


def _events(engine: Engine) -> list[tuple]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text("SELECT id, session_id, actor, action FROM import_audit_event ORDER BY id"))]


def _sessions(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.execute(text("SELECT id FROM import_session ORDER BY id")).scalars())


def _overwrite_statement(engine: Engine, event_id: int) -> str:
    values = f"VALUES ({event_id}, 's1', 'mallory', 'commit', '{{}}')"
    columns = "(id, session_id, actor, action, payload_json)"
    if engine.dialect.name == "postgresql":
        return f"INSERT INTO import_audit_event {columns} {values} ON CONFLICT (id) DO UPDATE SET actor = excluded.actor"
    return f"REPLACE INTO import_audit_event {columns} {values}"


def test_an_existing_event_cannot_be_replaced(engine: Engine) -> None:
    _session(engine, "s1", audited=True)
    before = _events(engine)
    (event_id, *_), = before

    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
        connection.execute(text(_overwrite_statement(engine, event_id)))

    assert _events(engine) == before


def test_insert_or_replace_of_a_new_id_still_appends_on_sqlite(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        pytest.skip("REPLACE is SQLite syntax")
    _session(engine, "s1", audited=True)
    with engine.begin() as connection:
        connection.execute(text(_overwrite_statement(engine, 999)))
    assert [event[0] for event in _events(engine)][-1] == 999


def test_an_audited_session_cannot_be_deleted_and_says_why(engine: Engine) -> None:
    _session(engine, "s1", audited=True)
    before = _events(engine)
    with pytest.raises(DatabaseError, match=SESSION_KEPT), engine.begin() as connection:
        connection.execute(text("DELETE FROM import_session WHERE id = 's1'"))
    assert _sessions(engine) == ["s1"] and _events(engine) == before


def test_a_session_without_audit_events_can_still_be_deleted(engine: Engine) -> None:
    _session(engine, "s1", audited=True)
    _session(engine, "s2", audited=False)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM import_session WHERE id = 's2'"))
    assert _sessions(engine) == ["s1"]


def test_sqlite_guards_hold_on_a_connection_with_foreign_keys_off(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        pytest.skip("PostgreSQL always enforces foreign keys")
    _session(engine, "s1", audited=True)
    before = _events(engine)
    raw = sqlite3.connect(engine.url.database)
    try:
        assert raw.execute("PRAGMA foreign_keys").fetchone() == (0,)
        with pytest.raises(sqlite3.IntegrityError, match=SESSION_KEPT):
            raw.execute("DELETE FROM import_session WHERE id = 's1'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            raw.execute(_overwrite_statement(engine, before[0][0]))
        raw.rollback()
    finally:
        raw.close()
    assert _sessions(engine) == ["s1"] and _events(engine) == before


def test_every_pooled_sqlite_connection_enforces_foreign_keys(engine: Engine) -> None:
    if engine.dialect.name == "postgresql":
        pytest.skip("PostgreSQL always enforces foreign keys")
    connections = [engine.connect() for _ in range(3)]
    try:
        assert [c.exec_driver_sql("PRAGMA foreign_keys").scalar_one() for c in connections] == [1, 1, 1]
    finally:
        for connection in connections:
            connection.close()
    with pytest.raises(DatabaseError, match="FOREIGN KEY"), engine.begin() as connection:
        connection.execute(text("INSERT INTO import_change (session_id, entity, record_id, operation) VALUES ('nope', 'cpu', 1, 'insert')"))


def test_downgrade_restores_0005_and_upgrade_brings_the_guards_back_with_the_events(engine: Engine) -> None:
    _session(engine, "s1", audited=True)
    before = _events(engine)

    migrate.downgrade(engine, "0005_users_audit")
    assert _events(engine) == before
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
        connection.execute(text("UPDATE import_audit_event SET actor = 'mallory'"))
    with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
        connection.execute(text("DELETE FROM import_audit_event"))

    migrate.upgrade(engine)
    assert _events(engine) == before
    for statement in ("UPDATE import_audit_event SET actor = 'mallory'", "DELETE FROM import_audit_event"):
        with pytest.raises(DatabaseError, match="append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    with pytest.raises(DatabaseError, match=SESSION_KEPT), engine.begin() as connection:
        connection.execute(text("DELETE FROM import_session"))
    assert _events(engine) == before
