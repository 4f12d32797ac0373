"""Import profiles: named, versioned bundles of import decisions, and which one each session used.

``import_profile`` names a profile and its current version; ``import_profile_version``
keeps every saved version (never changed); ``import_session_profile`` records the
options a session was previewed with, the profile name and version behind them,
the recurring source that ran it and the drift snapshot the next import of that
source is compared with.

Downgrade drops the three tables (the downgrade guard counts what would go).

Revision ID: 0011_import_profiles
Revises: 0008_valuation_rule_reference
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0011_import_profiles"
down_revision: str | None = "0010_listing_components"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
NOW = sa.text("CURRENT_TIMESTAMP")
EMPTY = sa.text("'{}'")


def upgrade() -> None:
    op.create_table(
        "import_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("current_version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_import_profile"),
        sa.UniqueConstraint("name", name="uq_import_profile_name"),
    )
    op.create_table(
        "import_profile_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("options_json", JSON, server_default=EMPTY, nullable=False),
        sa.Column("saved_from", sa.String(255), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("saved_by", sa.String(128), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_import_profile_version"),
        sa.ForeignKeyConstraint(["profile_id"], ["import_profile.id"], ondelete="RESTRICT",
                                name="fk_import_profile_version_profile_id_import_profile"),
        sa.UniqueConstraint("profile_id", "version", name="uq_import_profile_version_profile_id_version"),
    )
    op.create_index("ix_import_profile_version_profile_id", "import_profile_version", ["profile_id"])
    op.create_table(
        "import_session_profile",
        sa.Column("session_id", sa.String(64), nullable=False),
        sa.Column("options_json", JSON, server_default=EMPTY, nullable=False),
        sa.Column("profile_name", sa.String(128), nullable=True),
        sa.Column("profile_version", sa.Integer(), nullable=True),
        sa.Column("source_name", sa.String(128), nullable=True),
        sa.Column("snapshot_json", JSON, server_default=EMPTY, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.PrimaryKeyConstraint("session_id", name="pk_import_session_profile"),
        sa.ForeignKeyConstraint(["session_id"], ["import_session.id"], ondelete="CASCADE",
                                name="fk_import_session_profile_session_id_import_session"),
    )
    op.create_index("ix_import_session_profile_profile_name", "import_session_profile", ["profile_name"])
    op.create_index("ix_import_session_profile_source_name", "import_session_profile", ["source_name"])


def downgrade() -> None:
    op.drop_table("import_session_profile")
    op.drop_table("import_profile_version")
    op.drop_table("import_profile")
