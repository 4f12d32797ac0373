"""Users with hashed tokens, single-use launch tokens, and an append-only audit log.

- ``app_user``: who may act when authentication is on, with their role and the
  sha256 of their token (the token itself is shown once and never stored).
- ``launch_token_use``: the nonce of every launch token a run has accepted, so
  a token binds to the first run that presents it and cannot be replayed.
- ``import_audit_event`` refuses UPDATE and DELETE (and TRUNCATE on
  PostgreSQL) through triggers.

Consequence: deleting an ``import_session`` that has audit events fails, since
the foreign key's ``ON DELETE SET NULL`` is an UPDATE of the audit rows.
Sessions are never deleted; keep it that way.

On SQLite, a later ``batch_alter_table("import_audit_event")`` recreates the
table and silently drops these triggers: such a migration must create them
again.

Revision ID: 0005_users_audit
Revises: 0004_import_changes
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_users_audit"
down_revision: str | None = "0004_import_changes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOW = sa.text("CURRENT_TIMESTAMP")
MESSAGE = "import_audit_event is append-only"
FUNCTION = "import_audit_event_append_only"
SQLITE_TRIGGERS = {"import_audit_event_no_update": "UPDATE", "import_audit_event_no_delete": "DELETE"}


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(128), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("token_created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_app_user"),
        sa.UniqueConstraint("username", name="uq_app_user_username"),
    )
    op.create_table(
        "launch_token_use",
        sa.Column("nonce", sa.String(64), nullable=False),
        sa.Column("run_id", sa.String(64), nullable=False),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.PrimaryKeyConstraint("nonce", name="pk_launch_token_use"),
    )
    if op.get_bind().dialect.name == "postgresql":
        _create_postgresql_guards()
    else:
        _create_sqlite_guards()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS import_audit_event_no_truncate ON import_audit_event")
        op.execute("DROP TRIGGER IF EXISTS import_audit_event_no_change ON import_audit_event")
        op.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")
    else:
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("launch_token_use")
    op.drop_table("app_user")


def _create_sqlite_guards() -> None:
    for name, operation in SQLITE_TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER {name} BEFORE {operation} ON import_audit_event "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )


def _create_postgresql_guards() -> None:
    # SQLSTATE 23000 (integrity_constraint_violation): drivers report it as an integrity error.
    op.execute(
        f"CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23000'; END; $$"
    )
    op.execute(
        "CREATE TRIGGER import_audit_event_no_change BEFORE UPDATE OR DELETE ON import_audit_event "
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
    )
    op.execute(
        "CREATE TRIGGER import_audit_event_no_truncate BEFORE TRUNCATE ON import_audit_event "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
    )
