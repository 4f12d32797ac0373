"""A record's states besides its values, each changed in one audited, undoable edit.

A **deleted** record keeps its row (``deleted_at``/``deleted_by`` set): its
key stays taken, its references and history stay valid, and listings and
exports hide it unless asked. A **disabled** record (``disabled_at``/
``disabled_by``) stays listed, greyed, but is out of use: an import updates
its values without enabling it and listings' components are not matched to
it. A CPU, GPU or ports profile an import created from a listing's names
**needs review** (``needs_review``) until someone marks it reviewed. Any of
these changes is written like any record edit: an edit session, one
changeset row per record (`state_row`, so `importer undo` of that session
puts the previous state back) and one audit event, which says who and when.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from dealbrain.audit import AuditAction, record_event
from dealbrain.db.batches import in_batches
from dealbrain.records.changeset import new_edit_session_id, open_edit_session
from dealbrain.records.results import BulkChange
from dealbrain.specs import EntitySpec
from dealbrain.specs.components import REVIEWABLE_ENTITIES
from dealbrain.store.changeset import DELETED_STATE, DISABLED_STATE, REVIEW_STATE, record_changes, state_row
from dealbrain.store.records import entity_table, natural_key_field

AUDITED_RECORDS = 100


@dataclass(frozen=True)
class RecordState:
    """One on/off state of records: its columns, the words for it and the audit actions of setting and clearing it."""

    flag: str
    """The name in diffs and the changes document: ``deleted``, ``disabled`` or ``needs_review``."""
    columns: tuple[str, ...]
    """The stamp column (set while on) and the who column; or a boolean column alone (true while on)."""
    set_verb: str
    clear_verb: str
    set_action: AuditAction
    clear_action: AuditAction
    set_count: str
    clear_count: str
    entities: tuple[str, ...] | None = None
    """The entities whose records have this state (None: every entity)."""

    def held_by(self, entity: str) -> bool:
        """Whether records of ``entity`` have this state."""
        return self.entities is None or entity in self.entities

    def is_on(self, item: dict[str, Any]) -> bool:
        value = item[self.columns[0]]
        return bool(value) if len(self.columns) == 1 else value is not None

    def values(self, *, on: bool, actor: str) -> dict[str, Any]:
        """The state's columns once set (``on``) or cleared by ``actor``."""
        if len(self.columns) == 1:
            return {self.columns[0]: on}
        stamp, who = self.columns
        return {stamp: datetime.now(UTC), who: actor} if on else {stamp: None, who: None}


DELETED = RecordState("deleted", DELETED_STATE, "delete", "restore", AuditAction.RECORD_DELETED,
                      AuditAction.RECORD_RESTORED, "deleted", "restored")
DISABLED = RecordState("disabled", DISABLED_STATE, "disable", "enable", AuditAction.RECORD_DISABLED,
                       AuditAction.RECORD_ENABLED, "disabled", "enabled")
NEEDS_REVIEW = RecordState("needs_review", REVIEW_STATE, "flag for review", "mark reviewed",
                           AuditAction.RECORD_REVIEW_REQUESTED, AuditAction.RECORD_REVIEWED, "flagged", "reviewed",
                           entities=REVIEWABLE_ENTITIES)


def record_states(
    session: Session, spec: EntitySpec, state: RecordState, record_ids: Sequence[int]
) -> list[dict[str, Any]]:
    """Per record, in id order: ``record_id``, ``record`` (natural key) and ``state``'s columns, locked."""
    table = entity_table(spec)
    key_column = table.c[natural_key_field(spec).column_name]
    found: list[dict[str, Any]] = []
    for chunk in in_batches(sorted(set(record_ids))):
        statement = select(table.c.id, key_column, *(table.c[name] for name in state.columns)).where(table.c.id.in_(chunk))
        found += [{"record_id": row[0], "record": row[1], **dict(zip(state.columns, row[2:], strict=True))}
                  for row in session.execute(statement.with_for_update())]
    return sorted(found, key=lambda item: item["record_id"])


def change_record_state(
    session: Session, actor: str, spec: EntitySpec, where: str, record_ids: Sequence[int], state: RecordState, *,
    on: bool, dry_run: bool,
) -> BulkChange:
    """Set (``on``) or clear ``state`` on the given records; those already so are counted as unchanged."""
    states = record_states(session, spec, state, record_ids)
    changing = [item for item in states if state.is_on(item) != on]
    diffs = [{"record": item["record"], "record_id": item["record_id"], "before": {state.flag: not on},
              "after": {state.flag: on}} for item in changing]
    changes = {state.flag: "true" if on else "false"}
    if dry_run or not changing:
        return BulkChange(spec.name, where, changes, len(states), diffs, None, dry_run)
    after = state.values(on=on, actor=actor)
    session_id = new_edit_session_id()
    request = {"entity": spec.name, "where": where, "action": state.set_verb if on else state.clear_verb}
    counts = {spec.name: {state.set_count if on else state.clear_count: len(changing)}}
    open_edit_session(session, session_id, actor, request, {"kind": "record_edit", "request": request, "counts": counts})
    table = entity_table(spec)
    statement = update(table).where(table.c.id == bindparam("target_id")).values({
        **{name: bindparam(f"new_{name}", type_=table.c[name].type) for name in state.columns},
        "updated_at": func.current_timestamp(),
    })
    session.connection().execute(statement, [
        {"target_id": item["record_id"], **{f"new_{name}": after[name] for name in state.columns}} for item in changing
    ])
    key_name = natural_key_field(spec).name
    record_changes(session, [
        state_row(session_id, spec.name, item["record_id"], {key_name: item["record"]}, state.columns,
                  {name: item[name] for name in state.columns}, after)
        for item in changing
    ])
    payload = {**request, "selected": len(states), "changed": len(changing), "records": diffs[:AUDITED_RECORDS],
               "records_total": len(diffs)}
    record_event(session, actor=actor, action=state.set_action if on else state.clear_action, entity=spec.name,
                 import_session_id=session_id, payload=payload)
    return BulkChange(spec.name, where, changes, len(states), diffs, session_id, False)
