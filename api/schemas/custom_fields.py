"""Custom fields: the original product's create/update bodies and its field document."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

Scalar = str | int | float | bool | None


class Validation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    minimum: float | str | None = Field(default=None, description="Smallest number, or earliest ISO date.")
    maximum: float | str | None = None
    max_length: int | None = Field(default=None, ge=1)
    pattern: str | None = Field(default=None, max_length=500)


class CustomFieldCreate(BaseModel):
    entity: str
    key: str = Field(max_length=64)
    label: str | None = Field(default=None, max_length=255)
    data_type: str = Field(default="string", description="string, text, number, integer, boolean, enum, multi_enum or date.")
    description: str | None = None
    required: bool = False
    default_value: Scalar | list[str] = None
    options: list[str] = []
    visibility: str = "everywhere"
    display_order: int = 0
    validation: Validation | None = None


class CustomFieldUpdate(BaseModel):
    """Only the fields sent are changed; ``confirm`` accepts a change that makes stored values invalid."""

    label: str | None = Field(default=None, max_length=255)
    data_type: str | None = None
    description: str | None = None
    required: bool | None = None
    default_value: Scalar | list[str] = None
    options: list[str] | None = None
    visibility: str | None = None
    display_order: int | None = None
    validation: Validation | None = None
    is_active: bool | None = Field(default=None, description="true approves a pending field (admin); false is refused.")
    confirm: bool = False


class CustomField(BaseModel):
    id: int | None
    entity: str
    key: str
    label: str
    data_type: str
    description: str
    required: bool
    default_value: Any
    options: list[str]
    is_active: bool
    visibility: str
    validation: dict[str, Any]
    display_order: int
    status: str
    created_by: str
    created_at: datetime | None
    updated_at: datetime | None
    deleted_at: datetime | None


class CustomFieldList(BaseModel):
    fields: list[CustomField]
