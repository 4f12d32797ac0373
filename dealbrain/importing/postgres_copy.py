"""Writing a change plan on PostgreSQL in bulk: COPY, and one set-based UPDATE.

The effect is exactly that of the portable path in ``writer``: new records get
ids in row order, updates coalesce blank incoming values to the stored ones
and merge ``attributes_json``, and every touched record gets its changeset row
(inserts first, in row order, then updates), built by the changeset's owner
(`dealbrain.store.changeset.change_frame`). Everything runs in the caller's
transaction. New ids are drawn from the table's sequence up front, so new
records and their changeset rows are both COPYed straight into their tables;
updates go through a temporary table and ``UPDATE ... FROM``. Statements are
composed with ``psycopg.sql``; no value is spliced into SQL text.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import polars as pl
import polars.selectors as cs
import psycopg
from psycopg import Cursor, sql
from sqlalchemy import String, Table
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from dealbrain.importing.change_plan import EntityChangePlan
from dealbrain.specs import FieldSpec, FieldType
from dealbrain.store.changeset import BEFORE_PREFIX, CHANGE_COLUMNS, change_frame, update_documents
from dealbrain.store.frames import RECORD_ID
from dealbrain.store.json_text import json_value, without_nulls
from dealbrain.store.records import ATTRIBUTES

COPY_ROWS = 20_000
"""Rows per chunk handed to COPY: bounds the memory the encoded text takes."""

_JSON_TYPES = (FieldType.PORTS, FieldType.MULTI_ENUM)
_TEXT_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"}
"""What COPY's text format escapes (it is cheaper for the server to read than CSV's quoting)."""


@dataclass(frozen=True)
class _Column:
    """A column COPY fills: its name, the polars value written, its SQL type when it is a temporary table's."""

    name: str
    value: pl.Expr
    sql_type: str = ""
    json: bool = False

    def read(self, alias: str) -> sql.Composable:
        column = sql.SQL("{}.{}").format(sql.Identifier(alias), sql.Identifier(self.name))
        return sql.SQL("{}::jsonb").format(column) if self.json else column


def _field_column(table: Table, field: FieldSpec, dialect: Dialect) -> _Column:
    name = field.column_name
    if field.type in _JSON_TYPES:
        return _Column(name, pl.when(pl.col(name).is_not_null()).then(json_value(pl.col(name))), "text", json=True)
    column_type = table.c[name].type
    sql_type = "text" if isinstance(column_type, String) else column_type.compile(dialect=dialect)
    return _Column(name, pl.col(name), sql_type)


def _copy_text(frame: pl.DataFrame) -> str:
    """``frame`` in COPY's text format: tab-separated, ``\\N`` for null, backslash escapes in text."""
    escaped = frame.with_columns(cs.string(include_categorical=True).cast(pl.String).str.replace_many(_TEXT_ESCAPES))
    return escaped.write_csv(include_header=False, separator="\t", quote_style="never", null_value="\\N")


def _copy(cursor: Cursor, table: sql.Composable, columns: list[_Column], frame: pl.DataFrame) -> None:
    """COPY ``frame``'s ``columns`` (computed chunk by chunk) into ``table``."""
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        table, sql.SQL(", ").join(sql.Identifier(c.name) for c in columns)
    )
    with cursor.copy(statement) as copy:
        for chunk in frame.iter_slices(COPY_ROWS):
            copy.write(_copy_text(chunk.select(c.value.alias(c.name) for c in columns)))


def _new_ids(cursor: Cursor, table: Table, count: int) -> pl.Series:
    """``count`` ids drawn from the table's own sequence, in the order they were drawn."""
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", (table.name,))
    sequence = cursor.fetchone()
    if sequence is None or sequence[0] is None:
        raise RuntimeError(f"table {table.name} has no id sequence; run `importer db upgrade`")
    cursor.execute(
        "SELECT string_agg(nextval(%s::regclass)::text, ',') FROM generate_series(1, %s)", (sequence[0], count)
    )
    (drawn,) = cursor.fetchone() or (None,)
    return pl.Series(RECORD_ID, [drawn]).str.split(",").explode().cast(pl.Int64)


def _copy_changes(cursor: Cursor, changes: pl.DataFrame) -> None:
    """COPY changeset rows built by `change_frame` into ``import_change``."""
    _copy(cursor, sql.Identifier("import_change"), [_Column(name, pl.col(name)) for name in CHANGE_COLUMNS], changes)


def _incoming_attributes(custom: list[FieldSpec]) -> pl.Expr:
    """The non-blank incoming custom values as a JSON object (a blank cell never erases)."""
    return without_nulls([(f.name, pl.col(f.name)) for f in custom])


def _copy_inserts(
    cursor: Cursor, dialect: Dialect, table: Table, plan: EntityChangePlan, rows: pl.DataFrame, session_id: str
) -> None:
    rows = rows.with_columns(_new_ids(cursor, table, rows.height).alias(RECORD_ID))
    values = [_field_column(table, f, dialect) for f in plan.fields if not f.custom and f.stored_in is None]
    attributes = _incoming_attributes([f for f in plan.fields if f.custom])
    columns = [_Column("id", pl.col(RECORD_ID)), *values, _Column("attributes_json", attributes)]
    _copy(cursor, sql.Identifier(table.name), columns, rows)
    _copy_changes(cursor, change_frame(rows, session_id, plan.entity.name, "insert"))


def _copy_updates(
    cursor: Cursor, dialect: Dialect, table: Table, plan: EntityChangePlan, rows: pl.DataFrame, session_id: str
) -> None:
    written = [f for f in plan.fields if not f.custom and f.name not in plan.entity.natural_key]
    before_columns = [f.name for f in written] + [ATTRIBUTES]
    before = plan.before.select(RECORD_ID, *(pl.col(name).alias(BEFORE_PREFIX + name) for name in before_columns))
    rows = rows.join(before, on=RECORD_ID, how="left", maintain_order="left")
    before_json, after_json = update_documents(plan.fields, written)
    _copy_changes(cursor, change_frame(rows, session_id, plan.entity.name, "update", before=before_json, after=after_json))

    values = [_field_column(table, f, dialect) for f in written if f.stored_in is None]
    attributes = _Column("import_attributes", _incoming_attributes([f for f in plan.fields if f.custom]), "text")
    columns = [_Column("import_record_id", pl.col(RECORD_ID), "integer"), *values, attributes]
    temporary = sql.Identifier(f"import_updates_{uuid.uuid4().hex[:12]}")
    definitions = sql.SQL(", ").join(sql.SQL("{} {}").format(sql.Identifier(c.name), sql.SQL(c.sql_type)) for c in columns)
    cursor.execute(sql.SQL("CREATE TEMPORARY TABLE {} ({}) ON COMMIT DROP").format(temporary, definitions))
    _copy(cursor, temporary, columns, rows)
    assignments = [
        sql.SQL("{} = COALESCE({}, t.{})").format(sql.Identifier(c.name), c.read("u"), sql.Identifier(c.name))
        for c in values
    ]
    assignments += [
        sql.SQL("attributes_json = t.attributes_json || u.import_attributes::jsonb"),
        sql.SQL("updated_at = CURRENT_TIMESTAMP"),
    ]
    cursor.execute(
        sql.SQL("UPDATE {target} AS t SET {assignments} FROM {temporary} AS u WHERE t.id = u.import_record_id").format(
            target=sql.Identifier(table.name), assignments=sql.SQL(", ").join(assignments), temporary=temporary
        )
    )
    cursor.execute(sql.SQL("DROP TABLE {}").format(temporary))


def copy_entity_plan(
    session: Session, table: Table, plan: EntityChangePlan, inserts: pl.DataFrame, updates: pl.DataFrame, session_id: str
) -> None:
    """Write ``inserts`` and ``updates`` (the plan's rows with reference ids resolved) and their changeset."""
    dialect = session.get_bind().dialect
    connection = session.connection().connection.driver_connection
    try:
        with connection.cursor() as cursor:
            if inserts.height:
                _copy_inserts(cursor, dialect, table, plan, inserts, session_id)
            if updates.height:
                _copy_updates(cursor, dialect, table, plan, updates, session_id)
    except psycopg.Error as error:  # raised as SQLAlchemy's exceptions, like every other statement's
        raise DBAPIError.instance(None, None, error, psycopg.Error, dialect=dialect) from error
