"""Which source column fed which stored field: read from the mapping each import session confirmed.

The changeset row names the sheet and source row a record came from; the
column is the same for every row of a sheet, so it is read once per session
from ``import_session.mappings_json`` (``{sheet: {"entity", "columns":
{source column: field or None}}}``), exactly the mapping the commit applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dealbrain.db.models import ImportChange, ImportSession
from dealbrain.records.changeset import EDIT_SOURCE
from dealbrain.store.sessions import SessionStatus


def source_columns(mappings: Mapping[str, Any] | None, sheet: str | None, entity: str) -> dict[str, str]:
    """Field name -> the source column of ``sheet`` mapped to it (the first, if several were).

    Empty when the sheet held another entity (a CPU created on commit from a
    listing's sheet has no column of its own).
    """
    mapping = (mappings or {}).get(sheet or "") or {}
    columns = (mapping.get("columns") or {}) if mapping.get("entity") == entity else {}
    found: dict[str, str] = {}
    for column, field in columns.items():
        if field and field not in found:
            found[field] = column
    return found


@dataclass(frozen=True)
class ColumnSource:
    """A source column of an import that set a stored column."""

    session_id: str
    file: str
    sheet: str
    column: str


def latest_column_sources(session: Session, entity: str) -> dict[str, list[ColumnSource]]:
    """Per field of ``entity``: the source columns of the latest committed import that wrote that field.

    Record edits set values by hand and name no column, so they do not count;
    undone imports changed nothing that is still stored.
    """
    last_write = (
        select(ImportChange.session_id, func.max(ImportChange.id).label("last_change"))
        .where(ImportChange.entity == entity)
        .group_by(ImportChange.session_id)
        .subquery()
    )
    statement = (
        select(ImportSession.id, ImportSession.source_filename, ImportSession.mappings_json)
        .join(last_write, last_write.c.session_id == ImportSession.id)
        .where(ImportSession.status == SessionStatus.COMMITTED, ImportSession.source_filename != EDIT_SOURCE)
        .order_by(last_write.c.last_change.desc())
    )
    sources: dict[str, list[ColumnSource]] = {}
    for session_id, file, mappings in session.execute(statement):
        found: dict[str, list[ColumnSource]] = {}
        for sheet, mapping in (mappings or {}).items():
            if (mapping or {}).get("entity") != entity:
                continue
            for column, field in (mapping.get("columns") or {}).items():
                if field:
                    found.setdefault(field, []).append(ColumnSource(session_id, file, sheet, column))
        for field, columns in found.items():
            sources.setdefault(field, columns)
    return sources
