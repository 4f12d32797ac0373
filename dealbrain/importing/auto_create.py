"""Lightweight records created on commit for components that listings name but nobody imported."""

from __future__ import annotations

from sqlalchemy import insert
from sqlalchemy.orm import Session

from dealbrain.db.models import ImportChange
from dealbrain.importing.writer import resolve_reference_ids
from dealbrain.store.records import entity_table_by_name

AUTO_CREATED_MARK = "auto_created_from_import"


class AlreadyCreatedError(LookupError):
    """A record the preview planned to create exists now: the preview is stale."""


def create_referenced_records(session: Session, entity: str, names: list[str], import_session_id: str) -> list[str]:
    """Insert a record with only a name for each of ``names``, marked with the session, and log them in the changeset."""
    if not names:
        return []
    present = resolve_reference_ids(session, entity, names)
    if present:
        raise AlreadyCreatedError(f"{entity} {', '.join(sorted(present)[:5])} exist(s) now")
    table = entity_table_by_name(entity)
    rows = [{"name": name, "attributes_json": {AUTO_CREATED_MARK: import_session_id}} for name in names]
    ids = session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows).scalars().all()
    session.execute(
        insert(ImportChange.__table__),
        [
            {"session_id": import_session_id, "entity": entity, "record_id": record_id, "operation": "insert",
             "sheet": None, "source_row": None, "before_json": None, "after_json": None}
            for record_id in ids
        ],
    )
    return names
