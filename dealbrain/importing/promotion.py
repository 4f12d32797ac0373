"""Promoting an unmapped column to a custom field, through the custom-field service."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from dealbrain.auth import Actor
from dealbrain.customfields import CustomFieldService, FieldDefinition, FieldNotFound, FieldStatus
from dealbrain.customfields.inputs import FieldInputs
from dealbrain.errors import UserFacingError
from dealbrain.importing.request import ColumnPromotion
from dealbrain.specs import EntitySpec


class PromotionConflictError(UserFacingError, ValueError):
    """The promoted key is taken by a field that cannot receive the column."""


@dataclass(frozen=True)
class PromotionOutcome:
    definition: FieldDefinition
    created: bool

    @property
    def pending(self) -> bool:
        return self.definition.status is FieldStatus.PENDING


def promote_column(
    session: Session, engine: Engine, actor: Actor, entity: EntitySpec, promotion: ColumnPromotion
) -> PromotionOutcome:
    """The custom field the column feeds: the existing one with that key and type, or a new one.

    Admins create active fields; an operator's promotion is a pending field an admin must approve.
    """
    service = CustomFieldService(engine, actor)
    try:
        existing = service.get(entity.name, promotion.key, session=session)
    except FieldNotFound:
        inputs = FieldInputs(
            type=str(promotion.data_type),
            label=(promotion.label or promotion.column)[:255],  # only shown to people, never a key
            description=f"Promoted from column {promotion.column!r} of sheet {promotion.sheet!r}.",
            options=list(promotion.options),
        )
        created = service.create(entity.name, promotion.key, inputs, session=session)
        return PromotionOutcome(created, created=True)
    where = f"column {promotion.column!r} of sheet {promotion.sheet!r}"
    if existing.status is FieldStatus.DELETED:
        raise PromotionConflictError(
            f"Cannot promote {where}: custom field {entity.name}.{promotion.key} was deleted; "
            "restore it (`importer fields restore`) or choose another key."
        )
    if existing.type != promotion.data_type:
        raise PromotionConflictError(
            f"Cannot promote {where} as {promotion.data_type}: {entity.name}.{promotion.key} already exists "
            f"with type {existing.type}; use that type or another key."
        )
    return PromotionOutcome(existing, created=False)
