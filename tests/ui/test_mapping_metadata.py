"""The UI metadata and the next-try config offer the mapping's and choices' open decisions, worded as the config stands."""

from __future__ import annotations

import dataclasses
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
from tests.support.metadata import has_row, table_columns, table_rows

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
    unknown = table_rows(metadata["unknown_choices"])
    assert has_row(unknown, sheet="Listings", column="condition", field="condition", value="Refurbished (Grade A)", rows=12, closest="refurb")
    assert "`value_mappings`" in _text(metadata["unknown_choices_notes"])
    mapping = mapping_metadata(SimpleNamespace(sheets=[sheet.mapping for sheet in preview.sheets]))
    assert has_row(table_rows(mapping["mapping"]), sheet="CPUs", column="Single Thread Rating", loaded="awaiting acceptance")
    not_loaded = _text(mapping["not_loaded"])
    assert "column 'Single Thread Rating' of sheet 'CPUs' will not be loaded" in not_loaded
    assert "column 'Speed' of sheet 'CPUs' will not be loaded" in not_loaded


@pytest.mark.parametrize(
    ("policy", "expected", "absent"),
    [("error", "blocks", "kept"), ("first", "dropped", "blocks"), ("last", "kept", "blocks")],
)
def test_the_duplicates_table_follows_on_duplicate(engine: Engine, tmp_path: Path, policy: str, expected: str, absent: str) -> None:
    rows = cpu_rows(passmark_records(2))
    path = write_xlsx(tmp_path / "dupes.xlsx", {"CPUs": [*rows, rows[1]]})
    metadata = preview_metadata(_preview(engine, tmp_path, f"s-{policy}", file=str(path), on_duplicate=policy))
    outcomes = [row["outcome"] for row in table_rows(metadata["duplicates"])]
    planned = table_columns(metadata["planned_changes"])
    assert ("duplicates_blocking" in planned) is (policy == "error")
    assert ("duplicates_dropped" in planned) is (policy != "error")
    assert f"(on_duplicate: {policy})" in _text(metadata["duplicates_notes"])
    assert expected in outcomes and absent not in outcomes
    assert set(outcomes) <= {"blocks", "kept", "dropped"}  # worded, never a raw True/False


def test_the_mapping_is_one_table_by_sheet_and_bucket_with_the_sheets_notes_beside_it(engine: Engine, tmp_path: Path) -> None:
    path = passmark_workbook(tmp_path / "deals.xlsx", cpus=4, conditions=["used"])
    preview = _preview(engine, tmp_path, "s3", file=str(path))
    cpus, listings = (sheet.mapping for sheet in preview.sheets)
    remembered = dataclasses.replace(cpus, remembered_from="2025-06-01 cpus.xlsx")
    missing = dataclasses.replace(listings, missing_required=["title", "price_usd"])

    metadata = mapping_metadata(SimpleNamespace(sheets=[remembered, missing]))

    rows = table_rows(metadata["mapping"])
    assert len(rows) == len(cpus.columns) + len(listings.columns)
    assert [row["sheet"] for row in rows] == ["CPUs"] * len(cpus.columns) + ["Listings"] * len(listings.columns)
    cpu_buckets = [row["bucket"] for row in rows if row["sheet"] == "CPUs"]
    assert cpu_buckets == sorted(cpu_buckets, key=["Mapped", "Suggested", "New (candidate custom fields)", "Ignored"].index)
    assert has_row(rows, sheet="CPUs", bucket="Mapped", column="CPU Mark", field="cpu_mark_multi", loaded="yes")
    notes = _text(metadata["mapping_notes"])
    assert "CPUs: started from the mapping confirmed in session 2025-06-01 cpus.xlsx." in notes
    assert "Listings: required fields without a column: title, price_usd** (blocks the commit)" in notes
    assert "mapping_notes" not in mapping_metadata(SimpleNamespace(sheets=[cpus]))
