"""Disable and enable from the CPU grid, the Audit page's link to the record's drawer, and the drawer's provenance.

The CPUs come from a real import (in this process, on the server's database),
so the drawer can say which file, sheet, row and column set each value.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from sqlalchemy import Engine

from dealbrain.auth import Actor, Role
from dealbrain.importing.pipeline import run_import
from dealbrain.importing.request import ImportRequest
from dealbrain.ingest import UploadStore
from dealbrain.records import RecordService
from tests.importing.workbooks import CPU_HEADER, CPU_ROWS, write_xlsx
from tests.workspace.browser import WorkspaceServer, screenshot, serious_accessibility_violations
from tests.workspace.seeding import stored_cpu

pytestmark = [pytest.mark.browser, pytest.mark.slow]
IMPORTER = Actor("local", Role.ADMIN)
_sessions = itertools.count(1)


@pytest.fixture(scope="module", autouse=True)
def imported(workspace_engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("disable-import")
    workbook = write_xlsx(folder / "cpus.xlsx", {"CPUs": [CPU_HEADER, *CPU_ROWS]})
    request = ImportRequest(session_id=f"disable-import-{next(_sessions)}", actor=IMPORTER.name, file_path=workbook,
                            source_name=workbook.name, commit=True)
    outcome = run_import(request, workspace_engine, UploadStore(folder / "uploads"), IMPORTER)
    assert outcome.result is not None
    return outcome.result.session_id


def select_row(page: Any, name: str) -> None:
    page.locator(".ag-pinned-left-cols-container .ag-row", has_text=name).locator(".ag-selection-checkbox").click()


def disabled_rows(page: Any) -> int:
    return page.locator(".ag-pinned-left-cols-container .ag-row.workspace-disabled-row").count()


def assert_accessible(page: Any) -> None:
    page.wait_for_function("!document.querySelector('.q-loading-bar[role=progressbar]')")
    page.wait_for_timeout(1000)
    violations = serious_accessibility_violations(page)
    assert violations == [], "\n".join(violations)


def test_bulk_disable_shows_its_count_stays_after_reload_and_enables_back(
    page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine
) -> None:
    page.goto(workspace_server.url("/cpus"))
    page.get_by_text("1–3 of 3 records").wait_for()
    select_row(page, "AMD Ryzen 5 5600G")
    select_row(page, "Intel Core i5-12400")
    page.get_by_role("button", name="Disable selected").click()
    page.get_by_text("Disable 2 of the 2 selected CPU records?").wait_for()
    page.get_by_text("AMD Ryzen 5 5600G: enabled -> disabled").wait_for()
    page.get_by_text("Intel Core i5-12400: enabled -> disabled").wait_for()
    screenshot(page, "cpus-disable-confirmation")
    page.get_by_role("button", name="Confirm disable").click()
    page.get_by_text("Disabled 2 CPU records").first.wait_for()
    assert stored_cpu(workspace_engine, "AMD Ryzen 5 5600G")["disabled_at"] is not None

    page.reload()
    page.get_by_text("1–3 of 3 records").wait_for()  # disabled records stay listed
    page.locator(".workspace-disabled-badge").first.wait_for()
    assert page.locator(".workspace-disabled-badge").count() == 2 and disabled_rows(page) == 2
    screenshot(page, "cpus-disabled")
    assert_accessible(page)
    page.get_by_role("combobox", name="State").click()
    page.get_by_role("option", name="disabled only").click()
    page.get_by_text("1–2 of 2 records").wait_for()
    assert page.locator(".ag-pinned-left-cols-container .ag-row", has_text="Intel Core i7-8700").count() == 0

    select_row(page, "AMD Ryzen 5 5600G")
    page.get_by_role("button", name="Enable selected").click()
    page.get_by_text("AMD Ryzen 5 5600G: disabled -> enabled").wait_for()
    page.get_by_role("button", name="Confirm enable").click()
    page.get_by_text("Enabled 1 CPU records").first.wait_for()
    page.get_by_text("1–1 of 1 records").wait_for()
    assert stored_cpu(workspace_engine, "AMD Ryzen 5 5600G")["disabled_at"] is None
    assert stored_cpu(workspace_engine, "Intel Core i5-12400")["disabled_at"] is not None


def test_the_audit_link_opens_the_records_drawer_with_its_provenance(
    page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine, imported: str
) -> None:
    RecordService(workspace_engine, IMPORTER).disable("cpu", "AMD Ryzen 5 5600G")  # whether or not the test above ran
    page.goto(workspace_server.url("/audit"))
    page.get_by_label("Action", exact=True).click()
    page.get_by_role("option", name="record_disabled", exact=True).click()
    page.get_by_role("listbox").wait_for(state="hidden")
    events = page.get_by_role("table", name="Audit events, newest first")
    events.get_by_role("cell", name="record_disabled", exact=True).first.wait_for()
    record_id = stored_cpu(workspace_engine, "AMD Ryzen 5 5600G")["id"]
    events.get_by_role("link", name=f"Open cpu record {record_id}").first.click()

    details = page.get_by_role("dialog", name="Details of AMD Ryzen 5 5600G")
    details.wait_for()
    assert "record=" in page.url
    provenance = details.locator(".workspace-provenance")
    provenance.get_by_text(f"cores: (empty) -> 6, cpus.xlsx, sheet CPUs, row 3, column Cores (import {imported} by local)").wait_for()
    provenance.get_by_text("disabled_at:").first.wait_for()  # the disable and enable edits, by the edit sessions
    screenshot(page, "cpu-details-provenance")
    details.get_by_role("button", name="Close").click()
    details.wait_for(state="hidden")
    assert_accessible(page)  # the grid the link opened


def test_records_flagged_for_review_show_it_and_are_marked_reviewed_from_the_grid(
    page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine
) -> None:
    RecordService(workspace_engine, IMPORTER).bulk_review("cpu", 'manufacturer = "intel"', needs_review=True)
    page.goto(workspace_server.url("/cpus"))
    page.get_by_text("1–3 of 3 records").wait_for()
    page.locator(".workspace-review-badge").first.wait_for()
    assert page.locator(".workspace-review-badge").count() == 2
    select_row(page, "Intel Core i7-8700")
    page.get_by_role("button", name="Mark reviewed").click()
    page.get_by_text("Mark reviewed 1 of the 1 selected CPU records?").wait_for()
    page.get_by_text("Intel Core i7-8700: needs review -> reviewed").wait_for()
    page.get_by_role("button", name="Confirm mark reviewed").click()
    page.get_by_text("Reviewed 1 CPU records").first.wait_for()
    page.wait_for_function("document.querySelectorAll('.workspace-review-badge').length === 1")
    assert RecordService(workspace_engine, IMPORTER).get("cpu", "Intel Core i7-8700")["needs_review"] is False
    assert RecordService(workspace_engine, IMPORTER).get("cpu", "Intel Core i5-12400")["needs_review"] is True
    screenshot(page, "cpus-needs-review")
    assert_accessible(page)
