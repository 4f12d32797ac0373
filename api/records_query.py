"""Listing stored records with the safe filter language, sorting, paging and field selection.

`RecordService` reads one record and edits many; listing is a read the CLI has
no command for, so it lives here, with the same permission check (``read``)
and the same pieces the bulk edit uses: the stored frame of `existing_records`
and the filter grammar of `dealbrain.overrides`, compiled to a polars
expression (parsed by a small grammar, never evaluated as code).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy import Engine, select

from api.errors import ApiError, NotFound
from dealbrain.auth import Actor, Permission, require
from dealbrain.customfields import active_field_specs
from dealbrain.db.engine import transaction
from dealbrain.jsonsafe import to_jsonable
from dealbrain.overrides import FilterSyntaxError, compile_filter
from dealbrain.records.errors import InvalidFilterError
from dealbrain.records.fields import all_fields
from dealbrain.records.loading import typed_records
from dealbrain.specs import EntitySpec, FieldSpec, get_entity_spec
from dealbrain.store.frames import RECORD_ID
from dealbrain.store.records import (
    ATTRIBUTES,
    entity_table,
    existing_records,
    natural_key_field,
)


@dataclass(frozen=True)
class RecordPage:
    total: int
    records: list[dict[str, Any]]


def stored_frame(engine: Engine, spec: EntitySpec) -> tuple[pl.DataFrame, list[FieldSpec]]:
    """Every stored record of ``spec`` (typed like the bulk edit sees them) and the active custom fields."""
    with transaction(engine) as session:
        custom = active_field_specs(session, spec.name)
        key_column = entity_table(spec).c[natural_key_field(spec).column_name]
        keys = [key for key in session.scalars(select(key_column)) if key is not None]
        frame = typed_records(existing_records(session, spec, keys, custom), custom)
    return frame.sort(RECORD_ID), custom


def selection(spec: EntitySpec, custom: Sequence[FieldSpec], where: str) -> pl.Expr:
    try:
        return compile_filter(where, all_fields(spec, custom)).fill_null(False)
    except FilterSyntaxError as error:
        raise InvalidFilterError(f"The filter cannot be used:\n{error}") from None


def document(row: dict[str, Any], spec: EntitySpec, custom: Sequence[FieldSpec], fields: set[str] | None) -> dict[str, Any]:
    """``id``, the standard fields and ``attributes`` (the custom values), limited to ``fields`` when given."""
    record: dict[str, Any] = {"id": row[RECORD_ID]}
    record |= {f.name: to_jsonable(row[f.name]) for f in spec.fields if fields is None or f.name in fields}
    stored = json.loads(row[ATTRIBUTES] or "{}")
    record["attributes"] = {key: value for key, value in stored.items() if fields is None or key in fields}
    return record


def _sort(frame: pl.DataFrame, known: dict[str, FieldSpec], sort: str | None) -> pl.DataFrame:
    if not sort:
        return frame
    name = sort.strip().lstrip("-+")
    if name == "id":
        column = RECORD_ID
    elif name in known:
        column = name
    else:
        raise ApiError(f"sort: {name!r} is not a field; sort by id or one of {', '.join(sorted(known))}.")
    descending = sort.strip().startswith("-")
    if frame.schema[column] in (pl.List, pl.Struct) or isinstance(frame.schema[column], pl.List):
        raise ApiError(f"sort: {name!r} holds lists and cannot be sorted.")
    return frame.sort(column, descending=descending, nulls_last=True)


def list_records(
    engine: Engine, actor: Actor, entity: str, *, where: str | None, sort: str | None, limit: int, offset: int,
    fields: str | None,
) -> RecordPage:
    spec = get_entity_spec(entity)
    require(engine, actor, Permission.READ, action="read records", entity=spec.name)
    frame, custom = stored_frame(engine, spec)
    known = all_fields(spec, custom)
    wanted = {name.strip() for name in fields.split(",") if name.strip()} if fields else None
    unknown = sorted((wanted or set()) - set(known) - {"id"})
    if unknown:
        raise ApiError(f"fields: {', '.join(map(repr, unknown))} are not fields of {spec.label}; "
                       f"choose among {', '.join(sorted(known))}.")
    if where and where.strip():
        frame = frame.filter(selection(spec, custom, where))
    frame = _sort(frame, known, sort)
    page = frame.slice(offset, limit)
    return RecordPage(frame.height, [document(row, spec, custom, wanted) for row in page.to_dicts()])


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


def quoted(text: str) -> str:
    """``text`` as a filter string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def filter_for_keys(spec: EntitySpec, keys: Sequence[str]) -> str:
    return f"{natural_key_field(spec).name} in ({', '.join(quoted(key) for key in keys)})"
