"""Field specifications: what a column of an entity is, declared once.

A `FieldSpec` describes a standard field of an entity or a custom field
(built from a `custom_field_definition` row). Coercion, column mapping,
pandera schemas, JSON Schema and the ORM models are all derived from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class FieldType(StrEnum):
    """Logical type of a field, independent of the database."""

    STRING = "string"
    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    ENUM = "enum"
    MULTI_ENUM = "multi_enum"
    DATE = "date"
    REFERENCE = "reference"
    """The name of a record of another entity; stored as a foreign key."""
    PORTS = "ports"
    """A list of ``{type, count, spec_notes}`` objects."""


CUSTOM_FIELD_TYPES: tuple[FieldType, ...] = (
    FieldType.STRING,
    FieldType.TEXT,
    FieldType.NUMBER,
    FieldType.INTEGER,
    FieldType.BOOLEAN,
    FieldType.ENUM,
    FieldType.MULTI_ENUM,
    FieldType.DATE,
)
"""Types an operator may give a custom field."""


@dataclass(frozen=True)
class FieldSpec:
    """One field of an entity: its type, rules and the names it goes by in sheets."""

    name: str
    type: FieldType
    label: str = ""
    required: bool = False
    description: str = ""
    aliases: tuple[str, ...] = ()
    """Other header spellings that map to this field exactly (compared normalized)."""
    options: tuple[str, ...] = ()
    """Allowed values for enum and multi_enum fields."""
    units: dict[str, float] = field(default_factory=dict)
    """Unit suffixes accepted in cells and their multiplier to the field's unit."""
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    pattern: str | None = None
    default: Any = None
    references: str | None = None
    """For reference fields: the entity whose ``name`` the cell holds."""
    unique: bool = False
    custom: bool = False
    """True when the field lives in ``attributes_json`` rather than a column."""
    year: bool = False
    """For INTEGER fields holding a calendar year: a date in the cell (``Aug 2025``) is read as its year."""
    suggested_by: tuple[str, ...] = ()
    """Header spellings that suggest this field without settling it: mapped as SUGGESTED, not MAPPED."""
    typical: tuple[float, float] | None = None
    """Where most real values lie (``tdp_w``: 2..400 W); a column whose values fall there supports a suggestion."""
    synonyms: dict[str, str] = field(default_factory=dict)
    """For enum and multi_enum fields: other spellings of an option (``refurbished`` -> ``refurb``), read as that option."""
    stored_in: str | None = None
    """A table of its own that holds the field (a listing's ``components``), not a column of the entity."""

    @property
    def display_label(self) -> str:
        return self.label or self.name.replace("_", " ").capitalize()

    @property
    def holds_year(self) -> bool:
        """True for a year field: declared so, or an integer custom field named ``year`` or ``*_year``."""
        if self.type is not FieldType.INTEGER:
            return False
        return self.year or (self.custom and (self.name == "year" or self.name.endswith("_year")))

    @property
    def column_name(self) -> str:
        """Database column holding the field (``cpu`` is stored as ``cpu_id``)."""
        return f"{self.name}_id" if self.type is FieldType.REFERENCE else self.name
