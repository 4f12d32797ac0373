"""Column mapping for spreadsheet imports, free of Dagster.

Given a sheet's name, headers and a few sample values this package guesses
the entity it holds (``infer_entity``), checks the operator's declaration
against that guess (``compare_declaration``), maps columns to fields with a
bucket, confidence and rationale (``suggest_mappings``), infers the type of
would-be custom fields (``infer_field_type``), lists required fields left
unmapped (``missing_required_fields``) and fingerprints header sets so
confirmed mappings can be remembered (``header_signature``).
"""

from dealbrain.mapping.column_mapping import Bucket, ColumnMapping
from dealbrain.mapping.coverage import missing_required_fields
from dealbrain.mapping.declaration import DeclarationCheck, compare_declaration
from dealbrain.mapping.entity_inference import EntityInference, infer_entity
from dealbrain.mapping.headers import header_signature, normalize_header
from dealbrain.mapping.overrides import InvalidOverrideError
from dealbrain.mapping.suggestions import suggest_mappings
from dealbrain.mapping.type_inference import infer_field_type

__all__ = [
    "Bucket",
    "ColumnMapping",
    "DeclarationCheck",
    "EntityInference",
    "InvalidOverrideError",
    "compare_declaration",
    "header_signature",
    "infer_entity",
    "infer_field_type",
    "missing_required_fields",
    "normalize_header",
    "suggest_mappings",
]
