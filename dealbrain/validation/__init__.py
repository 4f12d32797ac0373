"""Validation of coerced entity frames: pandera schemas built from field specs,
defaults, failure reports for people, and JSON Schema of a record.

Everything here is pure and Dagster-free: the import's validation stage, record
edits and custom-field impact previews call it; assets attach its reports as metadata.
"""

from dealbrain.validation.defaults import apply_defaults
from dealbrain.validation.field_types import PORT_STRUCT, SOURCE_ROW, polars_dtype
from dealbrain.validation.json_schema import entity_json_schema, field_json_schema
from dealbrain.validation.report import FAILURE_SCHEMA, ValidationReport, validate_frame
from dealbrain.validation.schema_builder import (
    SchemaDefinitionError,
    build_entity_schema,
)

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
