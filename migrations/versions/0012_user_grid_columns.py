"""Each user's grid columns: which standard and custom fields an entity's workspace grid shows, in which order.

``user_grid_columns`` holds one row per user and entity: ``columns_json`` is
the ordered list of ``{"field": name, "visible": bool}`` the user chose. It is
a preference, not reference data: nothing else reads it.

Downgrade drops the table (the downgrade guard counts what would go).

Revision ID: 0012_user_grid_columns
Revises: 0011_import_profiles
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012_user_grid_columns"
down_revision: str | None = "0011_import_profiles"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
NOW = sa.text("CURRENT_TIMESTAMP")
EMPTY_LIST = sa.text("'[]'")


def upgrade() -> None:
    op.create_table(
        "user_grid_columns",
        sa.Column("username", sa.String(128), nullable=False),
        sa.Column("entity", sa.String(64), nullable=False),
        sa.Column("columns_json", JSON, server_default=EMPTY_LIST, nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.PrimaryKeyConstraint("username", "entity", name="pk_user_grid_columns"),
    )


def downgrade() -> None:
    op.drop_table("user_grid_columns")
