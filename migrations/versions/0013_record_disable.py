"""Disabled records: ``disabled_at`` and ``disabled_by`` on every entity table.

A disabled record stays listed (shown greyed in the workspace, filterable),
keeps its key, references and history, and can be enabled again. Unlike a
soft delete it is not hidden: it is taken out of use. An import updates its
values but never enables it, and listings' components are not matched to it.

Downgrade drops the two columns, so disabled records would become enabled
again; `dealbrain.db.downgrade_guard` counts them first and refuses.

Revision ID: 0013_record_disable
Revises: 0012_user_grid_columns
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_record_disable"
down_revision: str | None = "0012_user_grid_columns"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ENTITY_TABLES = ("cpu", "gpu", "listing", "valuation_rule", "ports_profile")


def upgrade() -> None:
    for table in ENTITY_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("disabled_at", sa.DateTime(timezone=True), nullable=True))
            batch.add_column(sa.Column("disabled_by", sa.String(255), nullable=True))


def downgrade() -> None:
    for table in ENTITY_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("disabled_by")
            batch.drop_column("disabled_at")
