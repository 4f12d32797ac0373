"""Listing components and the review flag of records created from listings' names.

``listing_component`` holds a listing's parts (the template's ``components``
and ``other_components``): type, name, quantity, metadata (JSON) and the
CPU, GPU or ports profile it names when one matches. ``cpu``, ``gpu`` and
``ports_profile`` gain ``needs_review``: true on a record an import created
because a listing named it, until a person has looked at it.

Downgrade drops the table and the flags (see `dealbrain/db/downgrade_guard.py`).

Revision ID: 0010_listing_components
Revises: 0008_valuation_rule_reference
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010_listing_components"
down_revision: str | None = "0009_record_soft_delete"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
REVIEWABLE = ("cpu", "gpu", "ports_profile")


def upgrade() -> None:
    op.create_table(
        "listing_component",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("listing_id", sa.Integer(), sa.ForeignKey("listing.id", ondelete="CASCADE", name="fk_listing_component_listing_id_listing"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("component_type", sa.String(32), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False, server_default="1"),
        sa.Column("cpu_id", sa.Integer(), sa.ForeignKey("cpu.id", ondelete="SET NULL", name="fk_listing_component_cpu_id_cpu"), nullable=True),
        sa.Column("gpu_id", sa.Integer(), sa.ForeignKey("gpu.id", ondelete="SET NULL", name="fk_listing_component_gpu_id_gpu"), nullable=True),
        sa.Column(
            "ports_profile_id", sa.Integer(),
            sa.ForeignKey("ports_profile.id", ondelete="SET NULL", name="fk_listing_component_ports_profile_id_ports_profile"),
            nullable=True,
        ),
        sa.Column("metadata_json", JSON, nullable=False, server_default=sa.text("'{}'")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.text("CURRENT_TIMESTAMP")),
        sa.PrimaryKeyConstraint("id", name="pk_listing_component"),
    )
    for column in ("listing_id", "cpu_id", "gpu_id", "ports_profile_id"):
        op.create_index(f"ix_listing_component_{column}", "listing_component", [column])
    for table in REVIEWABLE:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("needs_review", sa.Boolean(), nullable=False, server_default=sa.text("false")))


def downgrade() -> None:
    for table in reversed(REVIEWABLE):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("needs_review")
    op.drop_table("listing_component")
