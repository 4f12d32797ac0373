"""Import profiles: a profile's options are the `ImportOptions` fields a profile holds, with the same validation."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model, field_validator, model_validator

from dealbrain.importing.options import ImportOptions
from dealbrain.profiles import PROFILE_FIELDS
from dealbrain.profiles.content import holds_nul

class _NoNulText(BaseModel):
    """Options are stored as JSON documents, which cannot hold the NUL character (PostgreSQL refuses it)."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _refuse_nul(cls, values: Any) -> Any:
        if holds_nul(values):
            raise ValueError("text in the options contains the NUL character (\\0); remove it and send them again")
        return values


ProfileOptions = create_model(
    "ProfileOptions",
    __base__=_NoNulText,
    __doc__="Everything an import decides except the file: the `ImportOptions` fields a profile holds "
    "(not file, source_name, commit or profile). Fields left out take their defaults.",
    **{name: (ImportOptions.model_fields[name].annotation, ImportOptions.model_fields[name]) for name in PROFILE_FIELDS},
)
"""Derived from `ImportOptions` through `PROFILE_FIELDS`, as `SessionOptions` is: an option added there is accepted here."""


class ProfileSummaryOut(BaseModel):
    name: str
    current_version: int
    created_by: str
    sessions: int = Field(description="Import sessions that used this profile (any version).")


class ProfileList(BaseModel):
    profiles: list[ProfileSummaryOut]


class ProfileVersionOut(BaseModel):
    version: int
    options: dict[str, Any]
    saved_from: str = Field(description="Where the version came from: `session ID` or `config ORIGIN`.")
    saved_by: str
    saved_at: datetime | None
    note: str | None
    changed: list[str] = Field(description="Fields that differ from the previous version (every set field for version 1).")

    @field_validator("saved_at")
    @classmethod
    def _in_utc(cls, saved_at: datetime | None) -> datetime | None:
        """Stored times are UTC; SQLite gives them back without a zone, and a date-time needs one."""
        return saved_at.replace(tzinfo=UTC) if saved_at is not None and saved_at.tzinfo is None else saved_at


class ProfileDetailOut(BaseModel):
    name: str
    current_version: int
    current: ProfileVersionOut
    versions: list[ProfileVersionOut] = Field(description="Every version, oldest first.")


class ProfileFromSession(BaseModel):
    model_config = ConfigDict(extra="forbid")

    session_id: str = Field(description="A committed import session; its recorded options become the new version.")
    note: str | None = Field(default=None, max_length=500)


class ProfileVersionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    options: ProfileOptions  # type: ignore[valid-type]
    note: str | None = Field(default=None, max_length=500)


class SavedProfileOut(BaseModel):
    name: str
    version: int
    created: bool = Field(description="False when the content equalled the current version: nothing was written.")
