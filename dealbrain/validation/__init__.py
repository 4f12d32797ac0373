"""Validation of coerced entity frames: pandera schemas built from field specs,
defaults, failure reports for people, and JSON Schema of a record.

Everything here is pure and Dagster-free: the import's validation stage, record
edits and custom-field impact previews call it; assets attach its reports as metadata.
"""

from dealbrain.validation.defaults import apply_defaults
from dealbrain.validation.field_types import PORT_STRUCT, SOURCE_ROW, polars_dtype
from dealbrain.validation.json_schema import entity_json_schema, field_json_schema

_WITH_PANDERA = {
    "FAILURE_SCHEMA": "report",
    "ValidationReport": "report",
    "validate_frame": "report",
    "SchemaDefinitionError": "schema_builder",
    "build_entity_schema": "schema_builder",
}
"""Loaded on first use: pandera takes longer to import than most commands take to run (`importer --help`, `schema`)."""


def __getattr__(name: str) -> object:
    if name in _WITH_PANDERA:
        from importlib import import_module

        return getattr(import_module(f"dealbrain.validation.{_WITH_PANDERA[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "FAILURE_SCHEMA",
    "PORT_STRUCT",
    "SOURCE_ROW",
    "SchemaDefinitionError",
    "ValidationReport",
    "apply_defaults",
    "build_entity_schema",
    "entity_json_schema",
    "field_json_schema",
    "polars_dtype",
    "validate_frame",
]
