"""JSON Schema (draft 2020-12) of one record of an entity, for docs and API clients.

Standard fields are top-level properties; custom fields live under
``attributes_json``, as they do in the database. Every property carries an
``x-dealbrain`` annotation saying whether it is custom, which header aliases
map to it and, for reference fields, which entity's ``name`` it holds.
Optional fields accept ``null``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from dealbrain.specs import EntitySpec, FieldSpec, FieldType
from dealbrain.validation.field_types import as_date, python_value

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
ATTRIBUTES = "attributes_json"

_JSON_TYPES = {
    FieldType.STRING: "string",
    FieldType.TEXT: "string",
    FieldType.REFERENCE: "string",
    FieldType.ENUM: "string",
    FieldType.DATE: "string",
    FieldType.INTEGER: "integer",
    FieldType.NUMBER: "number",
    FieldType.BOOLEAN: "boolean",
    FieldType.MULTI_ENUM: "array",
    FieldType.PORTS: "array",
}

_PORT_ITEM = {
    "type": "object",
    "properties": {
        "type": {"type": "string", "minLength": 1, "pattern": r"\S", "description": "Port type, e.g. usb-c."},
        "count": {"type": "integer", "minimum": 1},
        "spec_notes": {"type": ["string", "null"]},
    },
    "required": ["type", "count"],
    "additionalProperties": False,
}


def entity_json_schema(entity: EntitySpec, custom_fields: Sequence[FieldSpec] = ()) -> dict[str, Any]:
    """The JSON Schema of one ``entity`` record with the given custom fields."""
    schema: dict[str, Any] = {
        "$schema": DRAFT_2020_12,
        "title": entity.label,
        "description": f"One {entity.label} record as imported into Deal Brain.",
        "type": "object",
        "properties": {spec.name: field_json_schema(spec) for spec in entity.fields},
        "required": [spec.name for spec in entity.fields if spec.required],
        "additionalProperties": False,
        "x-dealbrain": {"entity": entity.name, "natural_key": list(entity.natural_key)},
    }
    schema["properties"][ATTRIBUTES] = _attributes_schema(custom_fields)
    if any(spec.required for spec in custom_fields):
        schema["required"].append(ATTRIBUTES)
    return schema


def field_json_schema(spec: FieldSpec) -> dict[str, Any]:
    """The JSON Schema of one field's value."""
    json_type = _JSON_TYPES[spec.type]
    prop: dict[str, Any] = {
        "title": spec.display_label,
        "type": json_type if spec.required else [json_type, "null"],
    }
    if spec.description:
        prop["description"] = spec.description
    elif spec.type is FieldType.REFERENCE and spec.references:
        prop["description"] = f"Name of the referenced {spec.references} record."
    prop.update(_value_rules(spec))
    if spec.default is not None:
        prop["default"] = _json_value(python_value(spec, spec.default))
    prop["x-dealbrain"] = _annotation(spec)
    return prop


def _value_rules(spec: FieldSpec) -> dict[str, Any]:
    rules: dict[str, Any] = {}
    if spec.type is FieldType.DATE:
        rules["format"] = "date"
    elif spec.type is FieldType.ENUM and spec.options:
        rules["enum"] = [*spec.options] if spec.required else [*spec.options, None]
    elif spec.type is FieldType.MULTI_ENUM:
        rules["items"] = {"type": "string", **({"enum": list(spec.options)} if spec.options else {})}
    elif spec.type is FieldType.PORTS:
        rules["items"] = _PORT_ITEM
    if spec.type in (FieldType.INTEGER, FieldType.NUMBER):
        if spec.minimum is not None:
            rules["minimum"] = spec.minimum
        if spec.maximum is not None:
            rules["maximum"] = spec.maximum
    if spec.type in (FieldType.STRING, FieldType.TEXT, FieldType.REFERENCE, FieldType.ENUM):
        if spec.max_length is not None:
            rules["maxLength"] = spec.max_length
        if spec.pattern:
            # JSON Schema patterns match anywhere; anchor them to mean the whole value.
            rules["pattern"] = f"^(?:{spec.pattern})$"
    return rules


def _annotation(spec: FieldSpec) -> dict[str, Any]:
    note: dict[str, Any] = {
        "type": str(spec.type),
        "custom": spec.custom,
        "aliases": list(spec.aliases),
        "references": spec.references,
    }
    if spec.type is FieldType.REFERENCE:
        note["column"] = spec.column_name
    if spec.unique:
        note["unique"] = True
    if spec.units:
        note["units"] = dict(spec.units)
    if spec.type is FieldType.DATE:
        # Draft 2020-12 has no bounds for dates; keep them as annotations.
        if spec.minimum is not None:
            note["minimum"] = as_date(spec.minimum).isoformat()
        if spec.maximum is not None:
            note["maximum"] = as_date(spec.maximum).isoformat()
    return note


def _attributes_schema(custom_fields: Sequence[FieldSpec]) -> dict[str, Any]:
    return {
        "title": "Custom fields",
        "description": "Values of the active custom fields, keyed by field name.",
        "type": "object",
        "properties": {spec.name: field_json_schema(spec) for spec in custom_fields},
        "required": [spec.name for spec in custom_fields if spec.required],
        "additionalProperties": False,
        "x-dealbrain": {"custom_fields": [spec.name for spec in custom_fields]},
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
