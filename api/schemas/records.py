"""Reference records: pages of records, edits and bulk edits."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field

Value = str | int | float | bool | list[str] | None


class RecordPage(BaseModel):
    entity: str
    total: int
    limit: int
    offset: int
    records: list[dict[str, Any]]


class RecordPatch(BaseModel):
    """Standard fields under ``fields``, custom ones under ``attributes``; values as typed in a cell, null clears."""

    fields: dict[str, Value] = {}
    attributes: dict[str, Value] = {}


class RecordChangeOut(BaseModel):
    entity: str
    key: str
    record_id: int
    session_id: str | None
    status: str
    before: dict[str, Any]
    after: dict[str, Any]
    notes: list[str]


class BulkUpdate(BaseModel):
    """Select by ``where`` (the filter language) or ``ids``; dry run first, then send its confirmation token."""

    where: str | None = Field(default=None, max_length=2000, description='e.g. \'manufacturer = "AMD" and cores >= 8\'')
    ids: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] | None = Field(default=None, max_length=200)
    changes: RecordPatch
    dry_run: bool = False
    confirmation_token: str | None = Field(default=None, max_length=200)


class BulkSelection(BaseModel):
    """The records a bulk state change selects, by ``where`` or ``ids``; a dry run first, then the real call with its token."""

    where: str | None = Field(default=None, max_length=2000, description='e.g. \'manufacturer = "AMD"\'')
    ids: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] | None = Field(default=None, max_length=200)
    dry_run: bool = False
    confirmation_token: str | None = Field(default=None, max_length=200)


class BulkDelete(BulkSelection):
    """Select by ``where`` or ``ids``; ``restore`` restores instead of deleting. Dry run first, then its token."""

    restore: bool = False


class BulkDisable(BulkSelection):
    """Select by ``where`` or ``ids``; ``enable`` enables instead of disabling. Dry run first, then its token."""

    enable: bool = False


class BulkReview(BulkSelection):
    """Select by ``where`` or ``ids``; ``needs_review`` flags them for review again instead. Dry run first, then its token."""

    needs_review: bool = False


class BulkChangeOut(BaseModel):
    entity: str
    where: str
    changes: dict[str, Any]
    status: str
    session_id: str | None
    selected: int
    updated: int
    unchanged: int
    records: list[dict[str, Any]]
    records_total: int
    notes: list[str]
    confirmation_token: str | None = None
