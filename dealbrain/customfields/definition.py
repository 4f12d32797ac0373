"""A custom-field definition as plain data, and its translation to and from the database row.

`FieldDefinition` is what the service returns and what the pure rule checks
work on; `definition_to_field_spec` is what the import pipeline needs (a
`FieldSpec` with ``custom=True``). Storage layout of a definition row:

* ``validation_json``: ``{minimum, maximum, max_length, pattern}`` (null when
  unset; date bounds as ISO text) plus ``retired_options`` when any option
  was retired;
* ``options_json``: the options a value may take now, in display order;
* ``default_json``: the default as stored in ``attributes_json`` (dates as ISO text).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from dealbrain.db.models import CustomFieldDefinition
from dealbrain.jsonsafe import to_jsonable
from dealbrain.specs import FieldSpec, FieldType

Bound = int | float | str
"""A minimum or maximum: a number, or an ISO date for date fields."""


class Visibility(StrEnum):
    """Where a custom field is shown."""

    IMPORT_ONLY = "import_only"
    EVERYWHERE = "everywhere"


class FieldStatus(StrEnum):
    ACTIVE = "active"
    PENDING = "pending"
    """Proposed by an operator, waiting for an admin's approval."""
    DELETED = "deleted"
    """Soft-deleted: hidden, values kept, can be restored."""


@dataclass(frozen=True)
class FieldDefinition:
    """One custom field of one entity: type, rules, presentation and lifecycle state."""

    entity: str
    key: str
    type: FieldType
    label: str = ""
    description: str = ""
    required: bool = False
    default: Any = None
    """The default in its stored form (what ``attributes_json`` would hold)."""
    minimum: Bound | None = None
    maximum: Bound | None = None
    max_length: int | None = None
    pattern: str | None = None
    options: tuple[str, ...] = ()
    retired_options: tuple[str, ...] = ()
    """Options no longer offered; kept so they can be listed and added back."""
    visibility: Visibility = Visibility.EVERYWHERE
    display_order: int = 0
    label_translations: dict[str, str] = field(default_factory=dict)
    """Labels by language tag; stored for the front end, not used by the importer."""
    id: int | None = None
    is_active: bool = True
    created_by: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None
    deleted_at: datetime | None = None

    @property
    def status(self) -> FieldStatus:
        if self.deleted_at is not None:
            return FieldStatus.DELETED
        return FieldStatus.ACTIVE if self.is_active else FieldStatus.PENDING

    @property
    def display_label(self) -> str:
        return self.label or self.key.replace("_", " ").capitalize()

    def to_field_spec(self) -> FieldSpec:
        """The `FieldSpec` coercion, validation and JSON Schema use for this field."""
        return FieldSpec(
            name=self.key,
            type=self.type,
            label=self.display_label,
            required=self.required,
            description=self.description,
            options=self.options,
            minimum=self.minimum,  # type: ignore[arg-type] - date bounds stay ISO text
            maximum=self.maximum,  # type: ignore[arg-type]
            max_length=self.max_length,
            pattern=self.pattern,
            default=self.default,
            custom=True,
        )

    def as_dict(self) -> dict[str, Any]:
        """A JSON-able snapshot (audit payloads, ``--json`` output, Dagster metadata)."""
        return to_jsonable(
            {
                "id": self.id,
                "entity": self.entity,
                "key": self.key,
                "type": self.type,
                "label": self.display_label,
                "description": self.description,
                "required": self.required,
                "default": self.default,
                "minimum": self.minimum,
                "maximum": self.maximum,
                "max_length": self.max_length,
                "pattern": self.pattern,
                "options": self.options,
                "retired_options": self.retired_options,
                "visibility": self.visibility,
                "display_order": self.display_order,
                "label_translations": self.label_translations,
                "status": self.status,
                "created_by": self.created_by,
                "created_at": self.created_at,
                "updated_at": self.updated_at,
                "deleted_at": self.deleted_at,
            }
        )


def definition_from_row(row: CustomFieldDefinition) -> FieldDefinition:
    """The plain-data view of a stored definition."""
    rules = row.validation_json or {}
    return FieldDefinition(
        entity=row.entity,
        key=row.key,
        type=FieldType(row.data_type),
        label=row.label,
        description=row.description or "",
        required=bool(row.required),
        default=row.default_json,
        minimum=rules.get("minimum"),
        maximum=rules.get("maximum"),
        max_length=rules.get("max_length"),
        pattern=rules.get("pattern"),
        options=tuple(row.options_json or ()),
        retired_options=tuple(rules.get("retired_options") or ()),
        visibility=Visibility(row.visibility),
        display_order=row.display_order,
        label_translations=dict(row.label_translations_json or {}),
        id=row.id,
        is_active=bool(row.is_active),
        created_by=row.created_by,
        created_at=row.created_at,
        updated_at=row.updated_at,
        deleted_at=row.deleted_at,
    )


def write_definition(row: CustomFieldDefinition, definition: FieldDefinition) -> None:
    """Copy the type, rules and presentation of ``definition`` onto ``row`` (not its lifecycle state)."""
    rules: dict[str, Any] = {
        "minimum": definition.minimum,
        "maximum": definition.maximum,
        "max_length": definition.max_length,
        "pattern": definition.pattern,
    }
    if definition.retired_options:
        rules["retired_options"] = list(definition.retired_options)
    row.entity = definition.entity
    row.key = definition.key
    row.data_type = definition.type.value
    row.label = definition.display_label
    row.description = definition.description or None
    row.required = definition.required
    row.default_json = to_jsonable(definition.default)
    row.validation_json = to_jsonable(rules)
    row.options_json = list(definition.options)
    row.label_translations_json = dict(definition.label_translations)
    row.visibility = definition.visibility.value
    row.display_order = definition.display_order


def definition_to_field_spec(row: CustomFieldDefinition | FieldDefinition) -> FieldSpec:
    """The `FieldSpec` (``custom=True``) of a stored definition row or a `FieldDefinition`."""
    definition = row if isinstance(row, FieldDefinition) else definition_from_row(row)
    return definition.to_field_spec()
