"""The detail view: typed inputs (an enum custom field as a select, a date as a date picker), saved, with history."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from dealbrain.auth import Actor, Role
from dealbrain.customfields import CustomFieldService
from dealbrain.customfields.inputs import FieldInputs
from dealbrain.provenance import record_history
from tests.workspace.browser import WorkspaceServer, screenshot
from tests.workspace.seeding import seed_cpus, stored_cpu

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ADMIN = Actor("ada", Role.ADMIN)


@pytest.fixture(scope="module", autouse=True)
def cpus(workspace_engine: Engine) -> None:
    seed_cpus(workspace_engine)
    fields = CustomFieldService(workspace_engine, ADMIN)
    fields.create("cpu", "cooler", FieldInputs(type="enum", options=["stock", "tower"]))
    fields.create("cpu", "reviewed_on", FieldInputs(type="date"))


def test_details_save_typed_values_and_show_the_history(
    page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine
) -> None:
    page.goto(workspace_server.url("/cpus"))
    page.locator(".ag-pinned-left-cols-container .ag-cell", has_text="AMD Ryzen 5 5600G").click()
    details = page.get_by_role("dialog", name="Details of AMD Ryzen 5 5600G")
    details.wait_for()
    details.get_by_role("combobox", name="Cooler (custom)").click()
    page.get_by_role("option", name="tower", exact=True).click()
    assert details.get_by_label("Reviewed On (custom)").get_attribute("type") == "date"
    details.get_by_label("Reviewed On (custom)").fill("2026-11-30")
    details.get_by_label("Cores", exact=True).fill("8")
    details.get_by_role("button", name="Save").click()
    page.get_by_text("Changed AMD Ryzen 5 5600G").first.wait_for()
    stored = stored_cpu(workspace_engine, "AMD Ryzen 5 5600G")
    assert stored["cores"] == 8
    assert stored["attributes_json"] == {"cooler": "tower", "reviewed_on": "2026-11-30"}

    page.locator(".ag-pinned-left-cols-container .ag-cell", has_text="AMD Ryzen 5 5600G").click()
    details = page.get_by_role("dialog", name="Details of AMD Ryzen 5 5600G")
    details.get_by_text("cores: 6 -> 8, record edit").wait_for()
    screenshot(page, "cpu-details")
    current = record_history(workspace_engine, ADMIN, "cpu", "AMD Ryzen 5 5600G").current()
    assert (current["cooler"].before, current["cooler"].value, current["cooler"].kind) == (None, "tower", "record_edit")
