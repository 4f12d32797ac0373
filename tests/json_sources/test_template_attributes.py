"""The original templates' JSON `attributes` column: its keys become columns and land typed in attributes_json.

The listing template's `components`, `other_components` and its GPU (named in
`components`) belong to the listing-components work and are left out here.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from sqlalchemy import Engine, select

from dealbrain.customfields import CustomFieldService
from dealbrain.customfields.inputs import FieldInputs
from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.importing.request import ColumnPromotion, InvalidRowPolicy
from dealbrain.mapping import Bucket
from dealbrain.specs import FieldType
from tests.importing.conftest import ADMIN, ImportRunner
from tests.importing.workbooks import write_xlsx
from tests.json_sources.conftest import TEMPLATES, shared_file

LISTING_LEFT_OUT = {"gpu_name": None, "components": None, "other_components": None}


def _template(name: str, folder: Path) -> Path:
    return Path(shutil.copy(shared_file(TEMPLATES / f"{name}.csv"), folder / f"{name}.csv"))


def _stored(engine: Engine, entity: str) -> dict[str, dict]:
    model = ENTITY_MODELS[entity]
    key = "title" if entity == "listing" else "name"
    with transaction(engine) as session:
        return {getattr(record, key): record.attributes_json for record in session.scalars(select(model))}


def _promotions(sheet: str) -> tuple[ColumnPromotion, ...]:
    wanted = {
        "cpu": ("attributes.l3_cache_mb", "l3_cache_mb", FieldType.INTEGER),
        "ports_profile": ("attributes.supports_power_delivery", "supports_power_delivery", FieldType.BOOLEAN),
        "listing": ("attributes.color", "color", FieldType.STRING),
    }
    column, key, kind = wanted[sheet]
    return (ColumnPromotion(sheet, column, key, data_type=kind),)


def test_each_template_declared_on_its_own_lands_its_attributes_typed(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    CustomFieldService(engine, ADMIN).create("gpu", "memory_gb", FieldInputs(type="integer", label="Memory (GB)"))

    cpu = run(_template("cpu", tmp_path), declared_entities={"cpu": "cpu"}, promotions=_promotions("cpu"))
    gpu = run(_template("gpu", tmp_path), declared_entities={"gpu": "gpu"})
    ports = run(_template("ports_profile", tmp_path), declared_entities={"ports_profile": "ports_profile"}, promotions=_promotions("ports_profile"))
    listing = run(
        _template("listing", tmp_path), declared_entities={"listing": "listing"},
        promotions=_promotions("listing"), mapping_overrides={"listing": LISTING_LEFT_OUT},
    )

    for outcome in (cpu, gpu, ports, listing):
        assert outcome.preview.blocking == [], outcome.preview.blocking
    gpu_mapping = {column.column: column for column in gpu.preview.sheets[0].mapping.columns}
    assert (gpu_mapping["attributes.memory_gb"].bucket, gpu_mapping["attributes.memory_gb"].field) == (Bucket.MAPPED, "memory_gb")
    assert "attributes" not in gpu_mapping
    assert _stored(engine, "cpu") == {"Intel Core i7-8700": {"l3_cache_mb": 12}, "AMD Ryzen 5 5600G": {"l3_cache_mb": 16}}
    assert _stored(engine, "gpu") == {"NVIDIA GeForce RTX 3060": {"memory_gb": 12}, "AMD Radeon RX 6600": {"memory_gb": 8}}
    assert _stored(engine, "ports_profile") == {"Baseline SFF": {"supports_power_delivery": True}, "Media Hub": {}}
    assert _stored(engine, "listing") == {"Refurbished OptiPlex 7060 SFF": {"color": "black"}}


def test_the_four_templates_as_sheets_of_one_workbook(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    sheets = {}
    for name in ("cpu", "gpu", "ports_profile", "listing"):
        with _template(name, tmp_path).open(encoding="utf-8", newline="") as handle:
            sheets[name] = list(csv.reader(handle))
    path = write_xlsx(tmp_path / "templates.xlsx", sheets)

    outcome = run(
        path,
        declared_entities={name: name for name in sheets},
        promotions=(
            *_promotions("cpu"), *_promotions("ports_profile"), *_promotions("listing"),
            ColumnPromotion("gpu", "attributes.memory_gb", "memory_gb", data_type=FieldType.INTEGER),
        ),
        mapping_overrides={"listing": LISTING_LEFT_OUT},
    )

    assert outcome.preview.blocking == [], outcome.preview.blocking
    assert _stored(engine, "cpu")["AMD Ryzen 5 5600G"] == {"l3_cache_mb": 16}
    assert _stored(engine, "gpu")["AMD Radeon RX 6600"] == {"memory_gb": 8}
    assert _stored(engine, "ports_profile")["Baseline SFF"] == {"supports_power_delivery": True}
    assert _stored(engine, "listing")["Refurbished OptiPlex 7060 SFF"] == {"color": "black"}


def test_an_unknown_key_is_offered_for_promotion_with_its_type(run: ImportRunner, tmp_path: Path) -> None:
    outcome = run(_template("gpu", tmp_path), declared_entities={"gpu": "gpu"}, commit=False)

    [memory] = [c for c in outcome.preview.sheets[0].mapping.columns if c.column == "attributes.memory_gb"]
    assert (memory.bucket, memory.inferred_type, memory.samples) == (Bucket.NEW, FieldType.INTEGER, ("12", "8"))
    notes = outcome.preview.resolution[0].source.notes
    assert "column 'attributes' holds JSON objects; its keys became columns: attributes.memory_gb" in notes


def test_a_malformed_json_cell_fails_its_row_and_shows_the_raw_text(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "cpus.csv"
    path.write_text(
        'name,cores,attributes\nGood CPU,4,"{""l3_cache_mb"": 8}"\nBad CPU,6,"{l3_cache_mb: 12}"\nBlank CPU,2,\n',
        encoding="utf-8",
    )

    outcome = run(
        path, declared_entities={"cpus": "cpu"}, promotions=(ColumnPromotion("cpus", "attributes.l3_cache_mb", "l3_cache_mb", data_type=FieldType.INTEGER),),
        on_invalid=InvalidRowPolicy.SKIP,
    )

    [failure] = outcome.preview.failures.to_dicts()
    assert (failure["__source_row__"], failure["column"], failure["raw_value"]) == (3, "attributes", "{l3_cache_mb: 12}")
    assert failure["reason"].startswith("'{l3_cache_mb: 12}' in JSON column 'attributes' is not valid JSON")
    assert _stored(engine, "cpu") == {"Good CPU": {"l3_cache_mb": 8}, "Blank CPU": {}}
