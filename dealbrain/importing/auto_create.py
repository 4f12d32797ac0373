"""Lightweight records created on commit for components that listings name but nobody imported.

Each is flagged ``needs_review`` (a column of ``cpu``, ``gpu`` and
``ports_profile``) and marked with the session in ``attributes_json``; the
fields a component's metadata gave (``gpu_mark`` 8540) are filled in. The
preview listed them and the ``on_unknown_component`` policy allowed them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from dealbrain.importing.writer import resolve_reference_ids
from dealbrain.specs import FieldType, get_entity_spec
from dealbrain.store.changeset import change_row, record_changes
from dealbrain.store.keys import fold
from dealbrain.store.records import entity_table_by_name

AUTO_CREATED_MARK = "auto_created_from_import"


class AlreadyCreatedError(LookupError):
    """A record the preview planned to create exists now: the preview is stale."""


def _column_values(entity: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """The planned values as the table's columns take them (dates from their ISO text)."""
    from datetime import date

    spec = get_entity_spec(entity)
    columns: dict[str, Any] = {}
    for name, value in values.items():
        if name not in spec.field_names:
            continue
        field = spec.field(name)
        if field.type is FieldType.DATE and isinstance(value, str):
            value = date.fromisoformat(value[:10])
        columns[field.column_name] = value
    return columns


def create_referenced_records(
    session: Session,
    entity: str,
    names: list[str],
    import_session_id: str,
    values: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[str]:
    """Insert a record flagged for review for each of ``names`` (with ``values`` by folded name) and log them."""
    if not names:
        return []
    present = resolve_reference_ids(session, entity, names)
    if present:
        raise AlreadyCreatedError(f"{entity} {', '.join(sorted(present)[:5])} exist(s) now")
    table = entity_table_by_name(entity)
    planned = {fold(name): dict(found) for name, found in (values or {}).items()}
    rows = [
        {"name": name, "needs_review": True, "attributes_json": {AUTO_CREATED_MARK: import_session_id}}
        | _column_values(entity, planned.get(fold(name), {}))
        for name in names
    ]
    # one statement per set of columns, so records without metadata take the columns' defaults
    ids: list[int] = []
    for columns in dict.fromkeys(tuple(sorted(row)) for row in rows):
        group = [row for row in rows if tuple(sorted(row)) == columns]
        ids += session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), group).scalars().all()
    record_changes(session, [change_row(import_session_id, entity, record_id, "insert") for record_id in ids])
    return names
