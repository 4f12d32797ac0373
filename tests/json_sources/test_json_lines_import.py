"""A JSON Lines file through the whole import: coerced like sheet cells, nested keys mapped by name."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, select

from dealbrain.customfields import CustomFieldService
from dealbrain.customfields.inputs import FieldInputs
from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.importing.request import InvalidRowPolicy
from tests.importing.conftest import ADMIN, ImportRunner

CpuRecord = ENTITY_MODELS["cpu"]
LINES = "\n".join([
    '{"name": "Intel Core i7-8700", "cpumark": "13,875", "thread": "2,630", "tdp": "65 W", "date": "Oct 2017", "attributes": {"l3_cache_mb": 12}}',
    '{"name": "AMD Ryzen 5 5600G", "cpumark": 20650, "thread": "NA", "tdp": "$65*", "date": "2021", "attributes": {"l3_cache_mb": "16"}}',
    "",
    '{"name": "Mystery CPU", "cpumark": "lots", "date": "Aug 2025"}',
]) + "\n"


def test_json_lines_import_with_sheet_coercion_and_a_nested_custom_key(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    CustomFieldService(engine, ADMIN).create("cpu", "l3_cache_mb", FieldInputs(type="integer", label="L3 cache (MB)"))
    path = tmp_path / "cpus.jsonl"
    path.write_text(LINES, encoding="utf-8")

    outcome = run(path, declared_entities={"cpus": "cpu"}, on_invalid=InvalidRowPolicy.SKIP)

    [failure] = outcome.preview.failures.to_dicts()
    assert (failure["__source_row__"], failure["column"], failure["raw_value"]) == (3, "cpumark", "lots")
    assert outcome.result.counts()["cpu"]["inserted"] == 2
    with transaction(engine) as session:
        cpus = {cpu.name: cpu for cpu in session.scalars(select(CpuRecord))}
    i7, ryzen = cpus["Intel Core i7-8700"], cpus["AMD Ryzen 5 5600G"]
    assert (i7.cpu_mark_multi, i7.cpu_mark_single, i7.tdp_w, i7.release_year) == (13875, 2630, 65.0, 2017)
    assert (ryzen.cpu_mark_multi, ryzen.cpu_mark_single, ryzen.tdp_w, ryzen.release_year) == (20650, None, 65.0, 2021)
    assert (i7.attributes_json, ryzen.attributes_json) == ({"l3_cache_mb": 12}, {"l3_cache_mb": 16})
    assert "Mystery CPU" not in cpus
