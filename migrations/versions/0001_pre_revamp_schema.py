"""Pre-revamp schema: the five entity tables, import sessions and the audit log.

As the importer first shipped: no custom fields, no ``attributes_json`` on the
entities and no ``declared_entities_json`` on sessions.

Revision ID: 0001_pre_revamp
Revises:
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001_pre_revamp"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
NOW = sa.text("CURRENT_TIMESTAMP")


def _timestamps() -> list[sa.Column]:
    return [
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
    ]


def _fk(column: str, table: str, referred: str) -> sa.Column:
    return sa.Column(
        column,
        sa.Integer(),
        sa.ForeignKey(f"{referred}.id", name=f"fk_{table}_{column}_{referred}", ondelete="SET NULL"),
        nullable=True,
    )


def upgrade() -> None:
    op.create_table(
        "cpu",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("manufacturer", sa.String(64)),
        sa.Column("socket", sa.String(64)),
        sa.Column("cores", sa.Integer()),
        sa.Column("threads", sa.Integer()),
        sa.Column("tdp_w", sa.Float()),
        sa.Column("igpu_model", sa.String(128)),
        sa.Column("cpu_mark_multi", sa.Integer()),
        sa.Column("cpu_mark_single", sa.Integer()),
        sa.Column("release_year", sa.Integer()),
        sa.Column("notes", sa.Text()),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_cpu"),
        sa.UniqueConstraint("name", name="uq_cpu_name"),
    )
    op.create_table(
        "gpu",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("manufacturer", sa.String(64)),
        sa.Column("gpu_mark", sa.Integer()),
        sa.Column("metal_score", sa.Integer()),
        sa.Column("notes", sa.Text()),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_gpu"),
        sa.UniqueConstraint("name", name="uq_gpu_name"),
    )
    op.create_table(
        "ports_profile",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("description", sa.Text()),
        sa.Column("ports", JSON),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_ports_profile"),
        sa.UniqueConstraint("name", name="uq_ports_profile_name"),
    )
    op.create_table(
        "valuation_rule",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("component_type", sa.String(255), nullable=False),
        sa.Column("metric", sa.String(64)),
        sa.Column("unit_value_usd", sa.Float(), nullable=False),
        sa.Column("condition_new", sa.Float()),
        sa.Column("condition_refurb", sa.Float()),
        sa.Column("condition_used", sa.Float()),
        sa.Column("notes", sa.Text()),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_valuation_rule"),
        sa.UniqueConstraint("name", name="uq_valuation_rule_name"),
    )
    op.create_table(
        "listing",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("title", sa.String(255), nullable=False),
        sa.Column("price_usd", sa.Float(), nullable=False),
        sa.Column("condition", sa.String(255)),
        _fk("cpu_id", "listing", "cpu"),
        _fk("gpu_id", "listing", "gpu"),
        sa.Column("ram_gb", sa.Integer()),
        sa.Column("primary_storage_gb", sa.Integer()),
        sa.Column("primary_storage_type", sa.String(64)),
        sa.Column("secondary_storage_gb", sa.Integer()),
        sa.Column("secondary_storage_type", sa.String(64)),
        sa.Column("os_license", sa.String(64)),
        _fk("ports_profile_id", "listing", "ports_profile"),
        sa.Column("notes", sa.Text()),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_listing"),
        sa.UniqueConstraint("title", name="uq_listing_title"),
    )
    for column in ("cpu_id", "gpu_id", "ports_profile_id"):
        op.create_index(f"ix_listing_{column}", "listing", [column])

    op.create_table(
        "import_session",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("source_filename", sa.String(255), nullable=False),
        sa.Column("checksum_sha256", sa.String(64), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("sheet_meta_json", JSON, server_default=sa.text("'[]'"), nullable=False),
        sa.Column("mappings_json", JSON, server_default=sa.text("'{}'"), nullable=False),
        sa.Column("preview_json", JSON, server_default=sa.text("'{}'"), nullable=False),
        sa.Column("result_json", JSON, server_default=sa.text("'{}'"), nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
        *_timestamps(),
        sa.PrimaryKeyConstraint("id", name="pk_import_session"),
    )
    op.create_index("ix_import_session_checksum_sha256", "import_session", ["checksum_sha256"])
    op.create_index("ix_import_session_status", "import_session", ["status"])

    op.create_table(
        "import_audit_event",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "session_id",
            sa.String(64),
            sa.ForeignKey(
                "import_session.id", name="fk_import_audit_event_session_id_import_session", ondelete="SET NULL"
            ),
        ),
        sa.Column("entity", sa.String(32)),
        sa.Column("actor", sa.String(128), nullable=False),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("payload_json", JSON, server_default=sa.text("'{}'"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_import_audit_event"),
    )
    for column in ("session_id", "entity", "actor", "action", "created_at"):
        op.create_index(f"ix_import_audit_event_{column}", "import_audit_event", [column])
    op.create_index("ix_import_audit_event_action_created_at", "import_audit_event", ["action", "created_at"])


def downgrade() -> None:
    op.drop_table("import_audit_event")
    op.drop_table("import_session")
    op.drop_table("listing")
    op.drop_table("valuation_rule")
    op.drop_table("ports_profile")
    op.drop_table("gpu")
    op.drop_table("cpu")
