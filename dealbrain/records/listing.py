"""Listing stored records: the safe filter language, sorting, paging and field selection.

The same pieces the bulk edit uses: the stored frame of `existing_records`
and the filter grammar of `dealbrain.overrides`, compiled to a polars
expression (parsed by a small grammar, never evaluated as code). A filter
and sort over standard fields is answered in SQL (`sql_listing`), loading
only the page; one naming custom attributes is filtered in polars. The HTTP
API, the exports and the workspace's grid all list through
`RecordService.list`, so a filter means the same thing everywhere.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy import ColumnElement, Engine, and_, literal, select

from dealbrain.customfields import active_field_specs
from dealbrain.db.engine import transaction
from dealbrain.jsonsafe import to_jsonable
from dealbrain.overrides import FilterSyntaxError, compile_filter
from dealbrain.records.errors import InvalidFilterError, RecordUsageError
from dealbrain.records.fields import all_fields
from dealbrain.records.loading import typed_records
from dealbrain.records.sql_listing import sql_page
from dealbrain.specs import EntitySpec, FieldSpec
from dealbrain.specs.components import REVIEWABLE_ENTITIES
from dealbrain.store.frames import RECORD_ID
from dealbrain.store.records import ATTRIBUTES, entity_table, existing_records, natural_key_field


@dataclass(frozen=True)
class RecordPage:
    """One page of a listing: how many records the filter selects in all, and this page's documents."""

    total: int
    records: list[dict[str, Any]]


def visible_records(spec: EntitySpec, *, include_deleted: bool, disabled: bool | None) -> ColumnElement[bool] | None:
    """The SQL condition of the records a listing shows: live ones (deleted too if asked), only (not) disabled if asked."""
    table = entity_table(spec)
    conditions = [] if include_deleted else [table.c.deleted_at.is_(None)]
    if disabled is not None:
        conditions.append(table.c.disabled_at.is_not(None) if disabled else table.c.disabled_at.is_(None))
    return and_(*conditions) if conditions else None


def stored_frame(
    engine: Engine, spec: EntitySpec, *, include_deleted: bool = False, disabled: bool | None = None
) -> tuple[pl.DataFrame, list[FieldSpec]]:
    """Every live stored record of ``spec`` (typed like the bulk edit sees them) and the active custom fields.

    Soft-deleted records are left out unless ``include_deleted``; with
    ``disabled`` True only disabled records are kept, with False only enabled ones.
    """
    with transaction(engine) as session:
        custom = active_field_specs(session, spec.name)
        table = entity_table(spec)
        query = select(table.c.id, table.c[natural_key_field(spec).column_name])
        visible = visible_records(spec, include_deleted=include_deleted, disabled=disabled)
        if visible is not None:
            query = query.where(visible)
        ids = {record_id: key for record_id, key in session.execute(query) if key is not None}
        frame = typed_records(existing_records(session, spec, list(ids.values()), custom), custom)
    return frame.filter(pl.col(RECORD_ID).is_in(list(ids))).sort(RECORD_ID), custom


def state_stamps(engine: Engine, spec: EntitySpec, record_ids: Sequence[int]) -> dict[int, tuple[Any, Any, bool | None]]:
    """When each of ``record_ids`` was soft-deleted and disabled (None: live, enabled), and whether it needs review.

    The review flag is None for an entity that has none.
    """
    table = entity_table(spec)
    review = table.c.needs_review if spec.name in REVIEWABLE_ENTITIES else literal(None)
    with transaction(engine) as session:
        rows = session.execute(select(table.c.id, table.c.deleted_at, table.c.disabled_at, review)
                               .where(table.c.id.in_(list(record_ids))))
        return {record_id: (deleted, disabled, flag) for record_id, deleted, disabled, flag in rows}


def selection(spec: EntitySpec, custom: Sequence[FieldSpec], where: str) -> pl.Expr:
    try:
        return compile_filter(where, all_fields(spec, custom)).fill_null(False)
    except FilterSyntaxError as error:
        raise InvalidFilterError(f"The filter cannot be used:\n{error}") from None


def quoted(text: str) -> str:
    """``text`` as a filter string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def filter_for_keys(spec: EntitySpec, keys: Sequence[str]) -> str:
    """The filter selecting the records whose natural key is one of ``keys``."""
    return f"{natural_key_field(spec).name} in ({', '.join(quoted(key) for key in keys)})"


def document(row: dict[str, Any], spec: EntitySpec, fields: set[str] | None) -> dict[str, Any]:
    """``id``, the standard fields and ``attributes`` (the custom values), limited to ``fields`` when given."""
    record: dict[str, Any] = {"id": row[RECORD_ID]}
    record |= {f.name: to_jsonable(row[f.name]) for f in spec.fields if fields is None or f.name in fields}
    stored = json.loads(row[ATTRIBUTES] or "{}")
    record["attributes"] = {key: value for key, value in stored.items() if fields is None or key in fields}
    return record


def sorted_frame(frame: pl.DataFrame, known: dict[str, FieldSpec], sort: str | None) -> pl.DataFrame:
    """``frame`` sorted by ``sort`` (a field name, ``-`` first for descending); nulls last either way."""
    if not sort or not sort.strip():
        return frame
    name = sort.strip().lstrip("-+")
    if name == "id":
        column = RECORD_ID
    elif name in known:
        column = name
    else:
        raise RecordUsageError(f"sort: {name!r} is not a field; sort by id or one of {', '.join(sorted(known))}.")
    if column not in frame.columns:
        raise RecordUsageError(f"sort: {name!r} has no stored values to sort by yet.")
    if isinstance(frame.schema[column], (pl.List, pl.Struct)):
        raise RecordUsageError(f"sort: {name!r} holds lists and cannot be sorted.")
    return frame.sort(column, descending=sort.strip().startswith("-"), nulls_last=True)


def wanted_fields(spec: EntitySpec, known: dict[str, FieldSpec], fields: str | Sequence[str] | None) -> set[str] | None:
    if not fields:
        return None
    names = fields.split(",") if isinstance(fields, str) else list(fields)
    wanted = {name.strip() for name in names if name.strip()}
    unknown = sorted(wanted - set(known) - {"id"})
    if unknown:
        raise RecordUsageError(f"fields: {', '.join(map(repr, unknown))} are not fields of {spec.label}; "
                               f"choose among {', '.join(sorted(known))}.")
    return wanted


def list_page(
    engine: Engine, spec: EntitySpec, *, where: str | None, sort: str | None, limit: int, offset: int,
    fields: str | Sequence[str] | None, include_deleted: bool = False, disabled: bool | None = None,
) -> RecordPage:
    if limit < 1 or offset < 0:
        raise RecordUsageError("limit must be at least 1 and offset at least 0.")
    with transaction(engine) as session:
        custom = active_field_specs(session, spec.name)
    known = all_fields(spec, custom)
    wanted = wanted_fields(spec, known, fields)
    filtering = bool(where and where.strip())
    checked = selection(spec, custom, where) if filtering else None  # refuses a bad filter the same way on both paths
    visible = visible_records(spec, include_deleted=include_deleted, disabled=disabled)
    answered = sql_page(engine, spec, custom, known, where=where, sort=sort, limit=limit, offset=offset,
                        visible=visible)
    if answered is not None:
        total, page = answered
    else:
        frame, custom = stored_frame(engine, spec, include_deleted=include_deleted, disabled=disabled)
        if checked is not None:
            frame = frame.filter(checked)
        frame = sorted_frame(frame, known, sort)
        total, page = frame.height, frame.slice(offset, limit)
    records = [document(row, spec, wanted) for row in page.to_dicts()]
    stamps = state_stamps(engine, spec, [record["id"] for record in records]) if records else {}
    for record in records:
        deleted_at, disabled_at, needs_review = stamps.get(record["id"], (None, None, None))
        if include_deleted:
            record["deleted_at"] = to_jsonable(deleted_at)
        record["disabled"] = disabled_at is not None
        if spec.name in REVIEWABLE_ENTITIES:
            record["needs_review"] = bool(needs_review)
    return RecordPage(total, records)
