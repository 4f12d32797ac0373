"""The CPU grid in a browser: server-side filter and sort, inline edit saved, an invalid edit refused with its reason."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from tests.workspace.browser import WorkspaceServer, screenshot, serious_accessibility_violations
from tests.workspace.seeding import seed_cpus, stored_cpu

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module", autouse=True)
def cpus(workspace_engine: Engine) -> None:
    seed_cpus(workspace_engine)


def cell(page: Any, name: str, column: str) -> Any:
    """The ``column`` cell of the row whose (pinned) name is ``name``."""
    index = page.locator(".ag-pinned-left-cols-container .ag-row", has_text=name).first.get_attribute("row-index")
    return page.locator(f'.ag-center-cols-container .ag-row[row-index="{index}"] .ag-cell[col-id="{column}"]')


def open_grid(page: Any, server: WorkspaceServer) -> None:
    page.goto(server.url("/cpus"))
    page.locator(".ag-pinned-left-cols-container .ag-row").first.wait_for()


def type_into(page: Any, target: Any, text: str) -> None:
    target.dblclick()
    editor = page.locator(".ag-cell-inline-editing input").first
    editor.fill(text)
    editor.press("Enter")


def test_the_filter_language_and_a_header_sort_ask_the_server(page: Any, workspace_server: WorkspaceServer) -> None:
    open_grid(page, workspace_server)
    page.get_by_text("1–3 of 3 records").wait_for()
    page.get_by_label("Filter", exact=True).fill('manufacturer = "intel"')
    page.get_by_role("button", name="Apply filter").click()
    page.get_by_text("1–2 of 2 records").wait_for()
    page.get_by_label("Filter", exact=True).fill("cores >>= 2")
    page.keyboard.press("Enter")
    page.get_by_text("The filter cannot be used").first.wait_for()
    screenshot(page, "cpus-filter-refused")


def test_an_inline_edit_is_saved_and_shown_after_a_reload(
    page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine
) -> None:
    open_grid(page, workspace_server)
    type_into(page, cell(page, "AMD Ryzen 5 5600G", "cores"), "8")
    page.get_by_text("Saved AMD Ryzen 5 5600G: cores is now 8").wait_for()
    assert stored_cpu(workspace_engine, "AMD Ryzen 5 5600G")["cores"] == 8

    page.reload()
    page.locator(".ag-pinned-left-cols-container .ag-row").first.wait_for()
    assert cell(page, "AMD Ryzen 5 5600G", "cores").inner_text().strip() == "8"
    screenshot(page, "cpus")
    assert serious_accessibility_violations(page) == []


def test_an_invalid_inline_edit_is_refused_with_its_reason_and_nothing_is_stored(
    page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine
) -> None:
    before = stored_cpu(workspace_engine, "Intel Core i7-8700")
    open_grid(page, workspace_server)
    type_into(page, cell(page, "Intel Core i7-8700", "threads"), "0")
    page.locator(".q-notification", has_text="threads").first.wait_for()
    screenshot(page, "cpus-edit-refused")
    assert stored_cpu(workspace_engine, "Intel Core i7-8700") == before
    page.reload()
    page.locator(".ag-pinned-left-cols-container .ag-row").first.wait_for()
    assert cell(page, "Intel Core i7-8700", "threads").inner_text().strip() == "12"


@pytest.mark.parametrize("path", ["/gpus", "/listings", "/valuation-rules", "/ports-profiles"])
def test_every_entity_grid_renders(page: Any, workspace_server: WorkspaceServer, path: str) -> None:
    page.goto(workspace_server.url(path))
    page.locator(".ag-header-cell").first.wait_for()
    page.get_by_text("of 0 records").wait_for()
    screenshot(page, path.strip("/"))
