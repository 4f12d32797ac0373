"""The real PassMark scrape in ../shared/data, written to a workbook, imports as CPUs with correct numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.importing.request import DuplicatePolicy, InvalidRowPolicy
from tests.importing.conftest import ImportRunner
from tests.importing.workbooks import write_xlsx

PASSMARK = Path(__file__).resolve().parents[3] / "shared" / "data" / "passmark_cpus.json"
COLUMNS = ["name", "cpumark", "thread", "tdp", "socket", "cores", "price", "date"]

pytestmark = pytest.mark.skipif(not PASSMARK.exists(), reason="../shared/data/passmark_cpus.json is not beside the checkout")


def test_passmark_scrape_imports_as_cpus(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    records = json.loads(PASSMARK.read_text(encoding="utf-8"))["data"]
    rows = [COLUMNS, *([record.get(column) for column in COLUMNS] for record in records)]
    path = write_xlsx(tmp_path / "passmark.xlsx", {"PassMark CPUs": rows})

    outcome = run(
        path,
        declared_entities={"PassMark CPUs": "cpu"},
        mapping_overrides={"PassMark CPUs": {"price": None, "date": None}},
        on_duplicate=DuplicatePolicy.FIRST,
        on_invalid=InvalidRowPolicy.SKIP,
    )

    assert outcome.preview.blocking == []
    distinct_names = len({record["name"].strip().lower() for record in records})
    counts = outcome.result.counts()["cpu"]
    assert counts["inserted"] + counts["rejected"] == distinct_names
    assert counts["rejected"] < 10
    assert set(outcome.preview.failures["reason"].to_list()) <= {"must be at most 1000"}
    CpuRecord = ENTITY_MODELS["cpu"]
    with transaction(engine) as session:
        apu = session.scalars(select(CpuRecord).where(CpuRecord.name == "AMD A6-3500 APU")).one()
        unknown_tdp = session.scalars(select(CpuRecord).where(CpuRecord.name == "06/5f")).one()
    assert (apu.cpu_mark_multi, apu.cpu_mark_single, apu.tdp_w, apu.cores, apu.socket) == (1439, 964, 65.0, 3, "FM1")
    assert (unknown_tdp.cpu_mark_multi, unknown_tdp.tdp_w) == (5830, None)
