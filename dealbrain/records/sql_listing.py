"""A listing page answered by the database: filter, count, sort and page in SQL, then load only that page.

Used whenever the filter and the sort name only standard fields (the usual
grid and API case), so a page of 10,000 CPUs reads 50 records, not 10,000,
with two statements: the ordered ids of the page, each carrying the number of
matches as a window count (no separate count pass), then those records whole
by primary key.
Anything naming a custom attribute, a multi-enum or a ports field answers
None here and is listed by the polars path of `dealbrain.records.listing`,
which means the same thing (see `dealbrain.records.sql_filter`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl
from sqlalchemy import ColumnElement, Engine, FromClause, Text, cast, func, select, true

from dealbrain.db.engine import is_postgresql, transaction
from dealbrain.records.loading import typed_records
from dealbrain.records.sql_filter import SQL_TYPES, sql_filter
from dealbrain.specs import EntitySpec, FieldSpec, FieldType
from dealbrain.store.records import ATTRIBUTES, entity_table, entity_table_by_name, records_frame


def field_columns(spec: EntitySpec) -> tuple[FromClause, dict[str, ColumnElement[Any]]]:
    """The entity's table joined to what its references name, and each standard field's SQL expression."""
    table = entity_table(spec)
    joins: FromClause = table
    columns: dict[str, ColumnElement[Any]] = {}
    for field in spec.fields:
        if field.type is FieldType.REFERENCE:
            referenced = entity_table_by_name(field.references).alias(f"ref_{field.name}")
            joins = joins.outerjoin(referenced, referenced.c.id == table.c[field.column_name])
            columns[field.name] = referenced.c.name
        else:
            columns[field.name] = table.c[field.column_name]
    return joins, columns


def sql_page(
    engine: Engine, spec: EntitySpec, custom: Sequence[FieldSpec], known: Mapping[str, FieldSpec], *,
    where: str | None, sort: str | None, limit: int, offset: int, visible: ColumnElement[bool] | None = None,
) -> tuple[int, pl.DataFrame] | None:
    """How many records match and this page's typed frame (in page order), or None when SQL cannot say."""
    postgresql = is_postgresql(engine)
    joins, columns = field_columns(spec)
    clause = sql_filter(where, known, columns, postgresql=postgresql) if where and where.strip() else true()
    order = _order(spec, known, columns, sort, postgresql)
    if clause is None or order is None:
        return None
    table = entity_table(spec)
    if visible is not None:
        clause = clause & visible
    stored = [table.c.id, *(columns[field.name].label(field.name) for field in spec.fields),
              cast(table.c.attributes_json, Text).label(ATTRIBUTES)]
    # the database sorts narrow rows (id and the sort key) and counts every match in the same pass (a window);
    # then only the page's records are read whole, by primary key
    ordered = select(table.c.id, func.count().over()).select_from(joins).where(clause)
    with transaction(engine) as session:
        page = session.execute(ordered.order_by(*order).limit(limit).offset(offset)).all()
        total = page[0][1] if page else 0
        if not page and offset:  # past the last page: only a count can say how many there are
            total = session.scalar(select(func.count()).select_from(joins).where(clause)) or 0
        position = {row[0]: index for index, row in enumerate(page)}
        rows = session.execute(select(*stored).select_from(joins).where(table.c.id.in_(list(position)))).all()
        rows = sorted(rows, key=lambda row: position[row[0]])
        frame = records_frame(session, spec, rows, custom)
    return total, typed_records(frame, custom)


def _order(
    spec: EntitySpec, known: Mapping[str, FieldSpec], columns: Mapping[str, ColumnElement[Any]], sort: str | None,
    postgresql: bool,
) -> list[Any] | None:
    """ORDER BY for ``sort`` (nulls last, ties by id), or None when polars must sort (or refuse) it."""
    table = entity_table(spec)
    if not sort or not sort.strip():
        return [table.c.id]
    name = sort.strip().lstrip("-+")
    descending = sort.strip().startswith("-")
    if name == "id":
        return [table.c.id.desc() if descending else table.c.id]
    field = known.get(name)
    if field is None or name not in columns or field.type not in SQL_TYPES:
        return None
    column = columns[name]
    if postgresql and field.type in (FieldType.STRING, FieldType.TEXT, FieldType.ENUM, FieldType.REFERENCE):
        column = column.collate("C")  # code-point order, as polars sorts text
    return [(column.desc() if descending else column.asc()).nulls_last(), table.c.id]
