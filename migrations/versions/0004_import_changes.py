"""Import changesets: what each committed import wrote and what it replaced.

Revision ID: 0004_import_changes
Revises: 0003_remembered_mappings
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004_import_changes"
down_revision: str | None = "0003_remembered_mappings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "import_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "session_id",
            sa.String(64),
            sa.ForeignKey("import_session.id", name="fk_import_change_session_id_import_session", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("operation", sa.String(16), nullable=False),
        sa.Column("sheet", sa.String(255)),
        sa.Column("source_row", sa.Integer()),
        sa.Column("before_json", JSON),
        sa.Column("after_json", JSON),
        sa.PrimaryKeyConstraint("id", name="pk_import_change"),
    )
    op.create_index("ix_import_change_session_id", "import_change", ["session_id"])
    op.create_index("ix_import_change_entity_record_id", "import_change", ["entity", "record_id"])


def downgrade() -> None:
    op.drop_table("import_change")
