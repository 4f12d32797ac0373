"""entity_json_schema: a draft 2020-12 schema per entity, custom fields under attributes_json."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from dealbrain.specs import ENTITY_SPECS
from dealbrain.validation import entity_json_schema

jsonschema = pytest.importorskip("jsonschema")


def _validator(schema: dict):
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _errors(schema: dict, record: dict) -> list[str]:
    return sorted(".".join(map(str, error.absolute_path)) for error in _validator(schema).iter_errors(record))


@pytest.mark.parametrize("entity", ENTITY_SPECS.values(), ids=list(ENTITY_SPECS))
def test_every_entity_has_a_valid_schema_covering_its_fields(entity):
    schema = entity_json_schema(entity)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == entity.label
    assert list(schema["properties"]) == [*entity.field_names, "attributes_json"]
    assert schema["required"] == [spec.name for spec in entity.required_fields]
    assert schema["additionalProperties"] is False
    assert schema["x-dealbrain"] == {"entity": entity.name, "natural_key": list(entity.natural_key)}
    for spec in entity.fields:
        note = schema["properties"][spec.name]["x-dealbrain"]
        assert note["custom"] is False
        assert note["aliases"] == list(spec.aliases)
        assert note["references"] == spec.references
    json.dumps(schema)


def test_cpu_fields():
    props = entity_json_schema(ENTITY_SPECS["cpu"])["properties"]
    assert props["name"]["type"] == "string"
    assert props["name"]["maxLength"] == 255
    assert props["name"]["x-dealbrain"]["unique"] is True
    assert props["cores"]["type"] == ["integer", "null"]
    assert (props["cores"]["minimum"], props["cores"]["maximum"]) == (1, 1024)
    assert props["tdp_w"]["type"] == ["number", "null"]
    assert props["tdp_w"]["x-dealbrain"]["units"]["w"] == 1.0
    assert props["notes"]["type"] == ["string", "null"]


def test_listing_enum_and_references():
    props = entity_json_schema(ENTITY_SPECS["listing"])["properties"]
    assert props["condition"]["enum"] == ["new", "refurb", "used", None]
    assert props["cpu"]["type"] == ["string", "null"]
    assert props["cpu"]["x-dealbrain"]["references"] == "cpu"
    assert props["cpu"]["x-dealbrain"]["column"] == "cpu_id"
    assert props["ports_profile"]["x-dealbrain"]["references"] == "ports_profile"
    assert props["price_usd"]["type"] == "number"


def test_required_enum_does_not_accept_null():
    rule = ENTITY_SPECS["valuation_rule"]
    strict = dataclasses.replace(
        rule, fields=tuple(dataclasses.replace(f, required=f.name == "component_type" or f.required) for f in rule.fields)
    )
    props = entity_json_schema(strict)["properties"]
    assert props["component_type"]["type"] == "string"
    assert None not in props["component_type"]["enum"]


def test_ports_are_an_array_of_port_objects():
    schema = entity_json_schema(ENTITY_SPECS["ports_profile"])
    ports = schema["properties"]["ports"]
    assert ports["type"] == ["array", "null"]
    assert ports["items"]["required"] == ["type", "count"]
    good = {"name": "Mini PC", "ports": [{"type": "usb-c", "count": 2, "spec_notes": "40 Gbps"}, {"type": "hdmi", "count": 1}]}
    assert _errors(schema, good) == []
    bad = {"name": "Mini PC", "ports": [{"type": "usb-c", "count": 0}, {"type": "  ", "count": 1}, {"count": 1}]}
    assert _errors(schema, bad) == ["ports.0.count", "ports.1.type", "ports.2"]


def test_listing_records_validate():
    schema = entity_json_schema(ENTITY_SPECS["listing"])
    good = {"title": "Dell 7010", "price_usd": 199.0, "condition": None, "cpu": "i5-12400", "ram_gb": 16}
    assert _errors(schema, good) == []
    bad = {"title": "x" * 256, "price_usd": -1, "condition": "mint", "ram_gb": 1.5, "colour": "red"}
    assert _errors(schema, bad) == ["", "condition", "price_usd", "ram_gb", "title"]
    assert "price_usd" in _errors(schema, {"title": "a", "price_usd": None})
    assert _errors(schema, {"price_usd": 1.0}) == [""]


def test_custom_fields_live_under_attributes_json(custom_fields):
    schema = entity_json_schema(ENTITY_SPECS["cpu"], custom_fields)
    jsonschema.Draft202012Validator.check_schema(schema)
    attributes = schema["properties"]["attributes_json"]
    assert attributes["type"] == "object"
    assert list(attributes["properties"]) == [spec.name for spec in custom_fields]
    assert attributes["required"] == ["has_wifi"]
    assert "attributes_json" in schema["required"]
    assert not set(attributes["properties"]) & set(schema["properties"]) - {"attributes_json"}
    for spec in custom_fields:
        note = attributes["properties"][spec.name]["x-dealbrain"]
        assert note["custom"] is True
        assert note["type"] == spec.type.value


def test_custom_field_of_each_type(custom_fields):
    props = entity_json_schema(ENTITY_SPECS["cpu"], custom_fields)["properties"]["attributes_json"]["properties"]
    assert props["warranty_code"]["type"] == ["string", "null"]
    assert props["warranty_code"]["maxLength"] == 8
    assert props["warranty_code"]["pattern"] == r"^(?:[A-Z]{2}-\d{3})$"
    assert props["seller_notes"]["description"] == "Free text from the seller."
    assert props["bay_count"]["type"] == ["integer", "null"]
    assert (props["bay_count"]["minimum"], props["bay_count"]["maximum"]) == (0, 8)
    assert props["bay_count"]["x-dealbrain"]["aliases"] == ["bays"]
    assert (props["weight_kg"]["type"], props["weight_kg"]["minimum"], props["weight_kg"]["maximum"]) == (["number", "null"], 0.1, 50.5)
    assert props["has_wifi"]["type"] == "boolean"
    assert props["form_factor"]["enum"] == ["tower", "sff", "mini", None]
    assert props["features"]["type"] == ["array", "null"]
    assert props["features"]["items"] == {"type": "string", "enum": ["wifi", "bt", "tpm"]}
    assert props["purchased_on"]["type"] == ["string", "null"]
    assert props["purchased_on"]["format"] == "date"
    date_note = props["purchased_on"]["x-dealbrain"]
    assert (date_note["minimum"], date_note["maximum"]) == ("2015-01-01", "2030-12-31")


def test_records_with_custom_attributes_validate(custom_fields):
    schema = entity_json_schema(ENTITY_SPECS["cpu"], custom_fields)
    good = {
        "name": "i5-12400",
        "attributes_json": {
            "warranty_code": "AB-123",
            "bay_count": 2,
            "weight_kg": 1.2,
            "has_wifi": True,
            "form_factor": "sff",
            "features": ["wifi", "tpm"],
            "purchased_on": "2024-03-01",
        },
    }
    assert _errors(schema, good) == []
    bad = {
        "name": "i5-12400",
        "attributes_json": {
            "warranty_code": "AB-1234",
            "bay_count": 9,
            "has_wifi": "yes",
            "features": ["5g"],
            "purchased_on": "01/03/2024",
            "unknown": 1,
        },
    }
    assert _errors(schema, bad) == [
        "attributes_json",
        "attributes_json.bay_count",
        "attributes_json.features.0",
        "attributes_json.has_wifi",
        "attributes_json.purchased_on",
        "attributes_json.warranty_code",
    ]
    assert _errors(schema, {"name": "i5-12400"}) == [""]


def test_without_custom_fields_attributes_json_is_optional_and_empty():
    schema = entity_json_schema(ENTITY_SPECS["gpu"])
    assert "attributes_json" not in schema["required"]
    assert schema["properties"]["attributes_json"]["properties"] == {}
    assert _errors(schema, {"name": "RTX 4060", "attributes_json": {}}) == []


def test_defaults_are_json_values(custom_fields):
    dated = dataclasses.replace(custom_fields[-1], default=dt.date(2024, 1, 1))
    props = entity_json_schema(ENTITY_SPECS["cpu"], [dated])["properties"]["attributes_json"]["properties"]
    assert props["purchased_on"]["default"] == "2024-01-01"
