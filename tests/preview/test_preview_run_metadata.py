"""Through a real `import_workbook` run: the preview's materialization and its workbook show what will be written."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import dagster as dg
import openpyxl
import pytest
import yaml
from sqlalchemy import Engine

from assets.session_partitions import import_sessions
from dealbrain.importing.options import ImportOptions
from dealbrain.settings import ImporterSettings
from pipelines.definitions import build_definitions
from tests.preview.passmark_files import FOOTER, PASSMARK, SHEET, TEMPLATES, passmark_rows, passmark_with_extras
from tests.support.metadata import has_row, table_rows

pytestmark = [pytest.mark.slow, pytest.mark.skipif(not PASSMARK.exists(), reason="../shared/data is not beside the checkout")]
CHOICE = re.compile(r"^(\s*)# (?!#)", re.MULTILINE)


def _run(definitions: dg.Definitions, instance: dg.DagsterInstance, session: str, **config: Any) -> None:
    instance.add_dynamic_partitions(import_sessions.name, [session])
    result = definitions.resolve_job_def("import_workbook").execute_in_process(
        run_config={"ops": {"uploaded_workbook": {"config": config}}}, instance=instance, partition_key=session,
        raise_on_error=False,
    )
    assert result.success


def _metadata(instance: dg.DagsterInstance, key: str) -> dict[str, Any]:
    event = instance.get_latest_materialization_event(dg.AssetKey(key))
    assert event is not None
    return {name: value.value for name, value in event.asset_materialization.metadata.items()}


def test_the_materialization_and_its_workbook_list_every_planned_row(
    engine: Engine, settings: ImporterSettings, tmp_path: Path
) -> None:
    definitions, instance = build_definitions(settings), dg.DagsterInstance.ephemeral()
    _run(definitions, instance, "templates", file=str(TEMPLATES / "cpu.csv"), declared_entities={"cpu": "cpu"}, commit=True)
    path, extras = passmark_with_extras(tmp_path / "passmark.xlsx", count=20)
    workbook = openpyxl.load_workbook(path)
    workbook[SHEET].insert_rows(5)
    for column, value in enumerate(["Intel Core i7-8700 @ 3.20GHz", "12,739", "2,626", "65", "FCLGA1151-2", "6"], start=1):
        workbook[SHEET].cell(row=5, column=column, value=value)
    workbook.save(path)

    _run(definitions, instance, "passmark", file=str(path), declared_entities={SHEET: "cpu"})

    parsed = _metadata(instance, "uploaded_workbook")
    left_out = table_rows(parsed["left_out_rows"])
    assert any(FOOTER in row["text"] for row in left_out) and any("repeats the header" in row["reason"] for row in left_out)
    assert "keep_rows" in parsed["left_out_rows_notes"]
    preview = _metadata(instance, "validated_preview")
    assert preview["verdict"].startswith("**Blocked.**") and "\n" not in preview["verdict"]
    assert any("nearly equal a stored record" in row["reason"] for row in table_rows(preview["blocking"]))
    assert has_row(table_rows(preview["near_duplicates"]), entity="cpu", name="Intel Core i7-8700 @ 3.20GHz",
                   candidate="Intel Core i7-8700", score=0.99, match="normalized", decision="undecided (blocks)")
    assert has_row(table_rows(preview["open_decisions"]), option="near_duplicate_decisions",
                   where="entity cpu, name Intel Core i7-8700 @ 3.20GHz",
                   choice="- {entity: cpu, name: Intel Core i7-8700 @ 3.20GHz, decision: update}")
    assert any("a totals row" in row["reason"] for row in table_rows(preview["left_out_rows"]))
    expected = {row[0]: int(row[1].replace(",", "")) for row in passmark_rows(20)} | {"Intel Core i7-8700 @ 3.20GHz": 12739}
    assert "cpu: 21 to insert" in preview["planned_rows"]
    sheet = openpyxl.load_workbook(preview["error_workbook"])["planned cpu"]
    lines = list(sheet.iter_rows(values_only=True))
    header = lines[0]
    written = {line[header.index("name")]: line[header.index("cpu_mark_multi")] for line in lines[1:]}
    assert written == expected
    inserts = table_rows(preview["planned_rows: cpu insert"])
    for name, mark in expected.items():
        assert has_row(inserts, name=name, cpu_mark_multi=mark)

    form = yaml.safe_load(CHOICE.sub(r"\1", preview["next_try_run_config"].removeprefix("```yaml\n").removesuffix("```")))
    options = ImportOptions.model_validate(form["ops"]["uploaded_workbook"]["config"])
    assert [(d.name, str(d.decision)) for d in options.near_duplicate_decisions] == [("Intel Core i7-8700 @ 3.20GHz", "update")]
    assert sorted(int(keep.rows) for keep in options.keep_rows) == sorted(v + 1 for v in extras.values())
