"""Carrying stored values along when a definition changes.

Renamed options are replaced in every record, and a type change converts
each stored value to the new type's stored form (``"16"`` to ``16``,
``"Aug 2025"`` to ``"2025-08-01"``). Values that cannot be converted are kept
as they are; the impact report counted them before the change was confirmed.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy.orm import Session

from dealbrain.customfields.changes import renamed_value
from dealbrain.customfields.definition import FieldDefinition
from dealbrain.customfields.records import rewrite_values, stored_values
from dealbrain.customfields.values import stored_forms


def migrate_stored_values(
    session: Session, before: FieldDefinition, after: FieldDefinition, renames: Mapping[str, str]
) -> int:
    """Rewrite the values of ``before.key`` to fit ``after``; returns how many records changed."""
    type_changed = after.type is not before.type
    if not renames and not type_changed:
        return 0
    records = stored_values(session, before.entity, before.key)
    values = [renamed_value(record.value, renames) for record in records]
    if type_changed:
        values = stored_forms(values, after.to_field_spec())
    new_values = {record.record_id: value for record, value in zip(records, values, strict=True)}
    return rewrite_values(session, before.entity, before.key, new_values)
