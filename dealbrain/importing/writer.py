"""Writing a change plan: set-based inserts and updates plus the changeset, in the caller's transaction."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from dealbrain.db.batches import in_batches
from dealbrain.db.engine import is_postgresql
from dealbrain.errors import UserFacingError
from dealbrain.importing.change_plan import EntityChangePlan
from dealbrain.jsonsafe import to_jsonable
from dealbrain.specs import FieldSpec, FieldType
from dealbrain.specs.components import COMPONENTS_FIELD
from dealbrain.store.changeset import before_document, change_row, merge_attributes, record_changes, stored_attributes
from dealbrain.store.frames import RECORD_ID, SHEET, SOURCE_ROW
from dealbrain.store.keys import fold, folded
from dealbrain.store.listing_components import replace_components
from dealbrain.store.records import ATTRIBUTES, entity_table, entity_table_by_name


class UnresolvedReferenceError(UserFacingError, LookupError):
    """A listing names a CPU, GPU or ports profile that does not exist at commit time."""


@dataclass(frozen=True)
class EntityWriteResult:
    entity: str
    inserted: int
    updated: int
    unchanged: int


def resolve_reference_ids(session: Session, referenced_entity: str, names: list[str]) -> dict[str, int]:
    """Map lowercased names of ``referenced_entity`` records to their ids."""
    table = entity_table_by_name(referenced_entity)
    wanted = sorted({fold(name) for name in names if name})
    found: dict[str, int] = {}
    for chunk in in_batches(wanted):
        statement = select(func.lower(table.c.name), table.c.id).where(func.lower(table.c.name).in_(chunk))
        found.update({name: record_id for name, record_id in session.execute(statement)})
    return found


def _with_reference_ids(session: Session, rows: pl.DataFrame, fields: list[FieldSpec]) -> pl.DataFrame:
    for field in fields:
        if field.type is not FieldType.REFERENCE:
            continue
        names = rows[field.name].drop_nulls().to_list()
        ids = resolve_reference_ids(session, field.references or "", names)
        missing = sorted({name for name in names if fold(name) not in ids})
        if missing:
            raise UnresolvedReferenceError(
                f"{field.display_label} not found: {', '.join(missing[:5])}; preview again to see the failing rows."
            )
        rows = rows.with_columns(
            folded(pl.col(field.name)).replace_strict(ids, default=None, return_dtype=pl.Int64).alias(field.column_name)
        )
    return rows


def _attributes(row: dict[str, Any], custom_fields: list[FieldSpec]) -> dict[str, Any]:
    return {f.name: to_jsonable(row[f.name]) for f in custom_fields if row.get(f.name) is not None}


def _column_values(row: dict[str, Any], standard: list[FieldSpec]) -> dict[str, Any]:
    return {f.column_name: to_jsonable(row[f.column_name]) if f.type is FieldType.PORTS else row[f.column_name] for f in standard}


def write_entity_plan(session: Session, plan: EntityChangePlan, import_session_id: str) -> EntityWriteResult:
    """Insert and update the plan's rows and record every touched record in the changeset.

    On PostgreSQL the rows go through COPY and set-based statements
    (``postgres_copy``); elsewhere through executemany. Both have the same effect.
    """
    table = entity_table(plan.entity)
    standard = _columns_of(plan)
    result = EntityWriteResult(plan.entity.name, plan.inserts.height, plan.updates.height, plan.unchanged)
    if is_postgresql(session.get_bind()):
        from dealbrain.importing.postgres_copy import copy_entity_plan  # psycopg is loaded only where it is used

        inserts = _with_reference_ids(session, plan.inserts, standard) if plan.inserts.height else plan.inserts
        updates = _with_reference_ids(session, plan.updates, standard) if plan.updates.height else plan.updates
        copy_entity_plan(session, table, plan, inserts, updates, import_session_id)
    else:
        _write_with_executemany(session, table, plan, import_session_id)
    _write_components(session, table, plan)
    return result


def _columns_of(plan: EntityChangePlan) -> list[FieldSpec]:
    """The written fields that are columns of the entity's table (not custom, not in a table of their own)."""
    return [f for f in plan.fields if not f.custom and f.stored_in is None]


def _write_components(session: Session, table: Table, plan: EntityChangePlan) -> None:
    """Replace the component lists of the written listings that carry one (`dealbrain.store.listing_components`)."""
    if COMPONENTS_FIELD not in plan.fields:
        return
    (key,) = plan.entity.natural_key
    written = pl.concat([frame.select(key, COMPONENTS_FIELD.name) for frame in (plan.inserts, plan.updates)])
    written = written.filter(pl.col(COMPONENTS_FIELD.name).is_not_null())
    if written.is_empty():
        return
    wanted = sorted({fold(name) for name in written[key].to_list()})
    ids: dict[str, int] = {}
    for chunk in in_batches(wanted):
        statement = select(func.lower(table.c[key]), table.c.id).where(func.lower(table.c[key]).in_(chunk))
        ids.update(dict(session.execute(statement).all()))
    replace_components(session, {ids[fold(title)]: text for title, text in written.iter_rows()})


def _write_with_executemany(session: Session, table: Table, plan: EntityChangePlan, import_session_id: str) -> None:
    standard = _columns_of(plan)
    custom = [f for f in plan.fields if f.custom]
    changes: list[dict[str, Any]] = []

    if plan.inserts.height:
        rows = _with_reference_ids(session, plan.inserts, standard).to_dicts()
        parameters = [_column_values(row, standard) | {"attributes_json": _attributes(row, custom)} for row in rows]
        statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
        new_ids = session.execute(statement, parameters).scalars().all()
        changes += [
            _change(import_session_id, plan, record_id, "insert", row, None, None)
            for record_id, row in zip(new_ids, rows, strict=True)
        ]

    if plan.updates.height:
        rows = _with_reference_ids(session, plan.updates, standard).to_dicts()
        before_by_id = {row[RECORD_ID]: row for row in plan.before.to_dicts()}
        assignments = {  # typed parameters, so JSON columns (ports) are serialized
            f.column_name: func.coalesce(bindparam(f"new_{f.column_name}", type_=table.c[f.column_name].type), table.c[f.column_name])
            for f in standard
            if f.name not in plan.entity.natural_key
        }
        assignments["attributes_json"] = bindparam("new_attributes_json")
        assignments["updated_at"] = func.current_timestamp()
        statement = update(table).where(table.c.id == bindparam("target_id")).values(assignments)
        parameters = []
        for row in rows:
            before = before_by_id[row[RECORD_ID]]
            merged = merge_attributes(stored_attributes(before.get(ATTRIBUTES)), row, custom, blank_erases=False)
            values = {f"new_{name}": value for name, value in _column_values(row, standard).items()}
            parameters.append(values | {"target_id": row[RECORD_ID], "new_attributes_json": merged})
            changes.append(_change(import_session_id, plan, row[RECORD_ID], "update", row, before, merged))
        session.connection().execute(statement, parameters)

    record_changes(session, changes)


def _change(
    import_session_id: str,
    plan: EntityChangePlan,
    record_id: int,
    operation: str,
    row: dict[str, Any],
    before: dict[str, Any] | None,
    attributes_after: dict[str, Any] | None,
) -> dict[str, Any]:
    """The changeset row of one written record (see `dealbrain.store.changeset`)."""
    documents: dict[str, Any] = {}
    if before is not None:
        written = [f for f in plan.fields if not f.custom and f.name not in plan.entity.natural_key]
        documents = {
            "before": before_document(before, written),
            "after": {f.name: row.get(f.name) for f in plan.fields} | {ATTRIBUTES: attributes_after},
        }
    return change_row(
        import_session_id, plan.entity.name, record_id, operation,
        sheet=row.get(SHEET), source_row=row.get(SOURCE_ROW), **documents,
    )
