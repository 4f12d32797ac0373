"""Valuation rules from the valuation reference: buckets with a range, formulas and dependencies.

``valuation_rule`` gains the places a bucket of the original Deal Brain's
valuation reference needs: the entity and field it values, the bucket's
label, its range in USD (or as a condition multiplier), the bucket's and
the field's formula, the unit and the field's dependencies (a JSON list).
``component_type`` and ``unit_value_usd`` become optional, since a bucket
prices a range rather than a unit.

Downgrade drops the new columns; rules left without a component type or a
unit value get ``misc`` and ``0`` so the older NOT NULL constraints hold.

Revision ID: 0008_valuation_rule_reference
Revises: 0005_users_audit
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008_valuation_rule_reference"
down_revision: str | None = "0006_audit_guards"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

NEW_COLUMNS = (
    ("target_entity", sa.String(64)),
    ("target_field", sa.String(64)),
    ("bucket_label", sa.String(255)),
    ("min_usd", sa.Float()),
    ("max_usd", sa.Float()),
    ("min_multiplier", sa.Float()),
    ("max_multiplier", sa.Float()),
    ("bucket_formula", sa.Text()),
    ("field_formula", sa.Text()),
    ("unit", sa.String(32)),
    ("dependencies", JSON),
    ("field_description", sa.Text()),
)


def upgrade() -> None:
    with op.batch_alter_table("valuation_rule") as batch:
        for name, kind in NEW_COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))
        batch.alter_column("component_type", existing_type=sa.String(255), nullable=True)
        batch.alter_column("unit_value_usd", existing_type=sa.Float(), nullable=True)


def downgrade() -> None:
    op.execute("UPDATE valuation_rule SET component_type = 'misc' WHERE component_type IS NULL")
    op.execute("UPDATE valuation_rule SET unit_value_usd = 0 WHERE unit_value_usd IS NULL")
    with op.batch_alter_table("valuation_rule") as batch:
        batch.alter_column("unit_value_usd", existing_type=sa.Float(), nullable=False)
        batch.alter_column("component_type", existing_type=sa.String(255), nullable=False)
        for name, _ in reversed(NEW_COLUMNS):
            batch.drop_column(name)
