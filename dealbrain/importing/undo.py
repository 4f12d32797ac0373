"""Undoing a committed import: put back what its changeset replaced, unless later work built on it.

A session's ``import_change`` rows say which records it inserted and what the
records it updated held before (a listing's component list included: its
``components`` before value is written back as a whole). Undo deletes the inserted ones and writes the
before values back, in reverse load order (listings before the CPUs they
name), all in one transaction with the session's new status and its audit
event. Records touched since (``undo_touched``) make it refuse, or with
``only_untouched`` are kept and reported.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, bindparam, delete, func, select, update
from sqlalchemy.orm import Session

from dealbrain.audit import AuditAction, record_event
from dealbrain.auth import Actor, Permission, require
from dealbrain.db.batches import in_batches
from dealbrain.db.engine import transaction
from dealbrain.db.locks import take_write_lock
from dealbrain.db.models import ImportChange, ImportSession
from dealbrain.errors import UserFacingError
from dealbrain.importing.undo_touched import (
    Key,
    RecordChange,
    add_referenced_elsewhere,
    changed_later,
    describe_skipped,
    record_names,
    skipped_records,
)
from dealbrain.importing.writer import resolve_reference_ids
from dealbrain.specs import EntitySpec, FieldSpec, FieldType, entities_in_load_order, get_entity_spec
from dealbrain.specs.components import COMPONENTS_FIELD, stored_elsewhere_fields
from dealbrain.store.changeset import state_columns
from dealbrain.store.keys import fold
from dealbrain.store.listing_components import replace_components
from dealbrain.store.records import ATTRIBUTES, entity_table
from dealbrain.store.sessions import SessionStatus, update_import_session
from dealbrain.store.table_changes import UNDO, TableChange, announce

LISTED = 20
"""Touched records named in a refusal; the rest are counted."""
KEPT = 200
"""Skipped records kept in the session's result and the audit event; the rest are counted."""


class UndoRefusedError(UserFacingError, ValueError):
    """The session cannot be undone as asked; the message says why and what to do."""


@dataclass
class UndoResult:
    session_id: str
    deleted: dict[str, int]
    restored: dict[str, int]
    skipped: list[dict[str, Any]]
    """Touched records left as they are: entity, record_id, name, operation, reason, sessions."""
    warnings: list[str] = dataclasses.field(default_factory=list)
    """The undo is saved, but something around it failed (Dagster was not told)."""

    def counts(self) -> dict[str, dict[str, int]]:
        """Per entity: records deleted, restored and skipped."""
        entities = set(self.deleted) | set(self.restored) | {item["entity"] for item in self.skipped}
        return {
            name: {
                "deleted": self.deleted.get(name, 0),
                "restored": self.restored.get(name, 0),
                "skipped": sum(1 for item in self.skipped if item["entity"] == name),
            }
            for name in sorted(entities)
        }


def undo_import(engine: Engine, actor: Actor, session_id: str, *, only_untouched: bool = False) -> UndoResult:
    """Revert committed import ``session_id`` and mark it undone, or refuse with `UndoRefusedError`.

    With ``only_untouched``, records touched since are kept and reported in
    ``skipped`` instead of refusing the whole undo.
    """
    known = _session_exists(engine, session_id)
    require(engine, actor, Permission.UNDO_IMPORT, action="undo an import", import_session_id=session_id if known else None)
    with transaction(engine) as session:
        take_write_lock(session)
        record = _committed_session(session, session_id)
        changes = _changes(session, session_id)
        touched = changed_later(session, session_id)
        add_referenced_elsewhere(session, changes, touched)
        skipped = skipped_records(session, changes, touched)
        if skipped and not only_untouched:
            raise UndoRefusedError(_refusal(session_id, skipped))
        result = _revert(session, session_id, [c for c in changes if c.key not in touched], skipped)
        document = _undo_document(actor, result, only_untouched)
        update_import_session(
            session, session_id, status=SessionStatus.UNDONE, result_json={**(record.result_json or {}), "undo": document}
        )
        record_event(session, actor=actor.name, action=AuditAction.UNDO, import_session_id=session_id, payload=document)
    result.warnings = announce(TableChange(UNDO, session_id, actor.name, _changed_counts(result)))
    return result


def _changed_counts(result: UndoResult) -> dict[str, dict[str, int]]:
    """Per entity the records deleted and restored (what changed the table; kept records did not)."""
    return {name: {"deleted": counts["deleted"], "restored": counts["restored"]} for name, counts in result.counts().items()}


def _session_exists(engine: Engine, session_id: str) -> bool:
    with engine.connect() as connection:
        return connection.execute(select(ImportSession.id).where(ImportSession.id == session_id)).first() is not None


def _committed_session(session: Session, session_id: str) -> ImportSession:
    """The session row, locked against a concurrent undo, if it is committed and not undone."""
    record = session.get(ImportSession, session_id, with_for_update=True)
    if record is None:
        raise UndoRefusedError(
            f"Import session {session_id!r} does not exist; check the id (`importer import` prints it, "
            "and it is the partition in the Dagster UI)."
        )
    if record.status == SessionStatus.UNDONE:
        by = (record.result_json or {}).get("undo", {}).get("actor")
        raise UndoRefusedError(
            f"Import session {session_id} was already undone{f' by {by}' if by else ''}; an undo cannot be applied twice."
        )
    if record.status != SessionStatus.COMMITTED:
        raise UndoRefusedError(
            f"Import session {session_id} was never committed (its status is {record.status}), so it changed "
            "no records and there is nothing to undo."
        )
    return record


def _changes(session: Session, session_id: str) -> list[RecordChange]:
    """The session's changeset, one entry per record (its first change, which holds the oldest before values)."""
    statement = select(
        ImportChange.entity, ImportChange.record_id, ImportChange.operation, ImportChange.before_json,
        ImportChange.after_json,
    )
    first: dict[Key, RecordChange] = {}
    for entity, record_id, operation, before, after in session.execute(
        statement.where(ImportChange.session_id == session_id).order_by(ImportChange.id)
    ):
        first.setdefault((entity, record_id), RecordChange(entity, record_id, operation, before, after))
    return list(first.values())


def _refusal(session_id: str, skipped: list[dict[str, Any]]) -> str:
    lines = [f"  - {describe_skipped(item)}" for item in skipped[:LISTED]]
    if len(skipped) > LISTED:
        lines.append(f"  … and {len(skipped) - LISTED} more")
    return (
        f"Cannot undo import session {session_id}: {len(skipped)} record(s) it wrote were changed by later imports "
        "or are named by records it did not create, and undoing would overwrite or break that later work:\n"
        + "\n".join(lines)
        + "\nUndo those later sessions first (newest first), or revert only the untouched records "
        f"(`importer undo {session_id} --only-untouched`, or `only_untouched: true` in the Launchpad)."
    )


def _revert(session: Session, session_id: str, changes: list[RecordChange], skipped: list[dict[str, Any]]) -> UndoResult:
    """Delete the inserted records and restore the updated ones, entity by entity in reverse load order."""
    by_entity: dict[str, list[RecordChange]] = defaultdict(list)
    for change in changes:
        by_entity[change.entity].append(change)
    deleting = {change.key for change in changes if change.operation == "insert"}
    deleted: dict[str, int] = {}
    restored: dict[str, int] = {}
    for entity in reversed(entities_in_load_order(set(by_entity) | {item["entity"] for item in skipped})):
        mine = by_entity.get(entity.name, [])
        updates = [change for change in mine if change.operation == "update"]
        _restore(session, entity, _restore_parameters(session, session_id, entity, updates, deleting))
        _restore_stored_elsewhere(session, entity, updates)
        restored[entity.name] = len(updates)
        deleted[entity.name] = _delete(session, entity, [c.record_id for c in mine if c.operation == "insert"])
    return UndoResult(session_id, deleted, restored, skipped)


def _restore_parameters(
    session: Session, session_id: str, entity: EntitySpec, updates: list[RecordChange], deleting: set[Key]
) -> list[dict[str, Any]]:
    """One parameter set per updated record: its before values, references resolved from names back to ids."""
    written = [f for f in entity.fields if f.name not in entity.natural_key]
    reference_ids: dict[str, dict[str, int]] = {}
    for field in (f for f in written if f.type is FieldType.REFERENCE):
        names = [c.before[field.name] for c in updates if c.before and c.before.get(field.name)]
        resolved = resolve_reference_ids(session, field.references or "", names)
        reference_ids[field.name] = {n: i for n, i in resolved.items() if (field.references, i) not in deleting}
    current = _current_attributes(session, entity, [change.record_id for change in updates])
    parameters = []
    for change in updates:
        before = change.before or {}
        values: dict[str, Any] = {"target_id": change.record_id}
        for field in (f for f in written if f.name in before):
            value = before[field.name]
            if field.type is FieldType.REFERENCE and value is not None:
                value = reference_ids[field.name].get(fold(str(value)))
                if value is None:
                    _refuse_missing_reference(session, session_id, entity, change, field, before[field.name])
            values[f"old_{field.column_name}"] = _column_value(field, value)
        values |= {f"old_{name}": value for name, value in state_columns(before).items()}
        if ATTRIBUTES in before:
            after = (change.after or {}).get(ATTRIBUTES)
            values[f"old_{ATTRIBUTES}"] = _attributes_before(
                before[ATTRIBUTES] or {}, after, current.get(change.record_id, {})
            )
        parameters.append(values)
    return parameters


def _restore_stored_elsewhere(session: Session, entity: EntitySpec, updates: list[RecordChange]) -> None:
    """Put back the component lists the session replaced (an inserted listing's go with it: ON DELETE CASCADE)."""
    if COMPONENTS_FIELD not in stored_elsewhere_fields(entity.name):
        return
    lists = {c.record_id: c.before[COMPONENTS_FIELD.name] for c in updates if c.before and COMPONENTS_FIELD.name in c.before}
    replace_components(session, lists)


def _current_attributes(session: Session, entity: EntitySpec, record_ids: list[int]) -> dict[int, dict[str, Any]]:
    table = entity_table(entity)
    found: dict[int, dict[str, Any]] = {}
    for chunk in in_batches(record_ids):
        statement = select(table.c.id, table.c.attributes_json).where(table.c.id.in_(chunk))
        found.update({record_id: attributes or {} for record_id, attributes in session.execute(statement)})
    return found


def _attributes_before(before: dict[str, Any], after: dict[str, Any] | None, current: dict[str, Any]) -> dict[str, Any]:
    """The current attributes with only the keys the session changed put back.

    Keys the session did not write keep their current value, so a custom
    field deleted or rewritten since is not resurrected by the undo. Without
    a recorded ``after`` (older changesets) the whole previous dict is used.
    """
    if after is None:
        return before
    restored = dict(current)
    for key in set(before) | set(after):
        if before.get(key) == after.get(key):
            continue
        if key in before:
            restored[key] = before[key]
        else:
            restored.pop(key, None)
    return restored


def _column_value(field: FieldSpec, value: Any) -> Any:
    """A before value as read back from JSON, in the Python type its column takes."""
    if value is None:
        return None
    if field.type is FieldType.DATE and isinstance(value, str):
        return date.fromisoformat(value[:10])
    if field.type is FieldType.NUMBER:
        return float(value)
    return value


def _refuse_missing_reference(
    session: Session, session_id: str, entity: EntitySpec, change: RecordChange, field: FieldSpec, name: str
) -> None:
    record = record_names(session, entity, [change.record_id]).get(change.record_id, f"#{change.record_id}")
    referenced = get_entity_spec(field.references or "").label
    raise UndoRefusedError(
        f"Cannot undo import session {session_id}: {entity.label} {record!r} named {referenced} {name!r} "
        f"before the import, and no {referenced} of that name exists any more. Re-create that {referenced} "
        "(import it again), then undo again."
    )


def _restore(session: Session, entity: EntitySpec, parameters: list[dict[str, Any]]) -> None:
    """Write the before values back with one executemany per set of written columns."""
    table = entity_table(entity)
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    for values in parameters:
        groups[tuple(sorted(values))].append(values)
    for names, group in groups.items():
        columns = [name.removeprefix("old_") for name in names if name != "target_id"]
        assignments: dict[str, Any] = {c: bindparam(f"old_{c}", type_=table.c[c].type) for c in columns}
        assignments["updated_at"] = func.current_timestamp()
        statement = update(table).where(table.c.id == bindparam("target_id")).values(assignments)
        session.connection().execute(statement, group)


def _delete(session: Session, entity: EntitySpec, record_ids: list[int]) -> int:
    table = entity_table(entity)
    deleted = 0
    for chunk in in_batches(record_ids):
        deleted += session.connection().execute(delete(table).where(table.c.id.in_(chunk))).rowcount
    return deleted


def _undo_document(actor: Actor, result: UndoResult, only_untouched: bool) -> dict[str, Any]:
    """What the session's result and the audit event keep about the undo."""
    return {
        "actor": actor.name,
        "undone_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "only_untouched": only_untouched,
        "counts": result.counts(),
        "skipped": result.skipped[:KEPT],
        "skipped_total": len(result.skipped),
    }
