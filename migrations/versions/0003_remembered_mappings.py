"""Remembered mappings: the column mapping last confirmed per header signature.

Revision ID: 0003_remembered_mappings
Revises: 0002_custom_fields_revamp
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003_remembered_mappings"
down_revision: str | None = "0002_custom_fields_revamp"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "remembered_mapping",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("header_signature", sa.String(64), nullable=False),
        sa.Column("mapping_json", JSON, nullable=False),
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_remembered_mapping"),
        sa.UniqueConstraint("entity", "header_signature", name="uq_remembered_mapping_entity_header_signature"),
    )


def downgrade() -> None:
    op.drop_table("remembered_mapping")
