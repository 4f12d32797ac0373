"""Stored listing components: read as the canonical component list, replaced as a whole.

Imports (`dealbrain.importing.writer`) and undo (`dealbrain.importing.undo`)
both go through `replace_components`, and the change plan compares what
`stored_component_lists` reads, so a listing's components are one field
(``components``) everywhere: in conflicts, in the changeset, in undo.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from dealbrain.db.batches import in_batches
from dealbrain.db.entity_tables import COMPONENT_REFERENCE_COLUMNS, ListingComponent
from dealbrain.store.component_lists import canonical_components, read_components
from dealbrain.specs.components import COMPONENT_ENTITIES
from dealbrain.store.keys import fold

TABLE = ListingComponent.__table__


def _referenced_names(session: Session, rows: Sequence[Any]) -> dict[tuple[str, int], str]:
    from dealbrain.store.records import entity_table_by_name

    wanted: dict[str, set[int]] = {}
    for row in rows:
        for kind, column in COMPONENT_REFERENCE_COLUMNS.items():
            if getattr(row, column) is not None:
                wanted.setdefault(COMPONENT_ENTITIES[kind], set()).add(getattr(row, column))
    names: dict[tuple[str, int], str] = {}
    for entity, ids in wanted.items():
        table = entity_table_by_name(entity)
        for chunk in in_batches(sorted(ids)):
            for record_id, name in session.execute(select(table.c.id, table.c.name).where(table.c.id.in_(chunk))):
                names[(entity, record_id)] = name
    return names


def _ids_by_name(session: Session, entity: str, names: list[str]) -> dict[str, int]:
    from sqlalchemy import func

    from dealbrain.store.records import entity_table_by_name

    table = entity_table_by_name(entity)
    found: dict[str, int] = {}
    for chunk in in_batches(sorted({fold(name) for name in names})):
        statement = select(func.lower(table.c.name), table.c.id).where(func.lower(table.c.name).in_(chunk))
        found.update(dict(session.execute(statement).all()))
    return found


def stored_components(session: Session, listing_ids: Sequence[int]) -> dict[int, list[dict[str, Any]]]:
    """Listing id -> its stored components (type, name, quantity, metadata, record name), in stored order."""
    rows: list[Any] = []
    for chunk in in_batches(sorted(set(listing_ids))):
        statement = select(TABLE).where(TABLE.c.listing_id.in_(chunk)).order_by(TABLE.c.listing_id, TABLE.c.position)
        rows.extend(session.execute(statement).all())
    names = _referenced_names(session, rows)
    found: dict[int, list[dict[str, Any]]] = {}
    for row in rows:
        kind = row.component_type
        column = COMPONENT_REFERENCE_COLUMNS.get(kind)
        record_id = getattr(row, column) if column else None
        record = names.get((COMPONENT_ENTITIES[kind], record_id)) if record_id is not None else None
        found.setdefault(row.listing_id, []).append({
            "component_type": kind, "name": row.name, "quantity": row.quantity,
            "metadata": row.metadata_json or {}, "record": record,
        })
    return found


def stored_component_lists(session: Session, listing_ids: Sequence[int]) -> dict[int, str]:
    """Listing id -> its stored components as canonical text (listings without components are left out)."""
    return {listing: canonical_components(items) for listing, items in stored_components(session, listing_ids).items()}


def replace_components(session: Session, lists: Mapping[int, str | None]) -> None:
    """Give each listing id exactly the components of its canonical list (None or [] removes them all).

    A component's ``record`` is looked up by name in the entity its type
    names; a record that no longer exists leaves the reference empty.
    """
    if not lists:
        return
    for chunk in in_batches(sorted(lists)):
        session.execute(delete(TABLE).where(TABLE.c.listing_id.in_(chunk)))
    items = {listing: read_components(text) for listing, text in lists.items()}
    wanted: dict[str, list[str]] = {}
    for components in items.values():
        for item in components:
            entity = COMPONENT_ENTITIES.get(item["component_type"])
            if entity and item.get("record"):
                wanted.setdefault(entity, []).append(item["record"])
    ids = {entity: _ids_by_name(session, entity, names) for entity, names in wanted.items()}
    rows = []
    for listing, components in items.items():
        for position, item in enumerate(components):
            kind = item["component_type"]
            row = {"listing_id": listing, "position": position, "component_type": kind, "name": item["name"],
                   "quantity": item["quantity"], "metadata_json": item.get("metadata") or {}}
            row |= {column: None for column in COMPONENT_REFERENCE_COLUMNS.values()}
            entity = COMPONENT_ENTITIES.get(kind)
            if entity and item.get("record"):
                row[COMPONENT_REFERENCE_COLUMNS[kind]] = ids[entity].get(fold(item["record"]))
            rows.append(row)
    if rows:
        session.execute(insert(TABLE), rows)
