"""What a definition change would do to the values already stored.

The stored values of the field are validated twice: as they are, against
the current definition, and as they would be after the change (renamed
options applied), against the changed one. Records that pass now and would
fail afterwards are the change's impact; records that already fail are
counted separately, since the change is not what breaks them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from dealbrain.customfields.changes import renamed_value
from dealbrain.customfields.definition import FieldDefinition
from dealbrain.customfields.records import stored_values
from dealbrain.customfields.values import invalid_values
from dealbrain.jsonsafe import to_jsonable
from dealbrain.specs import FieldType

DEFAULT_EXAMPLE_LIMIT = 10


@dataclass(frozen=True)
class ImpactReport:
    """How many records a change would make invalid, with examples."""

    entity: str
    key: str
    total_records: int
    """Records of the entity (with or without a value for the field)."""
    failing_records: int
    """Records valid now that would be invalid after the change."""
    examples: list[dict[str, Any]] = field(default_factory=list)
    """Up to a few of them: ``{record_id, natural_key, value, reason}``."""
    already_invalid_records: int = 0
    """Records whose value is invalid already, before the change."""

    @property
    def requires_confirmation(self) -> bool:
        return self.failing_records > 0

    def summary(self) -> str:
        """One sentence, e.g. "3 of 120 cpu records would have an invalid 'ram_gb' value"."""
        text = (
            f"{self.failing_records} of {self.total_records} {self.entity} records would have an invalid "
            f"{self.key!r} value after this change"
        )
        if self.already_invalid_records:
            text += f" ({self.already_invalid_records} more are invalid already)"
        return text + "."

    def as_dict(self) -> dict[str, Any]:
        return to_jsonable(
            {
                "entity": self.entity,
                "key": self.key,
                "total_records": self.total_records,
                "failing_records": self.failing_records,
                "already_invalid_records": self.already_invalid_records,
                "examples": self.examples,
            }
        )


def measure_impact(
    session: Session,
    current: FieldDefinition,
    changed: FieldDefinition,
    renames: Mapping[str, str],
    *,
    example_limit: int = DEFAULT_EXAMPLE_LIMIT,
) -> ImpactReport:
    """The records ``changed`` would make invalid, read in ``session``."""
    records = stored_values(session, current.entity, current.key)
    values_now = [record.value for record in records]
    values_after = [renamed_value(value, renames) for value in values_now]
    invalid_now = invalid_values(current.entity, current.to_field_spec(), values_now)
    invalid_after = invalid_values(changed.entity, changed.to_field_spec(), values_after)
    newly_invalid = {position: reason for position, reason in invalid_after.items() if position not in invalid_now}
    examples = [
        {
            "record_id": records[position].record_id,
            "natural_key": records[position].natural_key,
            "value": records[position].value,
            "reason": reason,
        }
        for position, reason in list(newly_invalid.items())[:example_limit]
    ]
    return ImpactReport(
        entity=current.entity,
        key=current.key,
        total_records=len(records),
        failing_records=len(newly_invalid),
        examples=examples,
        already_invalid_records=len(invalid_now),
    )


def measure_new_field(
    session: Session, definition: FieldDefinition, *, example_limit: int = DEFAULT_EXAMPLE_LIMIT
) -> ImpactReport:
    """The records a field about to be created would find invalid (a required field: every record without a value).

    No rule held before, so the baseline is a text field without rules: nothing counts as invalid already.
    """
    baseline = FieldDefinition(entity=definition.entity, key=definition.key, type=FieldType.TEXT)
    return measure_impact(session, baseline, definition, {}, example_limit=example_limit)
