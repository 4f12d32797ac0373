"""The original valuation rules reference (entities -> fields -> buckets) imported through a record path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.importing.request import ColumnPromotion
from dealbrain.records.service import RecordService
from dealbrain.specs import FieldType
from tests.importing.conftest import ADMIN, ImportRunner
from tests.json_sources.conftest import VALUATION_REFERENCE, shared_file

RuleRecord = ENTITY_MODELS["valuation_rule"]
SHEET = "valuation_rules_reference"
RECORD_PATH = "entities.{entity}.{field=id}.valuation_buckets.{bucket=label}"
PROMOTED = {
    "field.proper_name": ("proper_name", FieldType.STRING),
    "field.explanation": ("explanation", FieldType.TEXT),
    "field.influences_valuation": ("influences_valuation", FieldType.BOOLEAN),
    "field.nullable": ("nullable", FieldType.BOOLEAN),
    "min_percent": ("min_percent", FieldType.NUMBER),
    "max_percent": ("max_percent", FieldType.NUMBER),
    "min_percent_per_year": ("min_percent_per_year", FieldType.NUMBER),
    "max_percent_per_year": ("max_percent_per_year", FieldType.NUMBER),
}
"""Members of the reference without a standard place: each becomes a custom field of its own."""


def _import(run: ImportRunner, path: Path, **fields):
    return run(
        path,
        declared_entities={SHEET: "valuation_rule"},
        record_path=RECORD_PATH,
        mapping_overrides={SHEET: {"label": None}},  # the same text as the labelled level 'bucket'
        promotions=tuple(ColumnPromotion(SHEET, column, key, data_type=kind) for column, (key, kind) in PROMOTED.items()),
        **fields,
    )


def _buckets(document: dict) -> list[tuple[str, dict, dict]]:
    return [
        (entity, field, bucket)
        for entity, fields in document["entities"].items()
        for field in fields
        for bucket in field["valuation_buckets"] or ()
    ]


def _rules(engine: Engine) -> dict[str, RuleRecord]:
    with transaction(engine) as session:
        return {rule.name: rule for rule in session.scalars(select(RuleRecord))}


def test_every_bucket_of_every_field_becomes_a_rule_without_loss(run: ImportRunner, engine: Engine) -> None:
    path = shared_file(VALUATION_REFERENCE)
    document = json.loads(path.read_text(encoding="utf-8"))
    buckets = _buckets(document)
    assert len(buckets) == 101

    outcome = _import(run, path)

    assert outcome.preview.blocking == [], outcome.preview.blocking
    assert outcome.result.counts()["valuation_rule"]["inserted"] == len(buckets)
    rules = _rules(engine)
    assert len(rules) == len(buckets)
    for entity, field, bucket in buckets:
        rule = rules[f"{entity} / {field['id']} / {bucket['label']}"]
        assert (rule.target_entity, rule.target_field, rule.bucket_label) == (entity, field["id"], bucket["label"])
        assert (rule.min_usd, rule.max_usd) == (bucket.get("min_usd"), bucket.get("max_usd"))
        assert (rule.min_multiplier, rule.max_multiplier) == (bucket.get("min_multiplier"), bucket.get("max_multiplier"))
        assert rule.bucket_formula == bucket["Formula"]
        assert rule.field_formula == field["Formula"]
        assert rule.unit == field["unit"]
        assert rule.dependencies == (field["dependencies"] or None)
        assert rule.field_description == field["description"]
        assert rule.notes == field["notes"]
        attributes = rule.attributes_json
        assert attributes.get("proper_name") == field["proper_name"]
        assert attributes.get("explanation") == field["explanation"]
        assert attributes.get("influences_valuation") == field["influences_valuation"]
        assert attributes.get("nullable") == field["nullable"]
        for key in ("min_percent", "max_percent", "min_percent_per_year", "max_percent_per_year"):
            assert attributes.get(key) == bucket.get(key), (rule.name, key)
        assert (rule.component_type, rule.unit_value_usd) == (None, None)
    depreciation = rules["CPU / release_year / Depreciation after year 3"]
    assert depreciation.attributes_json["max_percent_per_year"] == pytest.approx(-0.02)
    assert depreciation.bucket_formula == "subtotal *= (1 - years_over_3 * 0.01..0.02)"


def test_importing_the_reference_twice_changes_nothing(run: ImportRunner, engine: Engine) -> None:
    path = shared_file(VALUATION_REFERENCE)
    _import(run, path)
    before = {name: (rule.min_usd, rule.max_usd, rule.dependencies) for name, rule in _rules(engine).items()}

    again = _import(run, path)

    counts = again.result.counts()["valuation_rule"]
    assert (counts["inserted"], counts["updated"], counts["unchanged"]) == (0, 0, 101)
    assert not again.result.changed_anything
    assert {name: (rule.min_usd, rule.max_usd, rule.dependencies) for name, rule in _rules(engine).items()} == before


def test_an_imported_rule_is_read_and_edited_like_any_record(run: ImportRunner, engine: Engine) -> None:
    path = shared_file(VALUATION_REFERENCE)
    _import(run, path)
    entity, field, bucket = next(item for item in _buckets(json.loads(path.read_text(encoding="utf-8"))) if item[1]["id"] == "ram_gb")
    key = f"{entity} / {field['id']} / {bucket['label']}"
    records = RecordService(engine, ADMIN)
    assert records.get("valuation_rule", key)["max_usd"] == bucket["max_usd"]

    records.update("valuation_rule", key, {"max_usd": "$99", "dependencies": "Listing.ram_gb; RamSpec.speed_mhz"})

    edited = records.get("valuation_rule", key)
    assert edited["max_usd"] == 99.0
    assert edited["dependencies"] == ["Listing.ram_gb", "RamSpec.speed_mhz"]
