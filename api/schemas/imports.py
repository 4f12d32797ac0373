"""Import sessions: the original product's request and response shapes, plus our extensions."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from api.schemas.custom_fields import CustomField, CustomFieldCreate
from dealbrain.importing.options import ImportOptions

SERVER_OWNED_OPTIONS = frozenset({"file", "source_name", "commit"})
"""Import options the server sets itself: the stored upload, its name, and whether a call commits."""

SessionOptions = create_model(
    "SessionOptions",
    __config__=ConfigDict(extra="forbid"),
    __doc__="The import config's options a client may set (every `ImportOptions` field but the server's own); "
    "on a re-preview only the fields sent change. Lists replace the session's list, except `mapping_overrides` "
    "(by sheet and column) and `conflict_decisions` (by entity and key), which are merged.",
    **{name: (info.annotation, info) for name, info in ImportOptions.model_fields.items()
       if name not in SERVER_OWNED_OPTIONS},
)
"""Derived from `ImportOptions`, so an option added there is accepted here with the same validation."""


class ColumnSample(BaseModel):
    name: str
    samples: list[Any]


class SheetMeta(BaseModel):
    sheet_name: str
    row_count: int
    columns: list[ColumnSample]
    entity: str | None
    entity_label: str | None
    confidence: float
    declared_entity: str | None


class Suggestion(BaseModel):
    column: str
    confidence: float
    reason: str


class FieldMapping(BaseModel):
    field: str
    label: str
    required: bool
    data_type: str
    column: str | None
    status: Literal["auto", "manual", "missing"]
    confidence: float
    suggestions: list[Suggestion]


class EntityMapping(BaseModel):
    sheet: str
    fields: dict[str, FieldMapping]


class EntityPreview(BaseModel):
    rows: list[dict[str, Any]]
    missing_required_fields: list[str]
    total_rows: int
    mapped_field_count: int
    component_matches: list[dict[str, Any]]


class SessionSnapshot(BaseModel):
    """One import session as the original API returned it (``id`` ... ``updated_at``), then our extensions."""

    id: str
    filename: str
    content_type: str
    status: str
    checksum: str
    sheet_meta: list[SheetMeta]
    mappings: dict[str, EntityMapping]
    preview: dict[str, EntityPreview]
    conflicts: list[dict[str, Any]]
    declared_entities: dict[str, str]
    created_at: datetime | None
    updated_at: datetime | None
    created_by: str | None = None
    run_id: str | None = None
    counts: dict[str, Any] = {}
    blocking: list[str] = []
    warnings: list[str] = []
    errors: list[str] = []
    error_workbook_available: bool = False
    result: dict[str, Any] = {}
    profile: str | None = Field(default=None, description="Extension: the import profile and version the last preview used (`name@version`).")


class PendingSession(BaseModel):
    """The preview did not finish within the wait limit: poll ``status_url``."""

    id: str
    status: str
    status_url: str


class SessionList(BaseModel):
    sessions: list[SessionSnapshot]


class FieldMappingIn(BaseModel):
    model_config = ConfigDict(extra="ignore")

    column: str | None = Field(default=None, description="Sheet column feeding the field; null to leave it unmapped.")
    status: str | None = None
    confidence: float | None = None


class EntityMappingIn(BaseModel):
    sheet: str
    fields: dict[str, FieldMappingIn]


class MappingsUpdate(BaseModel):
    mappings: dict[str, EntityMappingIn]
    options: SessionOptions | None = Field(default=None, description="Extension: import options to change as well.")


class Repreview(BaseModel):
    """Extension of the original (body-less) recompute: import options to change before previewing again."""

    options: SessionOptions | None = None


class ConflictResolutionIn(BaseModel):
    entity: str
    identifier: str = Field(description="The stored record's name (a listing's title).")
    action: Literal["update", "skip", "keep", "merge"]


class ComponentOverrideIn(BaseModel):
    entity: str = "listing"
    row_index: int = Field(ge=1, description="The listing's source row number, as in preview rows' row_index.")
    cpu_match: str | None = None
    gpu_match: str | None = None
    ports_profile_match: str | None = Field(default=None, description="Extension: pick the ports profile too.")


class CommitRequest(BaseModel):
    conflict_resolutions: list[ConflictResolutionIn] = []
    component_overrides: list[ComponentOverrideIn] = []
    notes: str | None = None
    conflict_policy: Literal["update", "skip", "keep", "merge"] | None = Field(
        default=None, description="Extension: the default for conflicts without a resolution."
    )


class CommitResponse(BaseModel):
    status: str
    counts: dict[str, Any]
    session: SessionSnapshot
    auto_created_cpus: list[str]


class UndoResponse(BaseModel):
    session_id: str
    status: str
    counts: dict[str, Any]
    skipped: list[dict[str, Any]]


class FieldCreateFromImport(CustomFieldCreate):
    """The custom-field create body; ``import_options`` (an extension) changes the session's import options too."""

    import_options: SessionOptions | None = Field(default=None, description="Extension: import options to change.")


class FieldFromImport(BaseModel):
    field: CustomField
    session: SessionSnapshot


class SessionRuns(BaseModel):
    runs: list[dict[str, Any]]
