"""Reference fields in an edit: the typed name must name a stored record, compared ignoring case.

An edit links exactly: no fuzzy matching and no record is created (an
import does both, with a review step an edit does not have). The stored
record's own spelling of its name is what the edit records. A deleted or
disabled record is never linked to, as in an import.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dealbrain.records.errors import InvalidValueError
from dealbrain.records.fields import FieldChange
from dealbrain.specs import FieldType, get_entity_spec
from dealbrain.store.records import BRINGING_BACK, entity_table_by_name, unlinkable_state

SUGGESTED = 3


def resolve_references(
    session: Session, changes: Sequence[FieldChange]
) -> tuple[list[FieldChange], dict[str, int | None]]:
    """The changes with reference names in their stored spelling, and the referenced id per field name.

    Raises `InvalidValueError` naming every reference that matches no record,
    with the closest stored names.
    """
    resolved: list[FieldChange] = []
    ids: dict[str, int | None] = {}
    problems: list[str] = []
    for change in changes:
        spec = change.field
        if spec.type is not FieldType.REFERENCE:
            resolved.append(change)
            continue
        if change.value is None:
            ids[spec.name] = None
            resolved.append(change)
            continue
        found = _lookup(session, spec.references or "", str(change.value))
        if found is None:
            problems.append(_unknown(session, spec.name, spec.references or "", str(change.value)))
            continue
        record_id, name, state = found
        if state is not None:
            problems.append(_unlinkable(spec.name, spec.references or "", name, state))
            continue
        ids[spec.name] = record_id
        resolved.append(replace(change, value=name))
    if problems:
        raise InvalidValueError(
            "\n".join(problems) + "\nNothing was changed; name an existing, usable record (or import it first)."
        )
    return resolved, ids


def _lookup(session: Session, entity: str, name: str) -> tuple[int, str, str | None] | None:
    """(id, stored name, ``deleted``/``disabled``/None) of the record called ``name``; an exact spelling wins."""
    table = entity_table_by_name(entity)
    wanted = name.strip()
    rows = session.execute(
        select(table.c.id, table.c.name, table.c.deleted_at, table.c.disabled_at)
        .where(func.lower(table.c.name) == wanted.lower()).order_by(table.c.id)
    ).all()
    if not rows:
        return None
    exact = [row for row in rows if row[1] == wanted]
    record_id, stored, deleted_at, disabled_at = (exact or rows)[0]
    return record_id, stored, unlinkable_state(deleted_at, disabled_at)


def _unlinkable(field: str, entity: str, name: str, state: str) -> str:
    label = get_entity_spec(entity).label
    return f"{field}: the {label} {name!r} is {state}; {BRINGING_BACK[state]} it first, or name another."


def _unknown(session: Session, field: str, entity: str, name: str) -> str:
    table = entity_table_by_name(entity)
    names = list(session.scalars(select(table.c.name)))
    by_folded = {known.lower(): known for known in names}
    close = difflib.get_close_matches(name.strip().lower(), list(by_folded), n=SUGGESTED, cutoff=0.6)
    label = get_entity_spec(entity).label
    hint = f" Closest: {', '.join(repr(by_folded[item]) for item in close)}." if close else ""
    return f"{field}: no {label} is named {name.strip()!r}.{hint}"
