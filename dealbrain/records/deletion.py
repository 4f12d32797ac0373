"""Soft delete and restore: the deleted state of records, changed in one edit session with its changeset and audit.

A deleted record keeps its row (``deleted_at``/``deleted_by`` set): its key
stays taken, its references and history stay valid, and listings and
exports hide it unless asked. The change is written like any record edit:
an edit session, one changeset row per record (`deleted_state_row`, so
`importer undo` of that session puts the previous state back) and one
audit event.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session

from dealbrain.audit import AuditAction, record_event
from dealbrain.db.batches import in_batches
from dealbrain.records.changeset import new_edit_session_id, open_edit_session
from dealbrain.records.results import BulkChange
from dealbrain.specs import EntitySpec
from dealbrain.store.changeset import DELETED_STATE, deleted_state_row, record_changes
from dealbrain.store.records import entity_table, natural_key_field

AUDITED_RECORDS = 100


def deleted_states(session: Session, spec: EntitySpec, record_ids: Sequence[int]) -> list[dict[str, Any]]:
    """Per record, in id order: ``record_id``, ``record`` (natural key), ``deleted_at``, ``deleted_by``."""
    table = entity_table(spec)
    key_column = table.c[natural_key_field(spec).column_name]
    found: list[dict[str, Any]] = []
    for chunk in in_batches(sorted(set(record_ids))):
        statement = select(table.c.id, key_column, table.c.deleted_at, table.c.deleted_by).where(table.c.id.in_(chunk))
        found += [{"record_id": row[0], "record": row[1], "deleted_at": row[2], "deleted_by": row[3]}
                  for row in session.execute(statement.with_for_update())]
    return sorted(found, key=lambda item: item["record_id"])


def change_deleted_state(
    session: Session, actor: str, spec: EntitySpec, where: str, record_ids: Sequence[int], *, delete: bool,
    dry_run: bool,
) -> BulkChange:
    """Delete (or restore) the given records; those already in that state are counted as unchanged."""
    states = deleted_states(session, spec, record_ids)
    changing = [state for state in states if (state["deleted_at"] is None) == delete]
    diffs = [{"record": state["record"], "record_id": state["record_id"], "before": {"deleted": not delete},
              "after": {"deleted": delete}} for state in changing]
    changes = {"deleted": "true" if delete else "false"}
    if dry_run or not changing:
        return BulkChange(spec.name, where, changes, len(states), diffs, None, dry_run)
    stamp = datetime.now(UTC)
    after = {"deleted_at": stamp, "deleted_by": actor} if delete else {"deleted_at": None, "deleted_by": None}
    session_id = new_edit_session_id()
    request = {"entity": spec.name, "where": where, "action": "delete" if delete else "restore"}
    counts = {spec.name: {"deleted" if delete else "restored": len(changing)}}
    open_edit_session(session, session_id, actor, request, {"kind": "record_edit", "request": request, "counts": counts})
    table = entity_table(spec)
    statement = update(table).where(table.c.id == bindparam("target_id")).values(
        deleted_at=bindparam("new_deleted_at", type_=table.c.deleted_at.type),
        deleted_by=bindparam("new_deleted_by"), updated_at=func.current_timestamp())
    session.connection().execute(statement, [
        {"target_id": state["record_id"], "new_deleted_at": after["deleted_at"], "new_deleted_by": after["deleted_by"]}
        for state in changing
    ])
    key_name = natural_key_field(spec).name
    record_changes(session, [
        deleted_state_row(session_id, spec.name, state["record_id"], {key_name: state["record"]},
                          {name: state[name] for name in DELETED_STATE}, after)
        for state in changing
    ])
    payload = {**request, "selected": len(states), "changed": len(changing), "records": diffs[:AUDITED_RECORDS],
               "records_total": len(diffs)}
    record_event(session, actor=actor, action=AuditAction.RECORD_DELETED if delete else AuditAction.RECORD_RESTORED,
                 entity=spec.name, import_session_id=session_id, payload=payload)
    return BulkChange(spec.name, where, changes, len(states), diffs, session_id, False)
