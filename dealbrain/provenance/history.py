"""Cell-level provenance: who set each stored value of a record, from where, when, and what it replaced.

Read from the record's changeset rows (`dealbrain.store.changeset`), oldest
first. An update row holds the written fields' values before and after; a
value counts as set by it when it differs from the value before. An insert
row holds no values, so what the insert set is read forward: the value
before the next change of that field, or the stored value when none came
since. An import's change names its file (the session's), sheet and source
row, and the source column comes from the mapping the session confirmed; an
edit's names the edit session. A value no mapped column carries (set by an
override, or a CPU created on commit from a listing's sheet) names none.
Undone sessions are listed, marked undone.

`record_history` is what the CLI (`importer records history`), the API
(``GET /v1/reference/{entity}/{id}/history``) and the workspace's record
drawer call.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from dealbrain.auth import Actor, Permission, require
from dealbrain.customfields import active_field_specs
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportAuditEvent, ImportChange, ImportSession
from dealbrain.jsonsafe import to_jsonable
from dealbrain.provenance.sources import source_columns
from dealbrain.records.changeset import EDIT_SOURCE
from dealbrain.records.errors import UnknownFieldError
from dealbrain.records.loading import load_record
from dealbrain.specs import EntitySpec, get_entity_spec
from dealbrain.store.frames import RECORD_ID
from dealbrain.store.records import ATTRIBUTES, entity_table, natural_key_field
from dealbrain.store.sessions import SessionStatus

SETTING_ACTIONS = ("commit", "record_updated", "bulk_update", "record_deleted", "record_restored", "record_disabled",
                   "record_enabled")
"""Audit actions whose time is when a session's values were written."""


@dataclass(frozen=True)
class ValueChange:
    """One value set on the record: by which session, from where, when, and what it replaced."""

    field: str
    value: Any
    before: Any
    session_id: str
    kind: str
    """``import``, ``record_edit`` or ``bulk_edit``."""
    operation: str
    """``insert`` or ``update``."""
    actor: str
    at: datetime | None
    file: str | None = None
    sheet: str | None = None
    source_row: int | None = None
    source_column: str | None = None
    custom: bool = False
    undone: bool = False

    def as_dict(self) -> dict[str, Any]:
        return to_jsonable(vars(self))

    def origin(self) -> str:
        """Where the value came from, as a phrase: ``file.xlsx, sheet CPUs, row 3, column Cores``."""
        if self.kind != "import":
            return f"{self.kind.replace('_', ' ')} {self.session_id} by {self.actor}"
        parts = [self.file or "?", f"sheet {self.sheet}", f"row {self.source_row}"]
        parts.append(f"column {self.source_column}" if self.source_column else "no mapped column")
        return f"{', '.join(parts)} (import {self.session_id} by {self.actor})"


@dataclass(frozen=True)
class RecordHistory:
    entity: str
    key: str
    record_id: int
    changes: list[ValueChange] = field(default_factory=list)
    """Every value set on the record, oldest first."""

    def current(self) -> dict[str, ValueChange]:
        """Per field, the change that set the value stored now (the latest one not undone)."""
        latest: dict[str, ValueChange] = {}
        for change in self.changes:
            if not change.undone:
                latest[change.field] = change
        return latest

    def as_dict(self) -> dict[str, Any]:
        return {
            "entity": self.entity, "key": self.key, "record_id": self.record_id,
            "current": {name: change.as_dict() for name, change in self.current().items()},
            "changes": [change.as_dict() for change in self.changes],
        }


def record_history(engine: Engine, actor: Actor, entity: str, key: str, field_name: str | None = None) -> RecordHistory:
    """The provenance of every value of ``entity`` record ``key`` (or only of ``field_name``), oldest first.

    ``key`` is the record's natural key (letter case ignored), or its numeric
    id when no record is named so.
    """
    spec = get_entity_spec(entity)
    require(engine, actor, Permission.READ, action="read records", entity=spec.name)
    with transaction(engine) as session:
        custom = active_field_specs(session, spec.name)
        names = [f.name for f in spec.fields] + [f.name for f in custom]
        wanted = _field(names, field_name) if field_name else None
        record = load_record(session, spec, _key_of(session, spec, key), custom, lock=False)
        (row,) = to_jsonable(record.to_dicts())
        changes = _value_changes(session, spec, row[RECORD_ID], {n: row.get(n) for n in names}, {f.name for f in custom})
    if wanted:
        changes = [change for change in changes if change.field == wanted]
    return RecordHistory(spec.name, row[natural_key_field(spec).name], row[RECORD_ID], changes)


def _key_of(session: Session, spec: EntitySpec, given: str) -> str:
    """``given`` itself when a record has that name; else, for digits naming a record id, that record's name."""
    table = entity_table(spec)
    key_column = table.c[natural_key_field(spec).column_name]
    wanted = (given or "").strip()
    if not wanted.isdigit() or session.scalar(select(table.c.id).where(func.lower(key_column) == wanted.lower())):
        return given
    return session.scalar(select(key_column).where(table.c.id == int(wanted))) or given


def _field(names: list[str], given: str) -> str:
    for name in names:
        if name.lower() == given.strip().lower():
            return name
    raise UnknownFieldError(f"There is no field {given!r}; the fields are {', '.join(names)}.")


def _value_changes(session: Session, spec: EntitySpec, record_id: int, stored: dict[str, Any], custom: set[str]) -> list[ValueChange]:
    rows = session.execute(
        select(ImportChange, ImportSession)
        .join(ImportSession, ImportSession.id == ImportChange.session_id)
        .where(ImportChange.entity == spec.name, ImportChange.record_id == record_id)
        .order_by(ImportChange.id)
    ).all()
    times = _written_at(session, [change.session_id for change, _ in rows])
    documents = [_values(change.before_json, custom) for change, _ in rows]
    key_name = natural_key_field(spec).name
    changes: list[ValueChange] = []
    for index, (change, import_session) in enumerate(rows):
        context = _context(change, import_session, times)
        if change.operation == "insert":
            set_values = {name: _value_at_insert(name, documents[index + 1:], stored) for name in stored}
            set_values = {name: value for name, value in set_values.items() if value is not None}
            before: dict[str, Any] = {}
        else:
            before, after = documents[index], _values(change.after_json, custom)
            set_values = {
                name: value for name, value in after.items()
                if name != key_name and name in before and value != before[name]
                and (value is not None or context["kind"] != "import")
            }
        columns = source_columns(import_session.mappings_json, change.sheet, spec.name) if context["kind"] == "import" else {}
        changes += [
            ValueChange(name, value, before.get(name), source_column=columns.get(name), custom=name in custom, **context)
            for name, value in set_values.items()
        ]
    return changes


def _values(document: dict[str, Any] | None, custom: set[str]) -> dict[str, Any]:
    """A changeset document's values, the custom ones read from its full ``attributes_json`` (absent: None)."""
    if document is None:
        return {}
    values = {name: value for name, value in document.items() if name != ATTRIBUTES}
    if ATTRIBUTES in document:
        attributes = document[ATTRIBUTES] or {}
        values |= {name: attributes.get(name) for name in custom}
    return values


def _value_at_insert(name: str, later: list[dict[str, Any]], stored: dict[str, Any]) -> Any:
    """The value an insert set: the one the next change of ``name`` replaced, else the stored one."""
    for document in later:
        if name in document:
            return document[name]
    return stored.get(name)


def _context(
    change: ImportChange, import_session: ImportSession, times: dict[str, tuple[datetime, str]]
) -> dict[str, Any]:
    at, actor = times.get(change.session_id, (import_session.updated_at, import_session.created_by))
    edit = import_session.source_filename == EDIT_SOURCE
    kind = "import"
    if edit:
        kind = "bulk_edit" if "where" in ((import_session.result_json or {}).get("request") or {}) else "record_edit"
    return {
        "session_id": change.session_id, "kind": kind, "operation": change.operation,
        "actor": actor, "at": at,
        "file": None if edit else import_session.source_filename,
        "sheet": change.sheet, "source_row": change.source_row,
        "undone": import_session.status == SessionStatus.UNDONE,
    }


def _written_at(session: Session, session_ids: list[str]) -> dict[str, tuple[datetime, str]]:
    """When each session wrote its values and who did: its first commit or edit audit event."""
    if not session_ids:
        return {}
    statement = (
        select(ImportAuditEvent.session_id, ImportAuditEvent.created_at, ImportAuditEvent.actor)
        .where(ImportAuditEvent.session_id.in_(set(session_ids)), ImportAuditEvent.action.in_(SETTING_ACTIONS))
        .order_by(ImportAuditEvent.id)
    )
    written: dict[str, tuple[datetime, str]] = {}
    for session_id, at, actor in session.execute(statement):
        written.setdefault(session_id, (at, actor))
    return written
