"""The run config each preview carries: it reproduces the preview, and its commented choices are valid once taken."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine

from dealbrain.auth import Actor, Role
from dealbrain.importing.options import ImportOptions
from dealbrain.importing.rerun_config import open_choices, request_options, rerun_config_yaml
from dealbrain.importing.service import ImportService
from dealbrain.importing.stages.validation import ImportPreview
from dealbrain.ingest import UploadStore
from tests.importing.workbooks import write_xlsx

ADMIN = Actor("ada", Role.ADMIN)
CPU_HEADER = ["CPU Name", "Manufacturer", "Cores", "Threads", "CPU Mark", "Socket Colour"]
CPUS = [
    ["Intel Core i7-8700", "Intel", 6, 12, 13875, "blue"],
    ["AMD Ryzen 5 5600G", "AMD", 6, 12, 20650, "red"],
]
LISTINGS = [
    ["Title", "Price", "Condition", "CPU"],
    ["OptiPlex 7060 SFF", "$320.00", "used", "Intel Core i7-8700"],
    ["Beelink SER5", "lots", "new", "AMD Ryzen 5 5600G"],
]
CHOICE = re.compile(r"^(\s*)# (?!#)", re.MULTILINE)


def _workbook(path: Path, cpu_mark: int = 13875) -> Path:
    cpus = [[*CPUS[0][:4], cpu_mark, CPUS[0][5]], CPUS[1]]
    return write_xlsx(path, {"CPUs": [CPU_HEADER, *cpus], "Listings": LISTINGS})


def _preview(engine: Engine, tmp_path: Path, session: str, **options: Any) -> ImportPreview:
    request = ImportOptions.model_validate(options).to_request(session, ADMIN.name)
    return ImportService(engine, UploadStore(tmp_path / "uploads")).preview(ADMIN, request)


def _form(text: str) -> dict[str, Any]:
    return yaml.safe_load(text)["ops"]["uploaded_workbook"]["config"]


def _take_every_choice(text: str) -> str:
    return CHOICE.sub(r"\1", text)


def test_the_config_reproduces_the_preview_and_lists_open_decisions(engine: Engine, tmp_path: Path) -> None:
    path = _workbook(tmp_path / "in.xlsx")
    options = {"file": str(path), "declared_entities": {"CPUs": "cpu", "Listings": "listing"},
               "mapping_overrides": [{"sheet": "Listings", "column": "Condition", "field": "condition"}]}
    preview = _preview(engine, tmp_path, "s1", **options)
    text = rerun_config_yaml(preview)

    assert ImportOptions.model_validate(_form(text)) == ImportOptions.model_validate(options)
    assert request_options(preview.request)["file"] == str(path)
    choices = {choice.option for choice in open_choices(preview)}
    assert {"promote_columns", "overrides"} <= choices
    assert "# promote_columns:" in text and "key: socket_colour" in text
    assert "action: discard" in text and "## 1 row(s): 'lots' is not a number" in text
    assert "on_invalid: error  # blocked by invalid rows" in text

    taken = ImportOptions.model_validate(_form(_take_every_choice(text)))
    assert [p.key for p in taken.promote_columns] == ["socket_colour"]
    assert any(o.action == "discard" and o.rows == "3" and o.sheet == "Listings" for o in taken.overrides)


def test_taking_the_commented_conflict_decisions_unblocks_the_preview(engine: Engine, tmp_path: Path) -> None:
    first = _workbook(tmp_path / "first.xlsx")
    service = ImportService(engine, UploadStore(tmp_path / "uploads"))
    options = {"file": str(first), "declared_entities": {"CPUs": "cpu"}, "mapping_overrides": [
        {"sheet": "CPUs", "column": "Socket Colour", "field": None}]}
    request = ImportOptions.model_validate(options | {"declared_entities": {"CPUs": "cpu", "Listings": "listing"},
                                                       "on_invalid": "skip"}).to_request("s1", ADMIN.name)
    service.preview(ADMIN, request)
    service.commit(ADMIN, "s1")

    changed = _workbook(tmp_path / "second.xlsx", cpu_mark=14000)
    preview = _preview(engine, tmp_path, "s2", **(options | {"file": str(changed), "on_invalid": "skip"}))
    text = rerun_config_yaml(preview)
    assert not preview.can_commit
    assert "# conflict_policy: update" in text
    assert "# - entity: cpu\n        #   key: Intel Core i7-8700\n        #   decision: update\n" in text
    assert "cpu_mark_multi: 13875 -> 14000" in text

    rerun = _preview(engine, tmp_path, "s2", **_form(_take_every_choice(text)))
    assert rerun.can_commit, rerun.blocking
    assert rerun.entities["cpu"].conflicts.decided == {"update": 1}


@pytest.mark.parametrize("line", ["# - {sheet: x}", "## note"])
def test_only_single_hash_lines_are_choices(line: str) -> None:
    assert bool(CHOICE.search(line)) is (not line.startswith("##"))
