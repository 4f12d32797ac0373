"""`RecordService`: reading and editing stored records, one at a time or in bulk, checked and audited.

Every edit follows the same steps in one transaction: read the changes as
typed text with the import's coercion, resolve reference names exactly, lock
and load the records, apply the changes, validate the whole records with the
schema an import uses, then write the changed records, their changeset (an
edit session `importer undo` can revert) and one audit event. Any refusal
leaves the database as it was.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import polars as pl
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from dealbrain.audit import AuditAction, record_event
from dealbrain.auth import Actor, Permission, require
from dealbrain.customfields import active_field_specs
from dealbrain.db.engine import transaction
from dealbrain.db.locks import take_write_lock
from dealbrain.overrides import FilterSyntaxError, compile_filter
from dealbrain.records.changeset import change_rows, new_edit_session_id, open_edit_session
from dealbrain.records.edits import apply_changes, changed_rows, differs, record_diffs
from dealbrain.records.errors import InvalidFilterError, NothingSelectedError, RecordNotFoundError, RecordUsageError
from dealbrain.records.extras import record_extras
from dealbrain.records.fields import FieldChange, all_fields, read_changes
from dealbrain.records.listing import RecordPage, list_page
from dealbrain.records.loading import load_all_records, load_record
from dealbrain.records.record_states import DELETED, DISABLED, NEEDS_REVIEW, RecordState, change_record_state
from dealbrain.records.references import resolve_references
from dealbrain.records.results import BulkChange, RecordChange, record_document
from dealbrain.records.validation import refuse_invalid
from dealbrain.records.writing import write_records
from dealbrain.specs import EntitySpec, FieldSpec, get_entity_spec
from dealbrain.store.changeset import record_changes
from dealbrain.store.frames import RECORD_ID
from dealbrain.store.records import entity_table, natural_key_field
from dealbrain.store.table_changes import BULK_EDIT, EDIT, TableChange, announce

AUDITED_RECORDS = 100
"""Record diffs kept in a bulk edit's audit event; the rest are counted."""


class RecordService:
    """Read and edit stored records of the five entities as ``actor``."""

    def __init__(self, engine: Engine, actor: Actor) -> None:
        self._engine = engine
        self._actor = actor

    def get(self, entity: str, key: str) -> dict[str, Any]:
        """The record of ``entity`` whose natural key is ``key``: id, standard fields, ``attributes_json``."""
        spec = get_entity_spec(entity)
        require(self._engine, self._actor, Permission.READ, action="read records", entity=spec.name)
        with transaction(self._engine) as session:
            custom = active_field_specs(session, spec.name)
            document = record_document(load_record(session, spec, key, custom, lock=False), spec)
            return document | record_extras(session, spec, document["id"])

    def key_of(self, entity: str, record_id: int) -> str:
        """The natural key of the record whose id is ``record_id`` (deleted ones too)."""
        spec = get_entity_spec(entity)
        require(self._engine, self._actor, Permission.READ, action="read records", entity=spec.name)
        table = entity_table(spec)
        with transaction(self._engine) as session:
            key = session.scalar(select(table.c[natural_key_field(spec).column_name]).where(table.c.id == record_id))
        if key is None:
            raise RecordNotFoundError(f"There is no {spec.label} record with id {record_id}; it may have been removed "
                                      "by an undo. Look it up by name in the grid.")
        return str(key)

    def fields(self, entity: str) -> tuple[EntitySpec, list[FieldSpec]]:
        """The entity's spec and its active custom fields: the columns a listing of it can show."""
        spec = get_entity_spec(entity)
        require(self._engine, self._actor, Permission.READ, action="read records", entity=spec.name)
        with transaction(self._engine) as session:
            return spec, active_field_specs(session, spec.name)

    def list(
        self, entity: str, *, where: str | None = None, sort: str | None = None, limit: int = 100, offset: int = 0,
        fields: str | Sequence[str] | None = None, include_deleted: bool = False, disabled: bool | None = None,
    ) -> RecordPage:
        """Stored records ``where`` selects (the filter language), sorted by ``sort`` (``-`` for descending), paged.

        ``fields`` limits each document to those standard and custom fields
        (``id`` and ``disabled`` always come); the page says how many records match in all.
        Soft-deleted records are left out unless ``include_deleted``; then
        every document also says ``deleted_at`` (None for a live record).
        Every document says whether it is ``disabled``; ``disabled`` True
        lists only disabled records, False only enabled ones.
        """
        spec = get_entity_spec(entity)
        require(self._engine, self._actor, Permission.READ, action="read records", entity=spec.name)
        return list_page(self._engine, spec, where=where, sort=sort, limit=limit, offset=offset, fields=fields,
                         include_deleted=include_deleted, disabled=disabled)

    def delete(self, entity: str, key: str) -> BulkChange:
        """Soft-delete the record whose natural key is ``key``: hidden from lists and exports until restored."""
        return self._set_state(entity, key, DELETED, on=True)

    def restore(self, entity: str, key: str) -> BulkChange:
        """Restore the soft-deleted record whose natural key is ``key``."""
        return self._set_state(entity, key, DELETED, on=False)

    def disable(self, entity: str, key: str) -> BulkChange:
        """Disable the record ``key``: still listed (greyed), but out of use until enabled."""
        return self._set_state(entity, key, DISABLED, on=True)

    def enable(self, entity: str, key: str) -> BulkChange:
        """Enable the disabled record ``key`` again."""
        return self._set_state(entity, key, DISABLED, on=False)

    def mark_reviewed(self, entity: str, key: str) -> BulkChange:
        """Mark the record ``key`` (a CPU, GPU or ports profile created from a listing's names) reviewed."""
        return self._set_state(entity, key, NEEDS_REVIEW, on=False)

    def bulk_review(self, entity: str, where: str, *, needs_review: bool = False, dry_run: bool = False) -> BulkChange:
        """Mark every record ``where`` selects reviewed (or, with ``needs_review``, flag them for review again)."""
        return self._bulk_state(entity, where, NEEDS_REVIEW, on=needs_review, dry_run=dry_run)

    def bulk_delete(self, entity: str, where: str, *, restore: bool = False, dry_run: bool = False) -> BulkChange:
        """Soft-delete (or, with ``restore``, restore) every record ``where`` selects, deleted ones included."""
        return self._bulk_state(entity, where, DELETED, on=not restore, dry_run=dry_run)

    def bulk_disable(self, entity: str, where: str, *, enable: bool = False, dry_run: bool = False) -> BulkChange:
        """Disable (or, with ``enable``, enable) every record ``where`` selects, deleted ones included."""
        return self._bulk_state(entity, where, DISABLED, on=not enable, dry_run=dry_run)

    def _bulk_state(self, entity: str, where: str, state: RecordState, *, on: bool, dry_run: bool) -> BulkChange:
        spec = _holding(get_entity_spec(entity), state)
        verb = f"{state.set_verb if on else state.clear_verb} records"
        require(self._engine, self._actor, Permission.EDIT_RECORDS, action=f"preview: {verb}" if dry_run else verb,
                entity=spec.name)
        with transaction(self._engine) as session:
            if not dry_run:
                take_write_lock(session)
            custom = active_field_specs(session, spec.name)
            records = load_all_records(session, spec, custom, include_deleted=True)
            selected = records.filter(_selection(spec, custom, where))
            if selected.is_empty():
                raise NothingSelectedError(f"The filter {where!r} selects none of the {records.height} {spec.label} "
                                           "records, so nothing was changed.")
            ids = selected.get_column(RECORD_ID).to_list()
            return change_record_state(session, self._actor.name, spec, where, ids, state, on=on, dry_run=dry_run)

    def _set_state(self, entity: str, key: str, state: RecordState, *, on: bool) -> BulkChange:
        spec = _holding(get_entity_spec(entity), state)
        require(self._engine, self._actor, Permission.EDIT_RECORDS,
                action=f"{state.set_verb if on else state.clear_verb} records", entity=spec.name)
        with transaction(self._engine) as session:
            take_write_lock(session)
            record = load_record(session, spec, key, [])
            where = f"{natural_key_field(spec).name} = {json.dumps(str(record.item(0, natural_key_field(spec).name)))}"
            return change_record_state(session, self._actor.name, spec, where, [record.item(0, RECORD_ID)], state,
                                       on=on, dry_run=False)

    def update(self, entity: str, key: str, changes: Mapping[str, str | None]) -> RecordChange:
        """Set fields of one record from typed-in text (None or "" clears); refused as a whole or written."""
        spec = get_entity_spec(entity)
        require(self._engine, self._actor, Permission.EDIT_RECORDS, action="edit records", entity=spec.name)
        key_name = natural_key_field(spec).name
        with transaction(self._engine) as session:
            take_write_lock(session)
            custom, typed, reference_ids = self._read_changes(session, spec, changes)
            before = load_record(session, spec, key, custom)
            after, notes = apply_changes(before, typed)
            names = [change.field.name for change in typed]
            (diff,) = record_diffs(before, after, names, key_name)
            result = RecordChange(
                spec.name, diff["record"], diff["record_id"], None, diff["before"], diff["after"], tuple(notes)
            )
            if not diff["after"]:
                return result
            refuse_invalid(after, spec, custom, key=key_name, changed=names)
            session_id = new_edit_session_id()
            request = {"entity": spec.name, "key": diff["record"], "changes": dict(changes)}
            written = self._write(session, session_id, spec, request, before, after, typed, reference_ids)
            payload = {**request, "record_id": diff["record_id"], "before": diff["before"], "after": diff["after"],
                       "fields": [f.name for f in written], "notes": notes}
            record_event(session, actor=self._actor.name, action=AuditAction.RECORD_UPDATED, entity=spec.name,
                         import_session_id=session_id, payload=payload)
            result = RecordChange(spec.name, diff["record"], diff["record_id"], session_id, diff["before"],
                                  diff["after"], tuple(notes))
        return replace(result, warnings=tuple(self._announce(EDIT, session_id, spec.name, 1)))

    def bulk_update(
        self, entity: str, where: str, changes: Mapping[str, str | None], *, dry_run: bool = False
    ) -> BulkChange:
        """Set fields of every record ``where`` selects; all are written or none (any invalid row refuses the batch).

        With ``dry_run`` the edit is checked exactly the same way and what it
        would change is returned, but nothing is written or audited.
        """
        spec = get_entity_spec(entity)
        action = "preview a bulk edit of records" if dry_run else "bulk-edit records"
        require(self._engine, self._actor, Permission.EDIT_RECORDS, action=action, entity=spec.name)
        key_name = natural_key_field(spec).name
        with transaction(self._engine) as session:
            if not dry_run:
                take_write_lock(session)
            custom, typed, reference_ids = self._read_changes(session, spec, changes)
            selection = _selection(spec, custom, where)
            records = load_all_records(session, spec, custom)
            selected = records.filter(selection)
            if selected.is_empty():
                raise NothingSelectedError(
                    f"The filter {where!r} selects none of the {records.height} {spec.label} records, so nothing "
                    "was changed. Check the field names and values (text comparisons ignore letter case)."
                )
            after, notes = apply_changes(selected, typed)
            names = [change.field.name for change in typed]
            changed = changed_rows(selected, after, names)
            before, after = selected.filter(changed), after.filter(changed)
            refuse_invalid(after, spec, custom, key=key_name, changed=names)
            diffs = record_diffs(before, after, names, key_name)
            result = BulkChange(spec.name, where, dict(changes), selected.height, diffs, None, dry_run, tuple(notes))
            if dry_run or not diffs:
                return result
            session_id = new_edit_session_id()
            request = {"entity": spec.name, "where": where, "changes": dict(changes)}
            self._write(session, session_id, spec, request, before, after, typed, reference_ids)
            payload = {**request, "selected": result.selected, "updated": result.updated,
                       "unchanged": result.unchanged, "records": diffs[:AUDITED_RECORDS],
                       "records_total": len(diffs), "notes": notes}
            record_event(session, actor=self._actor.name, action=AuditAction.BULK_UPDATE, entity=spec.name,
                         import_session_id=session_id, payload=payload)
            result = BulkChange(spec.name, where, dict(changes), selected.height, diffs, session_id, False, tuple(notes))
        return replace(result, warnings=tuple(self._announce(BULK_EDIT, session_id, spec.name, result.updated)))

    def _announce(self, kind: str, session_id: str, entity: str, updated: int) -> list[str]:
        """Tell the surface's listener (Dagster) which table the committed edit changed; its warnings."""
        return announce(TableChange(kind, session_id, self._actor.name, {entity: {"updated": updated}}))

    @staticmethod
    def _read_changes(
        session: Session, spec: EntitySpec, changes: Mapping[str, str | None]
    ) -> tuple[list[FieldSpec], list[FieldChange], dict[str, int | None]]:
        custom = active_field_specs(session, spec.name)
        typed, reference_ids = resolve_references(session, read_changes(spec, custom, changes))
        return custom, typed, reference_ids

    def _write(
        self,
        session: Session,
        session_id: str,
        spec: EntitySpec,
        request: dict[str, Any],
        before: pl.DataFrame,
        after: pl.DataFrame,
        typed: list[FieldChange],
        reference_ids: dict[str, int | None],
    ) -> list[FieldSpec]:
        """The edit session, the records and their changeset; returns the fields written."""
        fields = [change.field for change in typed if differs(change.field.name, before, after).any()]
        result = {"kind": "record_edit", "request": request, "counts": {spec.name: {"updated": after.height}}}
        open_edit_session(session, session_id, self._actor.name, request, result)
        write_records(session, spec, before, after, fields, reference_ids)
        record_changes(session, change_rows(session_id, spec, before, after, fields))
        return fields


def _holding(spec: EntitySpec, state: RecordState) -> EntitySpec:
    """``spec`` when its records have ``state``; a usage error naming the entities that do otherwise."""
    if not state.held_by(spec.name):
        labels = ", ".join(get_entity_spec(name).label for name in state.entities or ())
        raise RecordUsageError(f"{spec.label} records cannot {state.clear_verb} or {state.set_verb}: "
                               f"only {labels} records created from a listing's names carry that flag.")
    return spec


def _selection(spec: EntitySpec, custom: list[FieldSpec], where: str) -> pl.Expr:
    if not (where or "").strip():
        key = natural_key_field(spec).name
        raise InvalidFilterError(
            f"The filter is empty; say which {spec.label} records to change, e.g. --where '{key} contains \"…\"' "
            f"(every record: --where '{key} is not null')."
        )
    try:
        return compile_filter(where, all_fields(spec, custom)).fill_null(False)
    except FilterSyntaxError as error:
        raise InvalidFilterError(f"The filter cannot be used:\n{error}") from None
