"""What a record shows besides its fields: the review flag of created records, a listing's components."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from dealbrain.specs import EntitySpec
from dealbrain.specs.components import REVIEWABLE_ENTITIES, stored_elsewhere_fields
from dealbrain.store.listing_components import stored_components
from dealbrain.store.records import entity_table


def record_extras(session: Session, entity: EntitySpec, record_id: int) -> dict[str, Any]:
    """``needs_review`` for CPUs, GPUs and ports profiles; ``components`` (type, name, quantity, record, metadata) for listings."""
    extras: dict[str, Any] = {}
    if entity.name in REVIEWABLE_ENTITIES:
        table = entity_table(entity)
        extras["needs_review"] = bool(session.execute(select(table.c.needs_review).where(table.c.id == record_id)).scalar())
    if stored_elsewhere_fields(entity.name):
        extras["components"] = stored_components(session, [record_id]).get(record_id, [])
    return extras
