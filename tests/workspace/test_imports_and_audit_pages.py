"""The Imports and Audit pages: a real xlsx uploaded in the browser, previewed and committed as Dagster runs.

The server is a real `importer serve`; each preview and commit is an
``import_workbook`` run on the server's Dagster instance (its data folder).
The committed records are then found in the CPUs grid, and the commit in the
Audit page, whose link leads back to the session.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect
from openpyxl import load_workbook
from sqlalchemy import Engine, select

from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.db.models import ImportSession
from tests.importing.workbooks import CPU_HEADER, CPU_ROWS, write_xlsx
from tests.workspace.browser import WorkspaceServer, screenshot, serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]
RUN_SECONDS = 180_000
HOSTILE_SHEET = "<b>CPUs<b>"


def _assert_accessible(page: Any) -> None:
    page.wait_for_function("!document.querySelector('.q-loading-bar[role=progressbar]')")
    page.wait_for_timeout(1000)  # let notifications finish fading in
    violations = serious_accessibility_violations(page)
    assert violations == [], "\n".join(violations)


def _upload(page: Any, server: WorkspaceServer, path: Path) -> None:
    page.goto(server.url("/imports"))
    page.locator(".workspace-upload input[type=file]").set_input_files(str(path))
    page.get_by_text(f"{path.name}: which entity does each sheet hold?").wait_for()


def _cpu_names(engine: Engine) -> set[str]:
    model = ENTITY_MODELS["cpu"]
    with transaction(engine) as session:
        return set(session.scalars(select(model.name)))


def test_upload_preview_commit_then_find_the_records_and_the_audit_event(
    page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine, tmp_path: Path
) -> None:
    workbook = write_xlsx(tmp_path / "cpus.xlsx", {HOSTILE_SHEET: [CPU_HEADER, *CPU_ROWS]})
    _upload(page, workspace_server, workbook)
    entity = page.get_by_label(f"Entity of sheet {HOSTILE_SHEET}")
    assert re.fullmatch(r"cpu \(\d+%\)", entity.input_value() or entity.inner_text().strip().splitlines()[-1])
    assert page.locator("b", has_text="CPUs").count() == 0, "a sheet name from the file must be shown as text"
    _assert_accessible(page)
    page.get_by_role("button", name="Start the preview").click()
    page.get_by_role("status").get_by_text("Previewing cpus.xlsx").wait_for()
    page.locator(".workspace-verdict", has_text="Ready to commit.").wait_for(timeout=RUN_SECONDS)
    with transaction(workspace_engine) as session:
        (row,) = session.scalars(select(ImportSession)).all()
        session_id, status = row.id, row.status
    assert status == "previewed" and _cpu_names(workspace_engine) == set()
    dagster = page.get_by_role("link", name="Open the preview in the Dagster UI")
    assert dagster.get_attribute("href") == f"http://127.0.0.1:3000/assets/validated_preview?partition={session_id}"
    assert page.get_by_role("link", name="Open its last run").get_attribute("href").startswith("http://127.0.0.1:3000/runs/")
    sessions = page.get_by_role("table", name="Import sessions")
    sessions.get_by_role("row").filter(has_text="cpus.xlsx").filter(has_text="local").filter(
        has_text="Ready to commit.").wait_for()
    screenshot(page, "imports")
    _assert_accessible(page)

    page.get_by_role("button", name="Commit").click()
    page.locator(".workspace-verdict", has_text="Committed.").wait_for(timeout=RUN_SECONDS)
    assert _cpu_names(workspace_engine) == {row[0] for row in CPU_ROWS}
    page.goto(workspace_server.url("/cpus"))
    for name in ("Intel Core i7-8700", "AMD Ryzen 5 5600G", "Intel Core i5-12400"):
        page.get_by_text(name, exact=True).first.wait_for()

    page.goto(workspace_server.url("/audit"))
    page.get_by_label("Action", exact=True).click()
    page.get_by_role("option", name="commit", exact=True).click()
    page.get_by_role("listbox").wait_for(state="hidden")
    events = page.get_by_role("table", name="Audit events, newest first")
    events.get_by_role("cell", name="commit", exact=True).wait_for()
    assert events.get_by_role("cell", name="session_created", exact=True).count() == 0
    screenshot(page, "audit")
    _assert_accessible(page)
    events.get_by_role("link", name=f"Open session {session_id}", exact=True).click()
    page.get_by_role("heading", name=f"Session {session_id}").wait_for()
    page.locator(".workspace-verdict", has_text="Committed.").wait_for()


def test_a_blocked_preview_shows_its_reasons_and_its_error_workbook_and_cannot_be_committed(
    page: Any, workspace_server: WorkspaceServer, tmp_path: Path
) -> None:
    rows = [CPU_HEADER, ["Core i9-9900K", "Intel", "many", 16, "95 W", "18,000", 2900, 2018]]
    _upload(page, workspace_server, write_xlsx(tmp_path / "bad-cpus.xlsx", {"CPUs": rows}))
    page.get_by_role("button", name="Start the preview").click()
    page.get_by_text("row(s) failed validation").first.wait_for(timeout=RUN_SECONDS)
    panel = page.locator(".workspace-session")
    panel.get_by_text("Blocking reasons:").wait_for()
    expect(panel.get_by_role("button", name="Commit")).to_be_disabled()
    with page.expect_download() as download:
        panel.get_by_role("button", name="Download the error workbook").click()
    saved = tmp_path / "errors.xlsx"
    download.value.save_as(saved)
    cells = [str(cell) for row in load_workbook(saved).active.iter_rows(values_only=True) for cell in row]
    assert "Core i9-9900K" in cells and "many" in cells
    screenshot(page, "imports-blocked")


def test_a_file_the_importer_cannot_read_is_refused_with_its_sentence(
    page: Any, workspace_server: WorkspaceServer, tmp_path: Path
) -> None:
    fake = tmp_path / "cpus.xlsx"
    fake.write_bytes(b"PK\x03\x04 not really a zip")
    page.goto(workspace_server.url("/imports"))
    page.locator(".workspace-upload input[type=file]").set_input_files(str(fake))
    page.get_by_role("main").get_by_role("alert").get_by_text("File 'cpus.xlsx': the workbook is damaged").wait_for()
    assert page.get_by_role("button", name="Start the preview").count() == 0
