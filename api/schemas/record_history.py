"""Response models of ``GET /v1/reference/{entity}/{id}/history``."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class ValueChangeOut(BaseModel):
    field: str
    value: Any = Field(description="The value this change set.")
    before: Any = Field(description="The value it replaced (null for a new record).")
    session_id: str = Field(description="The import or edit session; `importer undo` takes it.")
    kind: str = Field(description="import, record_edit or bulk_edit.")
    operation: str = Field(description="insert or update.")
    actor: str
    at: datetime | None
    file: str | None = Field(description="The imported file (null for an edit).")
    sheet: str | None
    source_row: int | None = Field(description="The row number as the file shows it.")
    source_column: str | None = Field(description="The file's column mapped to the field (null for an edit or an override).")
    custom: bool
    undone: bool = Field(description="The session was undone since; its value is no longer stored.")


class RecordHistoryOut(BaseModel):
    entity: str
    key: str
    record_id: int
    current: dict[str, ValueChangeOut] = Field(description="Per field, the change that set the value stored now.")
    changes: list[ValueChangeOut] = Field(description="Every value set on the record, oldest first.")
