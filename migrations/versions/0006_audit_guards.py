"""Audit guards that hold on every connection: no REPLACE of an event, no deleting an audited session.

- ``import_audit_event.session_id`` now restricts deletes (``ON DELETE
  RESTRICT`` instead of ``SET NULL``): a session with audit events is kept.
- A trigger on ``import_session`` refuses deleting a session that has audit
  events with a message that says so, on both databases, and on SQLite even
  over a connection that left foreign keys off (the ``sqlite3`` shell, say).
- SQLite only: ``INSERT OR REPLACE`` / ``REPLACE INTO import_audit_event``
  with an existing id deleted the old event and wrote a new one, past the
  UPDATE and DELETE triggers (REPLACE fires no delete trigger). A ``BEFORE
  INSERT`` trigger refuses an insert whose id exists. On PostgreSQL the only
  way to overwrite is ``INSERT ... ON CONFLICT DO UPDATE``, which is an
  UPDATE and is already refused.

On SQLite, changing the foreign key rebuilds ``import_audit_event`` (batch
mode), which drops its triggers: the ones of 0005 are created again here.

Revision ID: 0006_audit_guards
Revises: 0005_users_audit
Create Date: 2026-12-01
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006_audit_guards"
down_revision: str | None = "0005_users_audit"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY = "import_audit_event is append-only"
SESSION_KEPT = "import_session has audit events and cannot be deleted: " + APPEND_ONLY
EVENT_EXISTS = "an audit event with this id exists: " + APPEND_ONLY
FOREIGN_KEY = "fk_import_audit_event_session_id_import_session"
SQLITE_0005_TRIGGERS = {"import_audit_event_no_update": "UPDATE", "import_audit_event_no_delete": "DELETE"}
SQLITE_NO_REPLACE = "import_audit_event_no_replace"
SESSION_TRIGGER = "import_session_keep_audited"
SESSION_FUNCTION = "import_session_keep_audited"


def upgrade() -> None:
    _set_session_foreign_key("RESTRICT")
    if _is_postgresql():
        op.execute(
            f"CREATE FUNCTION {SESSION_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "IF EXISTS (SELECT 1 FROM import_audit_event WHERE session_id = OLD.id) THEN "
            f"RAISE EXCEPTION '{SESSION_KEPT}' USING ERRCODE = '23000'; END IF; RETURN OLD; END; $$"
        )
        op.execute(
            f"CREATE TRIGGER {SESSION_TRIGGER} BEFORE DELETE ON import_session "
            f"FOR EACH ROW EXECUTE FUNCTION {SESSION_FUNCTION}()"
        )
        return
    _create_sqlite_0005_triggers()
    op.execute(
        f"CREATE TRIGGER {SQLITE_NO_REPLACE} BEFORE INSERT ON import_audit_event "
        "WHEN EXISTS (SELECT 1 FROM import_audit_event WHERE id = NEW.id) "
        f"BEGIN SELECT RAISE(ABORT, '{EVENT_EXISTS}'); END"
    )
    op.execute(
        f"CREATE TRIGGER {SESSION_TRIGGER} BEFORE DELETE ON import_session "
        "WHEN EXISTS (SELECT 1 FROM import_audit_event WHERE session_id = OLD.id) "
        f"BEGIN SELECT RAISE(ABORT, '{SESSION_KEPT}'); END"
    )


def downgrade() -> None:
    if _is_postgresql():
        op.execute(f"DROP TRIGGER IF EXISTS {SESSION_TRIGGER} ON import_session")
        op.execute(f"DROP FUNCTION IF EXISTS {SESSION_FUNCTION}()")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {SESSION_TRIGGER}")
        op.execute(f"DROP TRIGGER IF EXISTS {SQLITE_NO_REPLACE}")
    _set_session_foreign_key("SET NULL")
    if not _is_postgresql():
        _create_sqlite_0005_triggers()


def _is_postgresql() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def _set_session_foreign_key(on_delete: str) -> None:
    """Recreate the audit event -> session foreign key with ``on_delete`` (a table rebuild on SQLite)."""
    with op.batch_alter_table("import_audit_event", recreate="always" if not _is_postgresql() else "auto") as batch:
        batch.drop_constraint(FOREIGN_KEY, type_="foreignkey")
        batch.create_foreign_key(FOREIGN_KEY, "import_session", ["session_id"], ["id"], ondelete=on_delete)


def _create_sqlite_0005_triggers() -> None:
    """0005's UPDATE and DELETE guards, lost when SQLite rebuilt the table."""
    for name, operation in SQLITE_0005_TRIGGERS.items():
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {operation} ON import_audit_event "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END"
        )
