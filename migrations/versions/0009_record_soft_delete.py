"""Soft delete of reference records: ``deleted_at`` and ``deleted_by`` on every entity table.

A deleted record stays in its table (its key stays taken, its changesets and
references stay valid) with the time it was deleted and who deleted it;
listings and exports hide it unless asked, and a restore clears both.

Downgrade drops the two columns, so deleted records would become live again;
`dealbrain.db.downgrade_guard` counts them first and refuses.

Revision ID: 0009_record_soft_delete
Revises: 0008_valuation_rule_reference
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_record_soft_delete"
down_revision: str | None = "0008_valuation_rule_reference"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ENTITY_TABLES = ("cpu", "gpu", "listing", "valuation_rule", "ports_profile")


def upgrade() -> None:
    for table in ENTITY_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
            batch.add_column(sa.Column("deleted_by", sa.String(255), nullable=True))


def downgrade() -> None:
    for table in ENTITY_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("deleted_by")
            batch.drop_column("deleted_at")
