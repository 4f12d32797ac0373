"""Reading and rewriting one custom field's values in an entity's ``attributes_json``.

Rewrites replace the whole JSON document of each touched record (JSON
columns do not track in-place mutation) and run in the caller's session, so
they commit or roll back with the definition change and its audit event.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.specs import get_entity_spec


@dataclass(frozen=True)
class StoredValue:
    """One record's value of a custom field."""

    record_id: int
    natural_key: str
    """The record's natural key as people know it (its name or title)."""
    value: Any
    """None when the record has no value for the field."""


def stored_values(session: Session, entity: str, key: str) -> list[StoredValue]:
    """Every record of ``entity`` with its value of ``key``, in id order."""
    model = ENTITY_MODELS[entity]
    spec = get_entity_spec(entity)
    key_columns = [getattr(model, spec.field(name).column_name) for name in spec.natural_key]
    rows = session.execute(select(model.id, model.attributes_json, *key_columns).order_by(model.id))
    return [
        StoredValue(
            record_id=row[0],
            natural_key=" / ".join("" if part is None else str(part) for part in row[2:]),
            value=(row[1] or {}).get(key),
        )
        for row in rows
    ]


def rewrite_values(session: Session, entity: str, key: str, new_values: Mapping[int, Any]) -> int:
    """Store ``new_values[record id]`` as the value of ``key`` in records that have one and whose value differs.

    Values are compared in their JSON form, so ``1`` and ``true`` (or ``8`` and
    ``8.0``) count as different. Returns how many records changed.
    """

    def rewrite(record_id: int, attributes: dict[str, Any]) -> dict[str, Any] | None:
        if key not in attributes or record_id not in new_values:
            return None
        if _json(new_values[record_id]) == _json(attributes[key]):
            return None
        return {**attributes, key: new_values[record_id]}

    return _rewrite(session, entity, rewrite)


def remove_key(session: Session, entity: str, key: str) -> int:
    """Drop ``key`` from every record's ``attributes_json``; returns how many records had it."""

    def rewrite(_record_id: int, attributes: dict[str, Any]) -> dict[str, Any] | None:
        if key not in attributes:
            return None
        return {name: value for name, value in attributes.items() if name != key}

    return _rewrite(session, entity, rewrite)


def _rewrite(
    session: Session, entity: str, rewrite: Callable[[int, dict[str, Any]], dict[str, Any] | None]
) -> int:
    model = ENTITY_MODELS[entity]
    now = datetime.now(UTC)
    changes = []
    for record_id, attributes in session.execute(select(model.id, model.attributes_json)):
        rewritten = rewrite(record_id, dict(attributes or {}))
        if rewritten is not None:
            changes.append({"id": record_id, "attributes_json": rewritten, "updated_at": now})
    if changes:
        session.execute(update(model), changes)
    return len(changes)


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True)
