"""Bulk actions in the grid: set a field on a filter (confirmation shows the count), attach a ports profile, undo."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from tests.workspace.browser import WorkspaceServer, screenshot
from tests.workspace.seeding import seed, seed_cpus, stored_values

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module", autouse=True)
def records(workspace_engine: Engine) -> None:
    seed_cpus(workspace_engine)
    seed(workspace_engine, "ports_profile", [{"name": "Mini PC ports"}, {"name": "Tower ports"}])
    seed(workspace_engine, "listing", [{"title": f"Listing {n}", "price_usd": 100.0 + n} for n in range(1, 5)])


def choose_field(page: Any, name: str) -> None:
    page.get_by_role("combobox", name="Set field").click()
    page.get_by_role("option", name=name, exact=True).click()


def select_row(page: Any, name: str) -> None:
    page.locator(".ag-pinned-left-cols-container .ag-row", has_text=name).locator(".ag-selection-checkbox").click()


def test_bulk_set_field_on_a_filter_shows_the_count_and_undo_reverts_it(
    page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine
) -> None:
    page.goto(workspace_server.url("/cpus"))
    page.get_by_label("Filter", exact=True).fill('manufacturer = "intel"')
    page.keyboard.press("Enter")
    page.get_by_text("1–2 of 2 records").wait_for()
    choose_field(page, "socket")
    page.get_by_label("to value").fill("LGA1700")
    page.get_by_text("All matching records").click()
    page.get_by_role("button", name="Preview change").click()
    page.get_by_text("Set socket on 2 of the 2 selected CPU records?").wait_for()
    page.get_by_text("Intel Core i7-8700: socket (empty) -> LGA1700").wait_for()
    screenshot(page, "cpus-bulk-confirmation")
    assert set(stored_values(workspace_engine, "cpu", "socket").values()) == {None}, "nothing before Confirm"
    page.get_by_role("button", name="Confirm change").click()
    page.get_by_text("Changed 2 CPU records").first.wait_for()
    assert stored_values(workspace_engine, "cpu", "socket") == {
        "Intel Core i7-8700": "LGA1700", "Intel Core i5-12400": "LGA1700", "AMD Ryzen 5 5600G": None}

    page.get_by_role("button", name="Undo last bulk change").click()
    page.get_by_text("Undid the last bulk change: 2 CPU records restored").first.wait_for()
    assert set(stored_values(workspace_engine, "cpu", "socket").values()) == {None}


def test_attach_a_ports_profile_to_several_listings(
    page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine
) -> None:
    page.goto(workspace_server.url("/listings"))
    page.get_by_text("1–4 of 4 records").wait_for()
    select_row(page, "Listing 1")
    select_row(page, "Listing 3")
    choose_field(page, "ports_profile")
    page.get_by_label("to value").fill("mini pc ports")
    page.get_by_role("button", name="Preview change").click()
    page.get_by_text("Set ports_profile on 2 of the 2 selected Listing records?").wait_for()
    page.get_by_role("button", name="Confirm change").click()
    page.get_by_text("Changed 2 Listing records").first.wait_for()
    screenshot(page, "listings-ports-attached")
    profiles = stored_values(workspace_engine, "ports_profile", "id")
    attached = stored_values(workspace_engine, "listing", "ports_profile_id")
    assert attached == {"Listing 1": profiles["Mini PC ports"], "Listing 2": None,
                        "Listing 3": profiles["Mini PC ports"], "Listing 4": None}
