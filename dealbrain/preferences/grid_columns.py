"""`GridColumnPreferences`: each user's column choice for an entity's grid, read and saved in the importer database.

A choice is the ordered list of the entity's fields (standard and custom),
each shown or hidden. It belongs to the user who saved it, so any role that
may read records (analysts too) may save their own; nobody reads another
user's. A choice is always arranged against the fields as they are now: a
field no longer there (a deactivated or deleted custom field) is dropped
quietly, a field added since appears at the end, shown; the natural key is
always shown, first, because the grid finds rows by it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from dealbrain.auth import Actor, Permission, require
from dealbrain.customfields import active_field_specs
from dealbrain.db.engine import transaction
from dealbrain.db.preference_models import UserGridColumns
from dealbrain.specs import EntitySpec, get_entity_spec
from dealbrain.store.records import natural_key_field


@dataclass(frozen=True)
class GridColumn:
    """One field of a grid and whether the user shows it."""

    field: str
    visible: bool = True


def arranged_columns(saved: Sequence[GridColumn], fields: Sequence[str], key: str) -> list[GridColumn]:
    """``saved`` against the current ``fields``: unknown and repeated names dropped, new fields last, ``key`` first."""
    known = set(fields)
    seen = {key}
    arranged = [GridColumn(key, True)]
    for column in saved:
        if column.field in known and column.field not in seen:
            seen.add(column.field)
            arranged.append(GridColumn(column.field, bool(column.visible)))
    arranged += [GridColumn(name, True) for name in fields if name not in seen]
    return arranged


class GridColumnPreferences:
    """The signed-in ``actor``'s own grid columns, per entity."""

    def __init__(self, engine: Engine, actor: Actor) -> None:
        self._engine = engine
        self._actor = actor

    def columns(self, entity: str) -> list[GridColumn]:
        """The actor's columns for ``entity``'s grid (every field shown, in field order, until they choose)."""
        spec = get_entity_spec(entity)
        require(self._engine, self._actor, Permission.READ, action="read records", entity=spec.name)
        with transaction(self._engine) as session:
            fields = self._field_names(session, spec)
            stored = session.get(UserGridColumns, (self._actor.name, spec.name))
            saved = _parsed(stored.columns_json) if stored is not None else []
        return arranged_columns(saved, fields, natural_key_field(spec).name)

    def save(self, entity: str, columns: Sequence[GridColumn]) -> list[GridColumn]:
        """Remember ``columns`` (in order) as the actor's choice for ``entity``; returns the choice as arranged."""
        spec = get_entity_spec(entity)
        require(self._engine, self._actor, Permission.READ, action="choose grid columns", entity=spec.name)
        with transaction(self._engine) as session:
            arranged = arranged_columns(columns, self._field_names(session, spec), natural_key_field(spec).name)
            document = [{"field": column.field, "visible": column.visible} for column in arranged]
            stored = session.get(UserGridColumns, (self._actor.name, spec.name))
            if stored is None:
                session.add(UserGridColumns(username=self._actor.name, entity=spec.name, columns_json=document))
            else:
                stored.columns_json = document
        return arranged

    def forget(self, entity: str) -> list[GridColumn]:
        """Drop the actor's choice for ``entity``: the grid shows every field in field order again."""
        spec = get_entity_spec(entity)
        require(self._engine, self._actor, Permission.READ, action="choose grid columns", entity=spec.name)
        with transaction(self._engine) as session:
            stored = session.get(UserGridColumns, (self._actor.name, spec.name))
            if stored is not None:
                session.delete(stored)
        return self.columns(entity)

    @staticmethod
    def _field_names(session: Session, spec: EntitySpec) -> list[str]:
        return [field.name for field in spec.fields] + [field.name for field in active_field_specs(session, spec.name)]


def _parsed(document: object) -> list[GridColumn]:
    """The stored list, ignoring entries that are not ``{"field": text, "visible": bool}``."""
    if not isinstance(document, list):
        return []
    return [GridColumn(item["field"], item.get("visible", True) is not False) for item in document
            if isinstance(item, dict) and isinstance(item.get("field"), str)]
