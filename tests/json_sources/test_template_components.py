"""The four original templates import faithfully: every value of every row is found in the database.

Standard columns in their columns (references by the record's name),
`attributes` keys in `attributes_json` with their types, the listing's
`components` and `other_components` in `listing_component` linked to the
records they name, the GPU named only in `components` on the listing, and
the GPU created for it flagged for review with the component's `gpu_mark`.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select

from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import COMPONENT_REFERENCE_COLUMNS, ENTITY_MODELS, ListingComponent
from dealbrain.importing.policies import UnknownComponentPolicy
from dealbrain.importing.request import ColumnPromotion
from dealbrain.records.service import RecordService
from dealbrain.specs import FieldType, get_entity_spec
from tests.importing.conftest import ADMIN, ImportRunner
from tests.importing.workbooks import write_xlsx
from tests.json_sources.conftest import TEMPLATES, shared_file

ORDER = ("cpu", "gpu", "ports_profile", "listing")
ATTRIBUTE_TYPES = {
    "cpu": {"l3_cache_mb": FieldType.INTEGER},
    "gpu": {"memory_gb": FieldType.INTEGER},
    "ports_profile": {"supports_power_delivery": FieldType.BOOLEAN},
    "listing": {"color": FieldType.STRING},
}
HEADER_OF_REFERENCE = {"cpu_name": "cpu", "gpu_name": "gpu"}


def _template(name: str, folder: Path) -> Path:
    return Path(shutil.copy(shared_file(TEMPLATES / f"{name}.csv"), folder / f"{name}.csv"))


def _rows(name: str) -> list[dict[str, str]]:
    with shared_file(TEMPLATES / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _promotions(sheet: str, entity: str) -> tuple[ColumnPromotion, ...]:
    return tuple(
        ColumnPromotion(sheet, f"attributes.{key}", key, data_type=kind) for key, kind in ATTRIBUTE_TYPES[entity].items()
    )


def _expected(kind: FieldType, raw: str) -> Any:
    if raw == "":
        return None
    if kind is FieldType.INTEGER:
        return int(float(raw))
    if kind is FieldType.NUMBER:
        return float(raw)
    if kind is FieldType.BOOLEAN:
        return raw.lower() == "true"
    if kind is FieldType.PORTS:
        return [{"spec_notes": None} | port for port in json.loads(raw)]
    return raw


def _components(engine: Engine, listing_id: int) -> list[dict[str, Any]]:
    table = ListingComponent.__table__
    with transaction(engine) as session:
        rows = session.execute(select(table).where(table.c.listing_id == listing_id).order_by(table.c.position)).all()
        names = {}
        for row in rows:
            for kind, column in COMPONENT_REFERENCE_COLUMNS.items():
                if getattr(row, column) is not None:
                    model = ENTITY_MODELS[column.removesuffix("_id")]
                    names[row.id] = (kind, session.get(model, getattr(row, column)).name)
        return [
            {"component_type": r.component_type, "name": r.name, "quantity": r.quantity,
             "metadata": r.metadata_json, "record": names.get(r.id)}
            for r in rows
        ]


def _check_every_value(engine: Engine) -> None:
    """Every cell of every template row, read back from the database."""
    records = RecordService(engine, ADMIN)
    for entity in ORDER:
        spec = get_entity_spec(entity)
        (key,) = spec.natural_key
        for row in _rows(entity):
            stored = records.get(entity, row[key])
            for header, raw in row.items():
                if header == "attributes":
                    types = ATTRIBUTE_TYPES[entity]
                    expected = {k: _expected(types[k], json.dumps(v) if not isinstance(v, str) else v) for k, v in json.loads(raw).items()}
                    assert stored["attributes_json"] == expected, (entity, row[key])
                elif header in HEADER_OF_REFERENCE:
                    assert stored[HEADER_OF_REFERENCE[header]] == (raw or None), (entity, header)
                elif header in ("components", "other_components"):
                    continue  # checked below, in listing_component
                else:
                    assert stored[header] == _expected(spec.field(header).type, raw), (entity, header, stored[header])
            if entity == "listing":
                _check_components(engine, stored, row)


def _check_components(engine: Engine, stored: dict[str, Any], row: dict[str, str]) -> None:
    expected = [
        {"component_type": item["component_type"], "name": item["name"], "quantity": 1,
         "metadata": item.get("metadata_json") or {}, "record": ("gpu", item["name"]) if item["component_type"] == "gpu" else None}
        for item in json.loads(row["components"])
    ]
    expected += [
        {"component_type": "misc", "name": name, "quantity": 1, "metadata": {}, "record": None}
        for name in json.loads(row["other_components"])
    ]
    order = lambda item: (item["component_type"], item["name"].lower())  # noqa: E731
    assert _components(engine, stored["id"]) == sorted(expected, key=order)
    assert [(c["component_type"], c["name"]) for c in stored["components"]] == [
        (c["component_type"], c["name"]) for c in sorted(expected, key=order)
    ]
    gpu_name = json.loads(row["components"])[0]["name"]
    assert stored["gpu"] == gpu_name
    created = RecordService(engine, ADMIN).get("gpu", gpu_name)
    assert (created["gpu_mark"], created["needs_review"]) == (8540, True)
    for template_gpu in _rows("gpu"):
        assert RecordService(engine, ADMIN).get("gpu", template_gpu["name"])["needs_review"] is False


def test_each_template_declared_on_its_own_is_found_value_by_value(
    run: ImportRunner, engine: Engine, tmp_path: Path
) -> None:
    for entity in ORDER:
        outcome = run(_template(entity, tmp_path), declared_entities={entity: entity}, promotions=_promotions(entity, entity))
        assert outcome.preview.blocking == [] and outcome.result is not None, (entity, outcome.preview.blocking)

    [created] = outcome.preview.created_records()
    assert (created["entity"], created["values"], created["decision"], created["rows"]) == (
        "gpu", {"gpu_mark": 8540}, "create", {"listing": [2]}
    )
    _check_every_value(engine)


def test_the_four_templates_as_sheets_of_one_workbook(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    sheets = {}
    for name in ORDER:
        with _template(name, tmp_path).open(encoding="utf-8", newline="") as handle:
            sheets[name] = list(csv.reader(handle))
    path = write_xlsx(tmp_path / "templates.xlsx", sheets)

    outcome = run(
        path, declared_entities={name: name for name in ORDER},
        promotions=tuple(p for name in ORDER for p in _promotions(name, name)),
    )

    assert outcome.preview.blocking == [], outcome.preview.blocking
    _check_every_value(engine)


def test_a_changed_component_list_is_a_field_level_conflict_and_undo_puts_it_back(
    run: ImportRunner, engine: Engine, tmp_path: Path
) -> None:
    from dealbrain.importing.conflicts import ConflictPolicy
    from dealbrain.importing.undo import undo_import

    first = run(_template("listing", tmp_path), declared_entities={"listing": "listing"}, mapping_overrides={"listing": {"attributes.color": None}},
                on_unknown_component=UnknownComponentPolicy.CREATE)
    assert first.result is not None, first.preview.blocking
    listing_id = RecordService(engine, ADMIN).get("listing", "Refurbished OptiPlex 7060 SFF")["id"]
    before = _components(engine, listing_id)
    changed = tmp_path / "changed" / "listing.csv"
    changed.parent.mkdir()
    text = (tmp_path / "listing.csv").read_text(encoding="utf-8").replace("Wi-Fi 6 PCIe card", "Bluetooth dongle")
    changed.write_text(text, encoding="utf-8")

    blocked = run(changed, declared_entities={"listing": "listing"}, mapping_overrides={"listing": {"attributes.color": None}})
    [diff] = blocked.preview.entities["listing"].conflicts.diffs.to_dicts()
    assert diff["field"] == "components" and "Wi-Fi 6 PCIe card" in diff["before"] and "Bluetooth dongle" in diff["after"]
    assert blocked.result is None

    second = run(changed, declared_entities={"listing": "listing"}, mapping_overrides={"listing": {"attributes.color": None}},
                 conflict_policy=ConflictPolicy.UPDATE)
    assert second.result.counts()["listing"]["updated"] == 1
    assert "Bluetooth dongle" in [c["name"] for c in _components(engine, listing_id)]

    undo_import(engine, ADMIN, second.result.session_id)
    assert _components(engine, listing_id) == before

    undo_import(engine, ADMIN, first.result.session_id)
    with transaction(engine) as session:
        assert session.scalars(select(ListingComponent)).all() == []
        assert session.scalars(select(ENTITY_MODELS["gpu"])).all() == []


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ('[{"component_type": "gpu"', "is not valid JSON"),
        ('[{"component_type": "flux capacitor", "name": "X"}]', "has component_type 'flux capacitor'"),
        ('[{"component_type": "ram", "name": "16 GB", "quantity": 0}]', "has quantity 0"),
    ],
)
def test_an_unreadable_components_cell_fails_its_row_with_the_raw_text(
    run: ImportRunner, tmp_path: Path, cell: str, reason: str
) -> None:
    path = tmp_path / "listings.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([["title", "price_usd", "components"], ["Box", "100", cell]])

    outcome = run(path, declared_entities={"listings": "listing"}, commit=False)

    [failure] = outcome.preview.failures.to_dicts()
    assert (failure["column"], failure["raw_value"]) == ("components", cell)
    assert reason in failure["reason"]
