"""`CustomFieldService`: every way to manage custom fields, checked, audited and transactional.

Each method checks the actor's permission first, then works in one
transaction: the definition change, any rewrite of stored values and the
audit event commit together or not at all. Pass ``session=`` to join a
transaction the caller already has open (the import job promotes a column
to a custom field this way); the caller then commits. Without it, the
method opens and commits its own.

`active_field_specs` and `definition_to_field_spec` are re-exported here for
the import pipeline.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from dealbrain.audit import AuditAction, record_event
from dealbrain.auth import Actor, Permission, require
from dealbrain.customfields.changes import FieldChange, changed_definition, requested_change
from dealbrain.customfields.definition import (
    FieldDefinition,
    definition_from_row,
    definition_to_field_spec,
    write_definition,
)
from dealbrain.customfields.errors import ImpactConfirmationRequired, InvalidFieldState
from dealbrain.customfields.impact import DEFAULT_EXAMPLE_LIMIT, ImpactReport, measure_impact, measure_new_field
from dealbrain.customfields.inputs import FieldInputs
from dealbrain.customfields.new_definition import new_definition
from dealbrain.customfields.records import remove_key
from dealbrain.customfields.repository import (
    active_field_specs,
    changeable_row,
    definition_rows,
    existing_row,
    refuse_duplicate,
)
from dealbrain.customfields.value_migration import migrate_stored_values
from dealbrain.db.engine import transaction
from dealbrain.db.models import CustomFieldDefinition
from dealbrain.specs import get_entity_spec

__all__ = ["CustomFieldService", "active_field_specs", "definition_to_field_spec"]


class CustomFieldService:
    """Create, change, delete, restore and approve custom fields as ``actor``."""

    def __init__(self, engine: Engine, actor: Actor) -> None:
        self._engine = engine
        self._actor = actor

    def list_fields(
        self, entity: str | None = None, include_deleted: bool = False, *, session: Session | None = None
    ) -> list[FieldDefinition]:
        """Definitions (pending ones included) ordered by entity, display order and key."""
        entity_name = get_entity_spec(entity).name if entity else None
        self._require(Permission.READ, "list custom fields", entity_name)
        with self._unit_of_work(session) as work:
            rows = definition_rows(work, entity_name, include_deleted=include_deleted)
            return [definition_from_row(row) for row in rows]

    def get(self, entity: str, key: str, *, session: Session | None = None) -> FieldDefinition:
        """One definition whatever its state; `FieldNotFound` if there is none."""
        entity_name = get_entity_spec(entity).name
        self._require(Permission.READ, "read a custom field", entity_name)
        with self._unit_of_work(session) as work:
            return definition_from_row(existing_row(work, entity_name, key))

    def create(
        self, entity: str, key: str, inputs: FieldInputs, *, session: Session | None = None
    ) -> FieldDefinition:
        """A new field: active when an admin creates it, pending approval when an operator proposes it."""
        approved = self._may_approve(entity)
        definition = new_definition(entity, key, inputs)
        with self._unit_of_work(session) as work:
            refuse_duplicate(work, definition.entity, definition.key)
            now = _now()
            row = CustomFieldDefinition(
                is_active=approved, created_by=self._actor.name, created_at=now, updated_at=now
            )
            write_definition(row, definition)
            work.add(row)
            work.flush()
            after = definition_from_row(row)
            self._audit(work, AuditAction.CUSTOM_FIELD_CREATED, None, after)
            return after

    def preview_create(
        self, entity: str, key: str, inputs: FieldInputs, *, example_limit: int = DEFAULT_EXAMPLE_LIMIT,
        session: Session | None = None,
    ) -> ImpactReport:
        """The stored records `create` with the same arguments would find invalid; checked as `create` is, saves nothing."""
        self._may_approve(entity)
        definition = new_definition(entity, key, inputs)
        with self._unit_of_work(session) as work:
            refuse_duplicate(work, definition.entity, definition.key)
            return measure_new_field(work, definition, example_limit=example_limit)

    def impact(
        self,
        entity: str,
        key: str,
        change: FieldChange | None = None,
        *,
        example_limit: int = DEFAULT_EXAMPLE_LIMIT,
        session: Session | None = None,
        **changes: Any,
    ) -> ImpactReport:
        """How many stored values ``change`` would make invalid, with examples; changes nothing."""
        entity_name = get_entity_spec(entity).name
        self._require(Permission.PROPOSE_CUSTOM_FIELD, "measure a custom field change", entity_name)
        requested = requested_change(change, changes)
        with self._unit_of_work(session) as work:
            before = definition_from_row(changeable_row(work, entity_name, key))
            changed, renames = changed_definition(before, requested)
            return measure_impact(work, before, changed, renames, example_limit=example_limit)

    def update(
        self,
        entity: str,
        key: str,
        change: FieldChange | None = None,
        *,
        confirm: bool = False,
        session: Session | None = None,
        **changes: Any,
    ) -> FieldDefinition:
        """Apply ``change`` (or the keyword changes); refused if it breaks stored values unless ``confirm``."""
        entity_name = get_entity_spec(entity).name
        self._require(Permission.MANAGE_CUSTOM_FIELDS, "change a custom field", entity_name)
        requested = requested_change(change, changes)
        with self._unit_of_work(session) as work:
            row = changeable_row(work, entity_name, key)
            before = definition_from_row(row)
            changed, renames = changed_definition(before, requested)
            report = measure_impact(work, before, changed, renames) if requested.touches_rules else None
            if report is not None and report.requires_confirmation and not confirm:
                raise ImpactConfirmationRequired(_confirmation_message(report), report)
            rewritten = migrate_stored_values(work, before, changed, renames)
            write_definition(row, changed)
            row.updated_at = _now()
            work.flush()
            after = definition_from_row(row)
            self._audit(
                work,
                AuditAction.CUSTOM_FIELD_UPDATED,
                before,
                after,
                change=requested.as_dict(),
                impact=report.as_dict() if report else None,
                confirmed=confirm,
                records_rewritten=rewritten,
            )
            return after

    def delete(self, entity: str, key: str, *, hard: bool = False, session: Session | None = None) -> FieldDefinition:
        """Soft delete (values kept, restorable) or, with ``hard``, remove the definition and every value."""
        entity_name = get_entity_spec(entity).name
        self._require(Permission.MANAGE_CUSTOM_FIELDS, "delete a custom field", entity_name)
        with self._unit_of_work(session) as work:
            row = existing_row(work, entity_name, key)
            before = definition_from_row(row)
            if hard:
                cleared = remove_key(work, entity_name, key)
                work.delete(row)
                work.flush()
                self._audit(work, AuditAction.CUSTOM_FIELD_DELETED, before, None, hard=True, records_cleared=cleared)
                return before
            if row.deleted_at is not None:
                raise InvalidFieldState(
                    f"{entity_name} field {key!r} is already deleted. Restore it, or delete it with hard=True "
                    "(CLI: --hard) to remove it and its values for good."
                )
            row.deleted_at = _now()
            work.flush()
            after = definition_from_row(row)
            self._audit(work, AuditAction.CUSTOM_FIELD_DELETED, before, after, hard=False)
            return after

    def restore(self, entity: str, key: str, *, session: Session | None = None) -> FieldDefinition:
        """Undo a soft delete; the values kept in ``attributes_json`` are visible again."""
        entity_name = get_entity_spec(entity).name
        self._require(Permission.MANAGE_CUSTOM_FIELDS, "restore a custom field", entity_name)
        with self._unit_of_work(session) as work:
            row = existing_row(work, entity_name, key)
            if row.deleted_at is None:
                raise InvalidFieldState(f"{entity_name} field {key!r} is not deleted, so there is nothing to restore.")
            before = definition_from_row(row)
            row.deleted_at = None
            row.updated_at = _now()
            work.flush()
            after = definition_from_row(row)
            self._audit(work, AuditAction.CUSTOM_FIELD_RESTORED, before, after)
            return after

    def approve(self, entity: str, key: str, *, session: Session | None = None) -> FieldDefinition:
        """Make a pending (operator-proposed) field active."""
        entity_name = get_entity_spec(entity).name
        self._require(Permission.MANAGE_CUSTOM_FIELDS, "approve a custom field", entity_name)
        with self._unit_of_work(session) as work:
            row = changeable_row(work, entity_name, key)
            if row.is_active:
                raise InvalidFieldState(f"{entity_name} field {key!r} is already active; there is nothing to approve.")
            before = definition_from_row(row)
            row.is_active = True
            row.updated_at = _now()
            work.flush()
            after = definition_from_row(row)
            self._audit(work, AuditAction.CUSTOM_FIELD_APPROVED, before, after)
            return after

    def _may_approve(self, entity: str) -> bool:
        """True when the actor creates active fields; False when they may only propose (pending); else refused."""
        entity_name = get_entity_spec(entity).name
        if self._actor.can(Permission.MANAGE_CUSTOM_FIELDS):
            return True
        self._require(Permission.PROPOSE_CUSTOM_FIELD, "propose a custom field", entity_name)
        return False

    @contextmanager
    def _unit_of_work(self, session: Session | None) -> Iterator[Session]:
        """The caller's session (they commit), or a transaction of our own."""
        if session is not None:
            yield session
            return
        with transaction(self._engine) as own:
            yield own

    def _require(self, permission: Permission, action: str, entity: str | None) -> None:
        require(self._engine, self._actor, permission, action=action, entity=entity)

    def _audit(
        self,
        session: Session,
        action: AuditAction,
        before: FieldDefinition | None,
        after: FieldDefinition | None,
        **details: Any,
    ) -> None:
        subject = after or before
        assert subject is not None
        payload = {"key": subject.key, "before": before.as_dict() if before else None,
                   "after": after.as_dict() if after else None, **details}
        record_event(session, actor=self._actor.name, action=action, entity=subject.entity, payload=payload)


def _confirmation_message(report: ImpactReport) -> str:
    return (
        f"{report.summary()} Nothing was changed. Review the records with `importer fields impact` and repeat "
        "the update with confirm=True (CLI: --confirm) to apply it anyway."
    )


def _now() -> datetime:
    return datetime.now(UTC)
