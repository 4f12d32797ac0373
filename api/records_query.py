"""What the records routes add to `RecordService`: ids turned into natural keys and into a filter.

Listing itself (filter language, sort, paging, field selection) lives in the
domain, `dealbrain.records.listing`, behind `RecordService.list`, which the
workspace's grid calls too; `stored_frame` and `selection` are re-exported
for the exports.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine, select

from api.errors import NotFound
from dealbrain.auth import Actor
from dealbrain.db.engine import transaction
from dealbrain.records.listing import RecordPage, filter_for_keys, quoted, selection, stored_frame
from dealbrain.records.service import RecordService
from dealbrain.specs import EntitySpec
from dealbrain.store.records import entity_table, natural_key_field

__all__ = ["RecordPage", "filter_for_keys", "keys_for_ids", "list_records", "quoted", "selection", "stored_frame"]


def list_records(
    engine: Engine, actor: Actor, entity: str, *, where: str | None, sort: str | None, limit: int, offset: int,
    fields: str | None, include_deleted: bool = False, disabled: bool | None = None,
) -> RecordPage:
    return RecordService(engine, actor).list(entity, where=where, sort=sort, limit=limit, offset=offset, fields=fields,
                                             include_deleted=include_deleted, disabled=disabled)


def keys_for_ids(engine: Engine, spec: EntitySpec, ids: Sequence[int]) -> list[str]:
    """The natural keys of the records with these ids; `NotFound` naming the ids that do not exist."""
    table = entity_table(spec)
    key_column = table.c[natural_key_field(spec).column_name]
    with transaction(engine) as session:
        found = dict(session.execute(select(table.c.id, key_column).where(table.c.id.in_(list(ids)))).all())
    missing = sorted(set(ids) - set(found))
    if missing:
        raise NotFound(f"No {spec.label} has the id(s) {', '.join(map(str, missing))}.")
    return [found[record_id] for record_id in ids]
