"""Queries over ``custom_field_definition``, including what the import pipeline reads.

`active_field_specs` is the one definition of "the custom fields an import
uses": approved (``is_active``), not soft-deleted, in display order.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from dealbrain.customfields.definition import FieldStatus, definition_from_row, definition_to_field_spec
from dealbrain.customfields.errors import DuplicateField, FieldNotFound, InvalidFieldState
from dealbrain.db.models import CustomFieldDefinition
from dealbrain.specs import FieldSpec


def find_definition_row(session: Session, entity: str, key: str) -> CustomFieldDefinition | None:
    """The definition of ``key`` on ``entity`` whatever its state (pending, active or deleted)."""
    statement = select(CustomFieldDefinition).where(
        CustomFieldDefinition.entity == entity, CustomFieldDefinition.key == key
    )
    return session.scalars(statement).one_or_none()


def definition_rows(
    session: Session, entity: str | None = None, *, include_deleted: bool = False, active_only: bool = False
) -> Sequence[CustomFieldDefinition]:
    """Definitions ordered by entity, display order and key."""
    statement = select(CustomFieldDefinition)
    if entity is not None:
        statement = statement.where(CustomFieldDefinition.entity == entity)
    if not include_deleted:
        statement = statement.where(CustomFieldDefinition.deleted_at.is_(None))
    if active_only:
        statement = statement.where(CustomFieldDefinition.is_active.is_(True))
    statement = statement.order_by(
        CustomFieldDefinition.entity, CustomFieldDefinition.display_order, CustomFieldDefinition.key
    )
    return session.scalars(statement).all()


def active_field_specs(session: Session, entity: str) -> list[FieldSpec]:
    """The `FieldSpec` of every approved, non-deleted custom field of ``entity``, by display order then key."""
    return [definition_to_field_spec(row) for row in definition_rows(session, entity, active_only=True)]


def existing_row(session: Session, entity: str, key: str) -> CustomFieldDefinition:
    """The definition of ``key`` on ``entity`` in any state; `FieldNotFound` if there is none."""
    row = find_definition_row(session, entity, key)
    if row is None:
        raise FieldNotFound(
            f"{entity} has no custom field {key!r}. List the fields with `importer fields list --entity {entity}`."
        )
    return row


def changeable_row(session: Session, entity: str, key: str) -> CustomFieldDefinition:
    """Like `existing_row`, but a soft-deleted definition is refused until restored."""
    row = existing_row(session, entity, key)
    if row.deleted_at is not None:
        raise InvalidFieldState(f"{entity} field {key!r} is deleted; restore it before changing it.")
    return row


def refuse_duplicate(session: Session, entity: str, key: str) -> None:
    """`DuplicateField` when ``key`` is taken on ``entity``, saying what to do in each state."""
    existing = find_definition_row(session, entity, key)
    if existing is None:
        return
    status = definition_from_row(existing).status
    advice = {
        FieldStatus.ACTIVE: "Change it with `importer fields update` or choose another key.",
        FieldStatus.PENDING: "It is waiting for approval: approve or delete it, or choose another key.",
        FieldStatus.DELETED: "It was deleted: restore it, or delete it with --hard first to reuse the key.",
    }[status]
    raise DuplicateField(f"{entity} already has a custom field {key!r} ({status.value}). {advice}")
