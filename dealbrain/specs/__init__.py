"""Declarative entity and field specifications."""

from dealbrain.specs.entities import (
    ENTITY_NAMES,
    ENTITY_SPECS,
    EntitySpec,
    UnknownEntityError,
    entities_in_load_order,
    get_entity_spec,
)
from dealbrain.specs.fields import CUSTOM_FIELD_TYPES, FieldSpec, FieldType

__all__ = [
    "CUSTOM_FIELD_TYPES",
    "ENTITY_NAMES",
    "ENTITY_SPECS",
    "EntitySpec",
    "FieldSpec",
    "FieldType",
    "UnknownEntityError",
    "entities_in_load_order",
    "get_entity_spec",
]
