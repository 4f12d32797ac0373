"""Soft delete and restore from the CPU grid: select, confirm the dry run's count, hidden, shown when asked, restored."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from tests.workspace.browser import WorkspaceServer, screenshot
from tests.workspace.seeding import seed_cpus, stored_cpu

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module", autouse=True)
def cpus(workspace_engine: Engine) -> None:
    seed_cpus(workspace_engine)


def select_row(page: Any, name: str) -> None:
    page.locator(".ag-pinned-left-cols-container .ag-row", has_text=name).locator(".ag-selection-checkbox").click()


def test_delete_and_restore_from_the_grid(page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine) -> None:
    page.goto(workspace_server.url("/cpus"))
    page.get_by_text("1–3 of 3 records").wait_for()
    select_row(page, "AMD Ryzen 5 5600G")
    page.get_by_role("button", name="Delete selected").click()
    page.get_by_text("Delete 1 of the 1 selected CPU records?").wait_for()
    page.get_by_text("AMD Ryzen 5 5600G: live -> deleted").wait_for()
    screenshot(page, "cpus-delete-confirmation")
    page.get_by_role("button", name="Confirm delete").click()
    page.get_by_text("1–2 of 2 records").wait_for()
    assert stored_cpu(workspace_engine, "AMD Ryzen 5 5600G")["deleted_at"] is not None

    page.get_by_text("Show deleted").click()
    page.get_by_text("1–3 of 3 records").wait_for()
    page.locator('.ag-header-row-column .ag-header-cell[col-id="deleted_at"]').wait_for()
    screenshot(page, "cpus-show-deleted")
    select_row(page, "AMD Ryzen 5 5600G")
    page.get_by_role("button", name="Restore selected").click()
    page.get_by_text("AMD Ryzen 5 5600G: deleted -> live").wait_for()
    page.get_by_role("button", name="Confirm restore").click()
    page.get_by_text("Restored 1 CPU records").first.wait_for()
    assert stored_cpu(workspace_engine, "AMD Ryzen 5 5600G")["deleted_at"] is None
