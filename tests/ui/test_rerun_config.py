"""The run config each preview carries: it reproduces the preview, and its commented choices are valid once taken."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine

from dealbrain.importing.options import ImportOptions
from dealbrain.importing.rerun_config import open_choices, request_options, rerun_config_yaml
from dealbrain.importing.service import ImportService
from dealbrain.ingest import UploadStore
from tests.support.option_previews import ADMIN, cpus_and_listings, preview_with_options

CHOICE = re.compile(r"^(\s*)# (?!#)", re.MULTILINE)


def _form(text: str) -> dict[str, Any]:
    return yaml.safe_load(text)["ops"]["uploaded_workbook"]["config"]


def _take_every_choice(text: str) -> str:
    return CHOICE.sub(r"\1", text)


def test_the_config_reproduces_the_preview_and_lists_open_decisions(engine: Engine, tmp_path: Path) -> None:
    path = cpus_and_listings(tmp_path / "in.xlsx")
    options = {"file": str(path), "declared_entities": {"CPUs": "cpu", "Listings": "listing"},
               "mapping_overrides": [{"sheet": "Listings", "column": "Condition", "field": "condition"}]}
    preview = preview_with_options(engine, tmp_path, "s1", **options)
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
    first = cpus_and_listings(tmp_path / "first.xlsx")
    service = ImportService(engine, UploadStore(tmp_path / "uploads"))
    options = {"file": str(first), "declared_entities": {"CPUs": "cpu"}, "mapping_overrides": [
        {"sheet": "CPUs", "column": "Socket Colour", "field": None}]}
    request = ImportOptions.model_validate(options | {"declared_entities": {"CPUs": "cpu", "Listings": "listing"},
                                                       "on_invalid": "skip"}).to_request("s1", ADMIN.name)
    service.preview(ADMIN, request)
    service.commit(ADMIN, "s1")

    changed = cpus_and_listings(tmp_path / "second.xlsx", cpu_mark=14000)
    preview = preview_with_options(engine, tmp_path, "s2", **(options | {"file": str(changed), "on_invalid": "skip"}))
    text = rerun_config_yaml(preview)
    assert not preview.can_commit
    assert "# conflict_policy: update" in text
    assert "# - entity: cpu\n        #   key: Intel Core i7-8700\n        #   decision: update\n" in text
    assert "cpu_mark_multi: 13875 -> 14000" in text

    rerun = preview_with_options(engine, tmp_path, "s2", **_form(_take_every_choice(text)))
    assert rerun.can_commit, rerun.blocking
    assert rerun.entities["cpu"].conflicts.decided == {"update": 1}


@pytest.mark.parametrize("line", ["# - {sheet: x}", "## note"])
def test_only_single_hash_lines_are_choices(line: str) -> None:
    assert bool(CHOICE.search(line)) is (not line.startswith("##"))
