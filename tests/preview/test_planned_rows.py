"""Every record a commit will write is visible before it: in the preview's metadata and in the preview workbook."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import Engine

from assets.import_metadata import preview_metadata
from assets.preview_sections import PLANNED_ROWS_SHOWN
from dealbrain.importing.policies import ConflictPolicy
from dealbrain.importing.request import ColumnPromotion
from dealbrain.specs import FieldType
from tests.importing.conftest import ImportRunner
from tests.importing.workbooks import write_xlsx
from tests.preview.passmark_files import PASSMARK, TEMPLATES, passmark_rows
from tests.support.metadata import table_rows

pytestmark = pytest.mark.skipif(not PASSMARK.exists(), reason="../shared/data is not beside the checkout")

CACHE = ColumnPromotion("cpu", "attributes.l3_cache_mb", "l3_cache_mb", "L3 cache (MB)", FieldType.NUMBER)
HEADER = ["name", "manufacturer", "socket", "cores", "threads", "tdp_w", "cpu_mark_multi", "cpu_mark_single", "attributes"]


def _number(text: Any) -> int:
    return int(str(text).replace(",", ""))


def _workbook_rows(path: Path, title: str) -> list[dict[str, Any]]:
    sheet = openpyxl.load_workbook(path)[title]
    lines = list(sheet.iter_rows(values_only=True))
    return [dict(zip(lines[0], line)) for line in lines[1:]]


@pytest.fixture
def stored_templates(run: ImportRunner) -> None:
    outcome = run(TEMPLATES / "cpu.csv", declared_entities={"cpu": "cpu"}, promotions=(CACHE,))
    assert outcome.result is not None, outcome.preview.blocking


def _next_file(tmp_path: Path, new: int) -> tuple[Path, list[list[Any]]]:
    """The template's two CPUs with new marks and cache sizes, then ``new`` PassMark CPUs."""
    with (TEMPLATES / "cpu.csv").open(encoding="utf-8") as stream:
        stored = list(csv.DictReader(stream))
    changed = [
        [cpu["name"], cpu["manufacturer"], cpu["socket"], cpu["cores"], cpu["threads"], cpu["tdp_w"],
         _number(cpu["cpu_mark_multi"]) + 125, cpu["cpu_mark_single"], '{"l3_cache_mb": 32}']
        for cpu in stored
    ]
    fresh = [[name, None, socket, cores, None, tdp, mark, single, None] for name, mark, single, tdp, socket, cores in passmark_rows(new)]
    rows = [*fresh, *changed]
    return write_xlsx(tmp_path / "next.xlsx", {"cpu": [HEADER, *rows]}), rows


def test_metadata_and_workbook_show_every_planned_insert_and_update(
    run: ImportRunner, engine: Engine, tmp_path: Path, stored_templates: None
) -> None:
    path, rows = _next_file(tmp_path, new=12)

    outcome = run(path, declared_entities={"cpu": "cpu"}, conflict_policy=ConflictPolicy.UPDATE, commit=False)

    preview = outcome.preview
    assert preview.can_commit, preview.blocking
    metadata = preview_metadata(preview)
    assert metadata["planned_rows"].value.startswith("cpu: 12 to insert; cpu: 2 to update.")
    inserts, updates = table_rows(metadata["planned_rows: cpu insert"]), table_rows(metadata["planned_rows: cpu update"])
    assert len(inserts) == 12 and len(updates) == 2
    workbook = _workbook_rows(preview.error_workbook, "planned cpu")
    assert [line["action"] for line in workbook] == ["insert"] * 12 + ["update"] * 2
    for row_number, (name, _, socket, cores, _, tdp, mark, single, _) in enumerate(rows[:12], start=2):
        shown = next(line for line in inserts if line["name"] == name)
        written = next(line for line in workbook if line["name"] == name)
        assert shown["row"] == row_number and written["row"] == row_number
        assert shown["cpu_mark_multi"] == _number(mark) and written["cpu_mark_multi"] == _number(mark)
        assert written["cpu_mark_single"] == _number(single) and written["socket"] == socket
        assert written["cores"] == (int(cores) if cores not in (None, "NA") else None)
    for row_number, (name, *_, mark, _, _) in enumerate(rows[12:], start=14):
        shown = next(line for line in updates if line["name"] == name)
        written = next(line for line in workbook if line["name"] == name)
        before = mark - 125
        assert shown["row"] == row_number and written["record_id"] == shown["record_id"]
        assert f"cpu_mark_multi: {before} -> {mark}" in shown["changes"] and "l3_cache_mb: " in shown["changes"]
        assert written["cpu_mark_multi"] == mark and written["l3_cache_mb"] == 32  # numbers stay numbers
        assert written["changes"] == shown["changes"]

    committed = run(path, declared_entities={"cpu": "cpu"}, conflict_policy=ConflictPolicy.UPDATE)
    assert (committed.result.counts()["cpu"]["inserted"], committed.result.counts()["cpu"]["updated"]) == (12, 2)


def test_the_ui_shows_the_first_rows_and_the_workbook_all_of_them(
    run: ImportRunner, tmp_path: Path, stored_templates: None
) -> None:
    path, rows = _next_file(tmp_path, new=PLANNED_ROWS_SHOWN + 15)

    preview = run(path, declared_entities={"cpu": "cpu"}, conflict_policy=ConflictPolicy.UPDATE, commit=False).preview

    metadata = preview_metadata(preview)
    shown = table_rows(metadata["planned_rows: cpu insert"])
    assert len(shown) == PLANNED_ROWS_SHOWN
    assert f"cpu: {PLANNED_ROWS_SHOWN + 15} to insert (15 more row(s) not shown)" in metadata["planned_rows"].value
    written = _workbook_rows(preview.error_workbook, "planned cpu")
    assert {line["name"] for line in written} == {row[0] for row in rows}


def test_formula_like_names_stay_text_in_the_planned_sheet(run: ImportRunner, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "f.xlsx", {"cpu": [HEADER, ["@SUM(A1:A9)", "Intel", None, 6, 12, 65, 100, 10, None]]})

    preview = run(path, declared_entities={"cpu": "cpu"}, commit=False).preview

    cell = openpyxl.load_workbook(preview.error_workbook)["planned cpu"]["E2"]
    assert cell.value == "@SUM(A1:A9)" and cell.data_type == "s" and cell.quotePrefix
