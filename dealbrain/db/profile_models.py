"""ORM models of import profiles, their versions, and which profile (and source) each session used."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from dealbrain.db.base import TIMESTAMP, Base, JSONDocument
from dealbrain.db.entity_tables import EMPTY_JSON_OBJECT

NOW = text("CURRENT_TIMESTAMP")


class ImportProfile(Base):
    """A named bundle of import decisions; its content lives in its versions."""

    __tablename__ = "import_profile"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    current_version: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(TIMESTAMP, server_default=NOW)


class ImportProfileVersion(Base):
    """One saved state of a profile; never changed once written (a change is a new version)."""

    __tablename__ = "import_profile_version"
    __table_args__ = (UniqueConstraint("profile_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(ForeignKey("import_profile.id", ondelete="RESTRICT"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    options_json: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict, server_default=EMPTY_JSON_OBJECT)
    saved_from: Mapped[str] = mapped_column(String(255))
    """Where it came from: ``session <id>`` or ``config <file name>``."""
    note: Mapped[str | None] = mapped_column(Text)
    saved_by: Mapped[str] = mapped_column(String(128))
    saved_at: Mapped[datetime] = mapped_column(TIMESTAMP, server_default=NOW)


class SessionProfileUse(Base):
    """The options a session was previewed with, the profile version behind them, its source, and its drift snapshot."""

    __tablename__ = "import_session_profile"

    session_id: Mapped[str] = mapped_column(ForeignKey("import_session.id", ondelete="CASCADE"), primary_key=True)
    options_json: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict, server_default=EMPTY_JSON_OBJECT)
    profile_name: Mapped[str | None] = mapped_column(String(128), index=True)
    profile_version: Mapped[int | None] = mapped_column(Integer)
    source_name: Mapped[str | None] = mapped_column(String(128), index=True)
    snapshot_json: Mapped[dict[str, Any]] = mapped_column(JSONDocument, default=dict, server_default=EMPTY_JSON_OBJECT)
    """Per entity: row count, null rate per field, key -> numeric values; what the next import drifts from."""
    recorded_at: Mapped[datetime] = mapped_column(TIMESTAMP, server_default=NOW)


__all__ = ["ImportProfile", "ImportProfileVersion", "SessionProfileUse"]
