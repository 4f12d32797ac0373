"""Which records of an import session are *touched*: reverting them would overwrite or break later work.

A record is touched when a later import that is still committed wrote it
again, or when the session inserted it and a record the undo does not revert
now names it (deleting it would blank that reference).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, select
from sqlalchemy.orm import Session, aliased

from dealbrain.db.batches import in_batches
from dealbrain.db.entity_tables import COMPONENT_REFERENCE_COLUMNS, ListingComponent
from dealbrain.db.models import ImportChange, ImportSession
from dealbrain.specs.components import COMPONENT_ENTITIES
from dealbrain.specs import ENTITY_SPECS, EntitySpec, FieldSpec, entities_in_load_order, get_entity_spec
from dealbrain.store.records import entity_table, natural_key_field
from dealbrain.store.sessions import SessionStatus

Key = tuple[str, int]
"""(entity, record id)."""


@dataclass(frozen=True)
class RecordChange:
    """One record of a session's changeset: inserted, or updated from ``before``."""

    entity: str
    record_id: int
    operation: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None = None

    @property
    def key(self) -> Key:
        return (self.entity, self.record_id)


@dataclass(frozen=True)
class Touch:
    """Why a record is touched, and by which import sessions."""

    reason: str
    sessions: tuple[str, ...]


def changed_later(session: Session, session_id: str) -> dict[Key, Touch]:
    """Records of the session written again afterwards by imports that are still committed."""
    mine, later = aliased(ImportChange), aliased(ImportChange)
    statement = (
        select(mine.entity, mine.record_id, later.session_id)
        .join(later, and_(later.entity == mine.entity, later.record_id == mine.record_id, later.id > mine.id))
        .join(ImportSession, ImportSession.id == later.session_id)
        .where(mine.session_id == session_id, later.session_id != session_id)
        .where(ImportSession.status == SessionStatus.COMMITTED)
        .order_by(later.id)
    )
    sessions: dict[Key, list[str]] = defaultdict(list)
    for entity, record_id, other in session.execute(statement):
        if other not in sessions[(entity, record_id)]:
            sessions[(entity, record_id)].append(other)
    return {key: Touch("changed later by an import or a record edit", tuple(found)) for key, found in sessions.items()}


def add_referenced_elsewhere(session: Session, changes: list[RecordChange], touched: dict[Key, Touch]) -> None:
    """Add the inserted records that records outside the revert now name (deleting them would blank those references).

    Targets are checked in reverse load order, so a referrer kept because it
    is touched keeps what it names too.
    """
    inserted: dict[str, list[int]] = defaultdict(list)
    for change in changes:
        if change.operation == "insert" and change.key not in touched:
            inserted[change.entity].append(change.record_id)
    reverted = {change.key for change in changes}
    for target in reversed(entities_in_load_order(set(inserted))):
        for referrer in ENTITY_SPECS.values():
            for field in referrer.reference_fields:
                if field.references != target.name:
                    continue
                outside = [
                    (referrer_id, name, target_id)
                    for referrer_id, name, target_id in _referrers(session, referrer, field, inserted[target.name])
                    if (referrer.name, referrer_id) not in reverted or (referrer.name, referrer_id) in touched
                ]
                writers = _last_writers(session, referrer.name, [referrer_id for referrer_id, _, _ in outside])
                for referrer_id, name, target_id in outside:
                    writer = writers.get(referrer_id)
                    touched.setdefault(
                        (target.name, target_id),
                        Touch(f"named by {referrer.label} {name!r}", (writer,) if writer else ()),
                    )
        _add_named_by_components(session, target, inserted[target.name], reverted, touched)


def _add_named_by_components(
    session: Session, target: EntitySpec, target_ids: list[int], reverted: set[Key], touched: dict[Key, Touch]
) -> None:
    """Inserted records a component of a listing outside the revert names (deleting them would blank it)."""
    column_name = next((c for kind, c in COMPONENT_REFERENCE_COLUMNS.items() if COMPONENT_ENTITIES[kind] == target.name), None)
    if column_name is None or not target_ids:
        return
    components, listings = ListingComponent.__table__, entity_table(get_entity_spec("listing"))
    column = components.c[column_name]
    found = []
    for chunk in in_batches(target_ids):
        statement = (
            select(listings.c.id, listings.c.title, column)
            .join(listings, listings.c.id == components.c.listing_id)
            .where(column.in_(chunk))
        )
        found.extend(session.execute(statement).all())
    outside = [(listing_id, title, target_id) for listing_id, title, target_id in found
               if ("listing", listing_id) not in reverted or ("listing", listing_id) in touched]
    writers = _last_writers(session, "listing", [listing_id for listing_id, _, _ in outside])
    for listing_id, title, target_id in outside:
        writer = writers.get(listing_id)
        touched.setdefault(
            (target.name, target_id), Touch(f"named by a component of Listing {title!r}", (writer,) if writer else ())
        )


def _referrers(
    session: Session, referrer: EntitySpec, field: FieldSpec, target_ids: list[int]
) -> list[tuple[int, str, int]]:
    """(id, name, referenced id) of the ``referrer`` records whose ``field`` names one of ``target_ids``."""
    table = entity_table(referrer)
    column, name = table.c[field.column_name], table.c[natural_key_field(referrer).column_name]
    found: list[tuple[int, str, int]] = []
    for chunk in in_batches(target_ids):
        found.extend(tuple(row) for row in session.execute(select(table.c.id, name, column).where(column.in_(chunk))))
    return found


def _last_writers(session: Session, entity: str, record_ids: list[int]) -> dict[int, str]:
    """The last still-committed import session that wrote each record, for those an import wrote."""
    writers: dict[int, str] = {}
    for chunk in in_batches(record_ids):
        statement = (
            select(ImportChange.record_id, ImportChange.session_id)
            .join(ImportSession, ImportSession.id == ImportChange.session_id)
            .where(ImportChange.entity == entity, ImportChange.record_id.in_(chunk))
            .where(ImportSession.status == SessionStatus.COMMITTED)
            .order_by(ImportChange.id)
        )
        writers.update({record_id: writer for record_id, writer in session.execute(statement)})
    return writers


def record_names(session: Session, entity: EntitySpec, record_ids: list[int]) -> dict[int, str]:
    """The natural key (name, or title for listings) of each record that still exists."""
    table = entity_table(entity)
    name = table.c[natural_key_field(entity).column_name]
    found: dict[int, str] = {}
    for chunk in in_batches(record_ids):
        rows = session.execute(select(table.c.id, name).where(table.c.id.in_(chunk)))
        found.update({record_id: text for record_id, text in rows})
    return found


def skipped_records(session: Session, changes: list[RecordChange], touched: dict[Key, Touch]) -> list[dict[str, Any]]:
    """The touched records, described for a person: listings first, then by name."""
    operations = {change.key: change.operation for change in changes}
    ids: dict[str, list[int]] = defaultdict(list)
    for entity, record_id in touched:
        ids[entity].append(record_id)
    skipped = []
    for entity in reversed(entities_in_load_order(set(ids))):
        names = record_names(session, entity, ids[entity.name])
        for record_id in ids[entity.name]:
            touch = touched[(entity.name, record_id)]
            skipped.append({
                "entity": entity.name, "record_id": record_id, "name": names.get(record_id, f"#{record_id}"),
                "operation": operations[(entity.name, record_id)], "reason": touch.reason, "sessions": list(touch.sessions),
            })
    return sorted(skipped, key=lambda item: (-get_entity_spec(item["entity"]).load_order, item["entity"], item["name"]))


def describe_skipped(item: dict[str, Any]) -> str:
    """One line naming a touched record, why it is touched and by which session."""
    sessions = f" (session {', '.join(item['sessions'])})" if item["sessions"] else ""
    return f"{get_entity_spec(item['entity']).label} {item['name']!r} ({item['operation']}): {item['reason']}{sessions}"
