"""Custom fields: typed attributes of every entity, managed without code changes.

Definitions live in ``custom_field_definition``; values live in each
record's ``attributes_json``. `CustomFieldService` is the only way to change
definitions (permissions, audit, impact checks); the import pipeline reads
them with `active_field_specs`; `FieldInputs` is what every surface collects.

The names below load on first use (PEP 562), so importing a light module of
the package (``inputs``, ``errors``) does not load the value checks, which
pull in polars and pandera: the CLI's start-up stays quick.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_HOMES = {
    "UNCHANGED": "changes", "FieldChange": "changes",
    "FieldDefinition": "definition", "FieldStatus": "definition", "Visibility": "definition",
    "definition_to_field_spec": "definition",
    "CustomFieldError": "errors", "DuplicateField": "errors", "FieldNotFound": "errors",
    "ImpactConfirmationRequired": "errors", "InvalidDefinition": "errors", "InvalidFieldState": "errors",
    "InvalidKey": "errors",
    "ImpactReport": "impact",
    "FieldInputs": "inputs",
    "check_key": "keys", "reserved_keys": "keys",
    "active_field_specs": "repository",
    "CustomFieldService": "service",
}
__all__ = sorted(_HOMES)

if TYPE_CHECKING:
    from dealbrain.customfields.changes import UNCHANGED, FieldChange
    from dealbrain.customfields.definition import FieldDefinition, FieldStatus, Visibility, definition_to_field_spec
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
    from dealbrain.customfields.inputs import FieldInputs
    from dealbrain.customfields.keys import check_key, reserved_keys
    from dealbrain.customfields.repository import active_field_specs
    from dealbrain.customfields.service import CustomFieldService


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
