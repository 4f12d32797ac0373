"""What an edit returns, and a stored record as a JSON-able document."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from dealbrain.jsonsafe import to_jsonable
from dealbrain.specs import EntitySpec
from dealbrain.store.frames import RECORD_ID
from dealbrain.store.records import ATTRIBUTES


@dataclass(frozen=True)
class RecordChange:
    """The outcome of editing one record."""

    entity: str
    key: str
    """The record's natural key (name, or title for listings) as stored."""
    record_id: int
    session_id: str | None
    """The edit session holding the changeset (undo it with `importer undo`); None when nothing changed."""
    before: dict[str, Any]
    """Previous values of the fields that changed (references by name), JSON-able."""
    after: dict[str, Any]
    notes: tuple[str, ...] = ()
    """Defaults filled in for cleared fields."""
    warnings: tuple[str, ...] = ()
    """The edit is saved, but something around it failed (Dagster was not told)."""

    @property
    def changed(self) -> bool:
        return self.session_id is not None

    def as_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity, "key": self.key, "record_id": self.record_id, "session_id": self.session_id,
            "status": "updated" if self.changed else "unchanged", "before": self.before, "after": self.after,
            "notes": list(self.notes), "warnings": list(self.warnings),
        }


@dataclass(frozen=True)
class BulkChange:
    """The outcome (or, with ``dry_run``, the plan) of editing the records a filter selects."""

    entity: str
    where: str
    changes: dict[str, str | None]
    """The values as typed, by field name."""
    selected: int
    records: list[dict[str, Any]]
    """Per changed record: ``record`` (natural key), ``record_id``, and ``before`` and ``after``
    of the fields that change on it."""
    session_id: str | None = None
    dry_run: bool = False
    notes: tuple[str, ...] = field(default=())
    warnings: tuple[str, ...] = field(default=())
    """The edit is saved, but something around it failed (Dagster was not told)."""

    @property
    def updated(self) -> int:
        return len(self.records)

    @property
    def unchanged(self) -> int:
        return self.selected - self.updated

    def as_dict(self, records_limit: int | None = None) -> dict[str, Any]:
        shown = self.records if records_limit is None else self.records[:records_limit]
        status = "dry_run" if self.dry_run else ("updated" if self.session_id else "unchanged")
        return {
            "entity": self.entity, "where": self.where, "changes": self.changes, "status": status,
            "session_id": self.session_id, "selected": self.selected, "updated": self.updated,
            "unchanged": self.unchanged, "records": shown, "records_total": len(self.records),
            "notes": list(self.notes), "warnings": list(self.warnings),
        }


def record_document(records: pl.DataFrame, entity: EntitySpec) -> dict[str, Any]:
    """The single record of ``records``: id, every standard field (references by name), and its stored custom values."""
    (row,) = records.to_dicts()
    document: dict[str, Any] = {"id": row[RECORD_ID]}
    document |= {spec.name: to_jsonable(row[spec.name]) for spec in entity.fields}
    document[ATTRIBUTES] = json.loads(row[ATTRIBUTES] or "{}")
    return document
