"""The real PassMark scrape imported directly from its JSON file, every record of it."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine, select

from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.importing.request import (
    ColumnPromotion,
    DuplicatePolicy,
    InvalidRowPolicy,
)
from dealbrain.mapping import Bucket
from dealbrain.specs import FieldType
from tests.importing.conftest import ImportRunner
from tests.json_sources.conftest import PASSMARK, shared_file

pytestmark = pytest.mark.slow  # Dagster runs, a live server or the whole PassMark file: `make test-all`

CpuRecord = ENTITY_MODELS["cpu"]
CATEGORIES = ("Desktop", "Laptop", "Mobile/Embedded", "Server", "Unknown")


def _first_record_per_name(records: list[dict]) -> dict[str, dict]:
    first: dict[str, dict] = {}
    for record in records:
        first.setdefault(record["name"].strip().lower(), record)
    return first


def _year(text: str) -> int | None:
    return None if text == "NA" else int(text.split()[-1])


def test_passmark_json_imports_every_cpu_with_its_year_and_categories(run: ImportRunner, engine: Engine) -> None:
    path = shared_file(PASSMARK)
    records = json.loads(path.read_text(encoding="utf-8"))["data"]
    assert len(records) == 6066

    outcome = run(
        path,
        declared_entities={"passmark_cpus": "cpu"},
        promotions=(ColumnPromotion("passmark_cpus", "cat", "category", "Category", FieldType.MULTI_ENUM, CATEGORIES),),
        on_duplicate=DuplicatePolicy.FIRST,
        on_invalid=InvalidRowPolicy.SKIP,
    )

    preview = outcome.preview
    assert preview.blocking == []
    sheet = preview.resolution[0].source
    assert sheet.frame.height == 6066
    assert "records read from the top-level member 'data'" in sheet.notes
    mapping = {column.column: column for column in preview.sheets[0].mapping.columns}
    assert (mapping["date"].bucket, mapping["date"].field) == (Bucket.SUGGESTED, "release_year")
    first = _first_record_per_name(records)
    assert len(first) == 5516
    counts = outcome.result.counts()["cpu"]
    assert counts["inserted"] + counts["rejected"] == 5516
    assert preview.counts()["cpu"]["duplicates"] == 6066 - 5516
    assert set(preview.failures["reason"].to_list()) <= {"must be at most 1000"}  # a TDP beyond the field's range
    rejected = set(preview.failures["__source_row__"].to_list())

    sample = [record for index, record in enumerate(first.values()) if index % 97 == 0]
    assert len(sample) > 50
    with transaction(engine) as session:
        stored = {
            cpu.name.lower(): cpu
            for cpu in session.scalars(select(CpuRecord).where(CpuRecord.name.in_([r["name"].strip() for r in sample])))
        }
    checked = 0
    for record in sample:
        if records.index(record) + 1 in rejected:
            continue
        cpu = stored[record["name"].strip().lower()]
        assert cpu.release_year == _year(record["date"]), record
        assert cpu.cpu_mark_multi == int(record["cpumark"].replace(",", "")), record
        expected = sorted({item.strip() for item in record["cat"].split(",")}, key=CATEGORIES.index)
        assert cpu.attributes_json["category"] == expected, record
        checked += 1
    assert checked >= 50


def test_dates_fill_a_date_field_and_a_year_field_alike(run: ImportRunner, engine: Engine, tmp_path) -> None:
    """'Aug 2025' is the first of the month for a date field, 2025 for a year field."""
    path = tmp_path / "cpus.json"
    path.write_text(json.dumps([
        {"name": "CPU A", "date": "Aug 2025", "first_seen": "Aug 2025"},
        {"name": "CPU B", "date": "2019", "first_seen": "March 2019"},
    ]), encoding="utf-8")

    outcome = run(
        path,
        declared_entities={"cpus": "cpu"},
        promotions=(ColumnPromotion("cpus", "first_seen", "first_seen", data_type=FieldType.DATE),),
    )

    assert outcome.preview.blocking == []
    with transaction(engine) as session:
        cpus = {cpu.name: cpu for cpu in session.scalars(select(CpuRecord))}
    assert (cpus["CPU A"].release_year, cpus["CPU A"].attributes_json["first_seen"]) == (2025, "2025-08-01")
    assert (cpus["CPU B"].release_year, cpus["CPU B"].attributes_json["first_seen"]) == (2019, "2019-03-01")


def test_comma_joined_categories_are_offered_as_a_multi_enum_with_their_options(run: ImportRunner) -> None:
    outcome = run(shared_file(PASSMARK), declared_entities={"passmark_cpus": "cpu"}, commit=False)

    [cat] = [column for column in outcome.preview.sheets[0].mapping.columns if column.column == "cat"]
    assert (cat.bucket, cat.inferred_type) == (Bucket.NEW, FieldType.MULTI_ENUM)
    assert set(cat.inferred_options) <= set(CATEGORIES) and len(cat.inferred_options) >= 3
