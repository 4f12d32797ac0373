"""Export xlsx from a filtered grid: the download holds exactly the filtered records and re-imports as a no-op."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from dealbrain.auth import Actor, Role
from dealbrain.importing.pipeline import run_import
from dealbrain.importing.request import ImportRequest
from dealbrain.ingest import UploadStore
from tests.workspace.browser import WorkspaceServer
from tests.workspace.seeding import seed_cpus

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module", autouse=True)
def cpus(workspace_engine: Engine) -> None:
    seed_cpus(workspace_engine)


def test_export_of_the_filter_reimports_as_a_no_op(
    page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine, tmp_path: Path
) -> None:
    page.goto(workspace_server.url("/cpus"))
    page.get_by_label("Filter", exact=True).fill('manufacturer = "intel"')
    page.keyboard.press("Enter")
    page.get_by_text("1–2 of 2 records").wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="Export xlsx").click()
    path = tmp_path / "cpu.xlsx"
    download.value.save_as(path)
    assert download.value.suggested_filename == "cpu.xlsx"

    sheet = load_workbook(path).active
    names = sorted(row[0] for row in sheet.iter_rows(min_row=2, values_only=True))
    assert names == ["Intel Core i5-12400", "Intel Core i7-8700"]

    request = ImportRequest(session_id="export-again", actor="ada", file_path=path, source_name=path.name,
                            declared_entities={sheet.title: "cpu"})
    outcome = run_import(request, workspace_engine, UploadStore(tmp_path / "uploads"), Actor("ada", Role.ADMIN))
    counts = outcome.preview.counts()["cpu"]
    assert (counts["insert"], counts["update"], counts["unchanged"]) == (0, 0, 2)
