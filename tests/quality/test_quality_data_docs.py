"""The quality run covers the active custom fields' rules and builds Great Expectations Data Docs in the data folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
from sqlalchemy import Engine

from assets.reference_quality import reference_data_quality
from dealbrain.auth import Actor, Role
from dealbrain.customfields import CustomFieldService, active_field_specs
from dealbrain.customfields.inputs import FieldInputs
from dealbrain.db.engine import transaction
from dealbrain.settings import ImporterSettings
from dealbrain.specs import FieldSpec, FieldType
from tests.quality.conftest import CLEAN_ROWS, Rows
from tests.support.dagster_runs import materialize
from validations import load_table_frame, run_quality_suite
from validations.custom_fields import custom_field_expectations

ADMIN = Actor("ada", Role.ADMIN)


def test_custom_field_rules_become_expectations() -> None:
    fields = [
        FieldSpec("l3_cache_mb", FieldType.INTEGER, required=True, minimum=1, maximum=64, custom=True),
        FieldSpec("form_factor", FieldType.ENUM, options=("tower", "mini"), custom=True),
        FieldSpec("sku", FieldType.STRING, max_length=8, pattern="[A-Z]{2}-[0-9]+", custom=True),
        FieldSpec("launched", FieldType.DATE, custom=True),
    ]
    described = [(e.check.value, e.columns, e.description) for e in custom_field_expectations(fields)]
    assert described == [
        ("not_null", ("attributes_json.l3_cache_mb",), "Every record has a value for the custom field 'L3 cache mb'."),
        ("between", ("attributes_json.l3_cache_mb",), "The custom field 'L3 cache mb' lies between 1 and 64."),
        ("in_set", ("attributes_json.form_factor",), "The custom field 'Form factor' is one of tower, mini."),
        ("max_length", ("attributes_json.sku",), "The custom field 'Sku' is at most 8 characters long."),
        ("matches", ("attributes_json.sku",), "The custom field 'Sku' matches the pattern [A-Z]{2}-[0-9]+."),
    ]


@pytest.fixture
def custom_values(engine: Engine, store: Callable[[Rows], None]) -> None:
    """Clean tables, two CPU custom fields, and stored values breaking their rules (as a tightened rule would)."""
    fields = CustomFieldService(engine, ADMIN)
    fields.create("cpu", "l3_cache_mb", FieldInputs(type="integer", minimum=1, maximum=64))
    fields.create("cpu", "sku", FieldInputs(type="string", pattern="[A-Z]{2}-[0-9]+"))
    cpus = [dict(row) for row in CLEAN_ROWS["cpu"]]
    cpus[0]["attributes_json"] = {"l3_cache_mb": 25, "sku": "IN-12700"}
    cpus[1]["attributes_json"] = {"l3_cache_mb": 512, "sku": "amd 5600g"}
    store({**CLEAN_ROWS, "cpu": cpus})


@pytest.mark.slow  # Great Expectations, then a Dagster run
def test_the_quality_run_checks_custom_fields_and_writes_data_docs(
    engine: Engine, custom_values: None, settings: ImporterSettings, tmp_path: Path
) -> None:
    with transaction(engine) as session:
        custom = active_field_specs(session, "cpu")
    frame = load_table_frame(engine, "cpu", custom)
    assert list(frame["attributes_json.l3_cache_mb"])[:2] == [25, 512]
    report = run_quality_suite("cpu", frame, custom_fields=custom)
    failed = {outcome.description: outcome.unexpected_examples for outcome in report.failures}
    assert failed == {
        "The custom field 'L3 cache mb' lies between 1 and 64.": [{"name": "AMD Ryzen 5 5600G", "attributes_json.l3_cache_mb": 512}],
        "The custom field 'Sku' matches the pattern [A-Z]{2}-[0-9]+.": [{"name": "AMD Ryzen 5 5600G", "attributes_json.sku": "amd 5600g"}],
    }

    with dg.DagsterInstance.ephemeral() as instance:
        result = materialize([reference_data_quality], settings, instance=instance)
        assert result.success
        (materialization,) = result.asset_materializations_for_node("reference_data_quality")
        (check,) = result.get_asset_check_evaluations()
    metadata: dict[str, Any] = {key: value.value for key, value in materialization.metadata.items()}

    index = settings.resolved_data_dir / "quality_docs" / "index.html"
    assert metadata["data_docs_path"] == str(index) and metadata["data_docs"] == index.as_uri()
    assert index.is_file() and "cpu_reference_quality" in index.read_text(encoding="utf-8")
    pages = list((index.parent / "validations").rglob("*.html"))
    assert {page.parts[-4] for page in pages} == {f"{name}_reference_quality" for name in CLEAN_ROWS}
    cpu_page = next(page for page in pages if page.parts[-4] == "cpu_reference_quality").read_text(encoding="utf-8")
    assert "attributes_json.l3_cache_mb" in cpu_page and "512" in cpu_page
    assert metadata["custom_field_expectations"] == 2 and metadata["failed_expectations"] == 2 and not check.passed
