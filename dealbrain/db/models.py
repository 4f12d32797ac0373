"""ORM models of the importer's own tables (sessions, custom fields, audit)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from dealbrain.db.base import TIMESTAMP, Base, JSONDocument
from dealbrain.db.entity_tables import EMPTY_JSON_OBJECT, ENTITY_MODELS, ListingComponent

NOW = text("CURRENT_TIMESTAMP")
EMPTY_JSON_ARRAY = text("'[]'")


class CustomFieldDefinition(Base):
    """A typed attribute of an entity, stored in the entity's ``attributes_json``."""

    __tablename__ = "custom_field_definition"
    __table_args__ = (UniqueConstraint("entity", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(32), index=True)
    key: Mapped[str] = mapped_column(String(64), index=True)
    label: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    data_type: Mapped[str] = mapped_column(String(16))
    required: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    default_json: Mapped[Any | None] = mapped_column(JSONDocument)
    validation_json: Mapped[dict[str, Any]] = mapped_column(
        JSONDocument, default=dict, server_default=EMPTY_JSON_OBJECT
    )
    options_json: Mapped[list[Any]] = mapped_column(JSONDocument, default=list, server_default=EMPTY_JSON_ARRAY)
    label_translations_json: Mapped[dict[str, Any]] = mapped_column(
        JSONDocument, default=dict, server_default=EMPTY_JSON_OBJECT
    )
    visibility: Mapped[str] = mapped_column(String(16), default="everywhere", server_default="everywhere")
    display_order: Mapped[int] = mapped_column(default=0, server_default="0")
    is_active: Mapped[bool] = mapped_column(default=True, server_default=text("true"))
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(TIMESTAMP, server_default=NOW)
    updated_at: Mapped[datetime] = mapped_column(TIMESTAMP, server_default=NOW)
    deleted_at: Mapped[datetime | None] = mapped_column(TIMESTAMP)


class ImportSession(Base):
    """One import of one uploaded file: its declarations, mappings, preview and result."""

    __tablename__ = "import_session"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    source_filename: Mapped[str] = mapped_column(String(255))
    checksum_sha256: Mapped[str] = mapped_column(String(64), index=True)
    status: Mapped[str] = mapped_column(String(32), index=True)
    declared_entities_json: Mapped[dict[str, Any]] = mapped_column(
        JSONDocument, default=dict, server_default=EMPTY_JSON_OBJECT
    )
    sheet_meta_json: Mapped[list[Any]] = mapped_column(JSONDocument, default=list, server_default=EMPTY_JSON_ARRAY)
    mappings_json: Mapped[dict[str, Any]] = mapped_column(
        JSONDocument, default=dict, server_default=EMPTY_JSON_OBJECT
    )
    preview_json: Mapped[dict[str, Any]] = mapped_column(
        JSONDocument, default=dict, server_default=EMPTY_JSON_OBJECT
    )
    result_json: Mapped[dict[str, Any]] = mapped_column(
        JSONDocument, default=dict, server_default=EMPTY_JSON_OBJECT
    )
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(TIMESTAMP, server_default=NOW)
    updated_at: Mapped[datetime] = mapped_column(TIMESTAMP, server_default=NOW)


class ImportAuditEvent(Base):
    """An append-only record of a decision or state change.

    Its session cannot be deleted while it exists (``ON DELETE RESTRICT``, plus
    a trigger: see migration 0006), and on SQLite a REPLACE of an existing id
    is refused like an UPDATE.
    """

    __tablename__ = "import_audit_event"
    __table_args__ = (Index("ix_import_audit_event_action_created_at", "action", "created_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[str | None] = mapped_column(
        String(64), ForeignKey("import_session.id", ondelete="RESTRICT"), index=True
    )
    entity: Mapped[str | None] = mapped_column(String(32), index=True)
    actor: Mapped[str] = mapped_column(String(128), index=True)
    action: Mapped[str] = mapped_column(String(64), index=True)
    payload_json: Mapped[dict[str, Any]] = mapped_column(
        JSONDocument, default=dict, server_default=EMPTY_JSON_OBJECT
    )
    created_at: Mapped[datetime] = mapped_column(TIMESTAMP, server_default=NOW, index=True)


class RememberedMapping(Base):
    """The column mapping last confirmed for a sheet with a given header signature."""

    __tablename__ = "remembered_mapping"
    __table_args__ = (UniqueConstraint("entity", "header_signature"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entity: Mapped[str] = mapped_column(String(32))
    header_signature: Mapped[str] = mapped_column(String(64))
    mapping_json: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict)
    session_id: Mapped[str] = mapped_column(String(64))
    updated_at: Mapped[datetime] = mapped_column(TIMESTAMP, server_default=NOW)




class ImportChange(Base):
    """One record written by a committed import: where it came from and what it was before.

    The changeset of a session gives every stored value its provenance (file
    via the session, sheet and source row) and is what undo replays.
    """

    __tablename__ = "import_change"
    __table_args__ = (Index("ix_import_change_entity_record_id", "entity", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[str] = mapped_column(
        String(64), ForeignKey("import_session.id", ondelete="CASCADE"), index=True
    )
    entity: Mapped[str] = mapped_column(String(32))
    record_id: Mapped[int] = mapped_column(Integer)
    operation: Mapped[str] = mapped_column(String(16))
    sheet: Mapped[str | None] = mapped_column(String(255))
    source_row: Mapped[int | None] = mapped_column(Integer)
    before_json: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)
    after_json: Mapped[dict[str, Any] | None] = mapped_column(JSONDocument)


class AppUser(Base):
    """Someone who may act when authentication is on: a role and the sha256 of their current token."""

    __tablename__ = "app_user"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(128), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64))
    token_created_at: Mapped[datetime] = mapped_column(TIMESTAMP)
    revoked_at: Mapped[datetime | None] = mapped_column(TIMESTAMP)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(TIMESTAMP, server_default=NOW)


class LaunchTokenUse(Base):
    """A launch token accepted by a run: its nonce binds it to that run, so it cannot be replayed."""

    __tablename__ = "launch_token_use"

    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    run_id: Mapped[str] = mapped_column(String(64))
    actor: Mapped[str] = mapped_column(String(128))
    used_at: Mapped[datetime] = mapped_column(TIMESTAMP, server_default=NOW)


__all__ = [
    "ENTITY_MODELS",
    "AppUser",
    "Base",
    "CustomFieldDefinition",
    "ImportAuditEvent",
    "ImportChange",
    "ImportSession",
    "LaunchTokenUse",
    "ListingComponent",
    "RememberedMapping",
]

from dealbrain.db.profile_models import ImportProfile, ImportProfileVersion, SessionProfileUse  # noqa: E402  (one metadata)

__all__ += ["ImportProfile", "ImportProfileVersion", "SessionProfileUse"]

from dealbrain.db.preference_models import UserGridColumns  # noqa: E402  (one metadata)

__all__ += ["UserGridColumns"]
