"""The UI metadata and the next-try config offer the mapping's and choices' open decisions, worded as the config stands."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from sqlalchemy import Engine

from assets.import_metadata import mapping_metadata, preview_metadata
from dealbrain.auth import Actor, Role
from dealbrain.importing.options import ImportOptions
from dealbrain.importing.rerun_config import rerun_config_yaml
from dealbrain.importing.service import ImportService
from dealbrain.importing.stages.validation import ImportPreview
from dealbrain.ingest import UploadStore
from tests.importing.passmark_files import cpu_rows, passmark_records, passmark_workbook
from tests.importing.workbooks import write_xlsx

ADMIN = Actor("ada", Role.ADMIN)
CHOICE = re.compile(r"^(\s*)# (?!#)", re.MULTILINE)


def _preview(engine: Engine, tmp_path: Path, session: str, **options: Any) -> ImportPreview:
    request = ImportOptions.model_validate(options).to_request(session, ADMIN.name)
    return ImportService(engine, UploadStore(tmp_path / "uploads")).preview(ADMIN, request)


def _text(value: Any) -> str:
    return getattr(value, "value", value)


def test_the_next_try_config_offers_accepting_suggestions_and_mapping_values(engine: Engine, tmp_path: Path) -> None:
    path = passmark_workbook(tmp_path / "deals.xlsx", cpus=4, conditions=["Refurbished (Grade A)"] * 12 + ["Mint", "used"])
    preview = _preview(engine, tmp_path, "s1", file=str(path))
    text = rerun_config_yaml(preview)
    assert "# accept_suggestions:" in text and "#   column: Single Thread Rating" in text
    assert "# value_mappings:" in text and "#     Refurbished (Grade A): refurb" in text
    assert "(12 row(s)) -> refurb" in " ".join(line.strip(" #") for line in text.splitlines())

    taken = yaml.safe_load(CHOICE.sub(r"\1", text))["ops"]["uploaded_workbook"]["config"]
    options = ImportOptions.model_validate(taken)
    assert {(c.sheet, c.column) for c in options.accept_suggestions} == {("CPUs", "Single Thread Rating"), ("CPUs", "Cores/Threads")}
    [mapping] = options.value_mappings
    assert mapping.values == {"Refurbished (Grade A)": "refurb", "Mint": "new"}  # nothing close: the first option, to edit
    rerun = _preview(engine, tmp_path, "s1", **taken)
    assert rerun.sheets[1].unknown_choices == []
    assert not [f for f in rerun.failures.to_dicts() if f["field"] in {"condition", "cpu_mark_single", "cores", "threads"}]


def test_metadata_lists_unknown_values_and_columns_left_out(engine: Engine, tmp_path: Path) -> None:
    path = passmark_workbook(tmp_path / "deals.xlsx", cpus=4, conditions=["Refurbished (Grade A)"] * 12 + ["used"])
    preview = _preview(engine, tmp_path, "s2", file=str(path))
    metadata = preview_metadata(preview)
    unknown = _text(metadata["unknown_choices"])
    assert "| Listings | condition | condition | Refurbished (Grade A) | 12 | refurb |" in unknown
    mapping = mapping_metadata(SimpleNamespace(sheets=[sheet.mapping for sheet in preview.sheets]))
    assert "| awaiting acceptance |" in _text(mapping["mapping"])
    not_loaded = _text(mapping["not_loaded"])
    assert "column 'Single Thread Rating' of sheet 'CPUs' will not be loaded" in not_loaded
    assert "column 'Speed' of sheet 'CPUs' will not be loaded" in not_loaded


@pytest.mark.parametrize(
    ("policy", "expected", "absent"),
    [("error", "| blocks |", "| kept |"), ("first", "| dropped |", "| blocks |"), ("last", "| kept |", "| blocks |")],
)
def test_the_duplicates_table_follows_on_duplicate(engine: Engine, tmp_path: Path, policy: str, expected: str, absent: str) -> None:
    rows = cpu_rows(passmark_records(2))
    path = write_xlsx(tmp_path / "dupes.xlsx", {"CPUs": [*rows, rows[1]]})
    metadata = preview_metadata(_preview(engine, tmp_path, f"s-{policy}", file=str(path), on_duplicate=policy))
    table = _text(metadata["duplicates"])
    planned = _text(metadata["planned_changes"])
    assert ("duplicates_blocking" in planned) is (policy == "error")
    assert ("duplicates_dropped" in planned) is (policy != "error")
    assert f"(on_duplicate: {policy})" in table
    assert expected in table and absent not in table
    assert "True" not in table and "False" not in table
