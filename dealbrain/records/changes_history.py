"""A record's history from the changesets: which import or edit session set which values, when, before -> after.

Read straight from ``import_change`` (the one changeset format, see
`dealbrain.store.changeset`) joined to its session, newest first, so the
workspace's detail view shows where each value came from without a log of
its own. Undone sessions are included and say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dealbrain.db.models import ImportChange, ImportSession
from dealbrain.store.records import ATTRIBUTES

SHOWN_CHANGES = 50


@dataclass(frozen=True)
class ValueChange:
    """One session's write to the record: what each field was and became."""

    session_id: str
    source: str
    by: str | None
    when: Any
    status: str
    operation: str
    values: dict[str, tuple[Any, Any]]
    """field -> (before, after); custom attributes by their key."""


def record_changes_history(session: Session, entity: str, record_id: int) -> list[ValueChange]:
    """The record's changeset rows, newest first (at most `SHOWN_CHANGES`)."""
    query = (select(ImportChange, ImportSession).join(ImportSession, ImportSession.id == ImportChange.session_id)
             .where(ImportChange.entity == entity, ImportChange.record_id == record_id)
             .order_by(ImportChange.id.desc()).limit(SHOWN_CHANGES))
    history = []
    for change, owner in session.execute(query):
        history.append(ValueChange(owner.id, owner.source_filename, owner.created_by, owner.created_at, owner.status,
                                   change.operation, _values(change.before_json, change.after_json)))
    return history


def _values(before: dict[str, Any] | None, after: dict[str, Any] | None) -> dict[str, tuple[Any, Any]]:
    inserted = before is None  # an insert wrote every value; an update only those its before holds
    before, after = dict(before or {}), dict(after or {})
    old_attributes, new_attributes = before.pop(ATTRIBUTES, None) or {}, after.pop(ATTRIBUTES, None) or {}
    values = {name: (before.get(name), after.get(name)) for name in after
              if (inserted or name in before) and before.get(name) != after.get(name)}
    for key in set(old_attributes) | set(new_attributes):
        if old_attributes.get(key) != new_attributes.get(key):
            values[key] = (old_attributes.get(key), new_attributes.get(key))
    return values
