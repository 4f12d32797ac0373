"""Custom fields: typed attributes of every entity, managed without code changes.

Definitions live in ``custom_field_definition``; values live in each
record's ``attributes_json``. `CustomFieldService` is the only way to change
definitions (permissions, audit, impact checks); the import pipeline reads
them with `active_field_specs`.
"""

from dealbrain.customfields.changes import UNCHANGED, FieldChange
from dealbrain.customfields.definition import (
    FieldDefinition,
    FieldStatus,
    Visibility,
    definition_to_field_spec,
)
from dealbrain.customfields.errors import (
    CustomFieldError,
    DuplicateField,
    FieldNotFound,
    ImpactConfirmationRequired,
    InvalidDefinition,
    InvalidFieldState,
    InvalidKey,
)
from dealbrain.customfields.impact import ImpactReport
from dealbrain.customfields.keys import check_key, reserved_keys
from dealbrain.customfields.repository import active_field_specs
from dealbrain.customfields.service import CustomFieldService

__all__ = [
    "UNCHANGED",
    "CustomFieldError",
    "CustomFieldService",
    "DuplicateField",
    "FieldChange",
    "FieldDefinition",
    "FieldNotFound",
    "FieldStatus",
    "ImpactConfirmationRequired",
    "ImpactReport",
    "InvalidDefinition",
    "InvalidFieldState",
    "InvalidKey",
    "Visibility",
    "active_field_specs",
    "check_key",
    "definition_to_field_spec",
    "reserved_keys",
]
