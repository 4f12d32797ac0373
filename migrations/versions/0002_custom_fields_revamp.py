"""Custom-fields revamp: definitions table, attributes_json, declared entities.

Creates ``custom_field_definition``, adds ``attributes_json`` to the five
entity tables and ``declared_entities_json`` to ``import_session``. The new
columns are added nullable, existing rows are backfilled with ``{}``, and only
then are they made NOT NULL, so the upgrade is safe on populated databases.

Revision ID: 0002_custom_fields_revamp
Revises: 0001_pre_revamp
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002_custom_fields_revamp"
down_revision: str | None = "0001_pre_revamp"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
NOW = sa.text("CURRENT_TIMESTAMP")
EMPTY_OBJECT = sa.text("'{}'")
ENTITY_TABLES = ("cpu", "gpu", "ports_profile", "valuation_rule", "listing")


def _add_json_object_column(table: str, column: str) -> None:
    with op.batch_alter_table(table) as batch:
        batch.add_column(sa.Column(column, JSON, server_default=EMPTY_OBJECT, nullable=True))
    op.execute(sa.text(f"UPDATE {table} SET {column} = '{{}}' WHERE {column} IS NULL"))
    with op.batch_alter_table(table) as batch:
        batch.alter_column(column, existing_type=JSON, existing_server_default=EMPTY_OBJECT, nullable=False)


def upgrade() -> None:
    op.create_table(
        "custom_field_definition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("label", sa.String(255), nullable=False),
        sa.Column("description", sa.Text()),
        sa.Column("data_type", sa.String(16), nullable=False),
        sa.Column("required", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("default_json", JSON),
        sa.Column("validation_json", JSON, server_default=EMPTY_OBJECT, nullable=False),
        sa.Column("options_json", JSON, server_default=sa.text("'[]'"), nullable=False),
        sa.Column("label_translations_json", JSON, server_default=EMPTY_OBJECT, nullable=False),
        sa.Column("visibility", sa.String(16), server_default="everywhere", nullable=False),
        sa.Column("display_order", sa.Integer(), server_default="0", nullable=False),
        sa.Column("is_active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("created_by", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True)),
        sa.PrimaryKeyConstraint("id", name="pk_custom_field_definition"),
        sa.UniqueConstraint("entity", "key", name="uq_custom_field_definition_entity_key"),
    )
    op.create_index("ix_custom_field_definition_entity", "custom_field_definition", ["entity"])
    op.create_index("ix_custom_field_definition_key", "custom_field_definition", ["key"])

    for table in ENTITY_TABLES:
        _add_json_object_column(table, "attributes_json")
    _add_json_object_column("import_session", "declared_entities_json")


def downgrade() -> None:
    with op.batch_alter_table("import_session") as batch:
        batch.drop_column("declared_entities_json")
    for table in ENTITY_TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("attributes_json")
    op.drop_index("ix_custom_field_definition_key", table_name="custom_field_definition")
    op.drop_index("ix_custom_field_definition_entity", table_name="custom_field_definition")
    op.drop_table("custom_field_definition")
