"""Header filters in a browser: each filters on the server, with the filter box, and the export follows them.

The count the grid shows is checked against the database itself (a plain
SQL count), and the exported workbook holds exactly the filtered records.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from sqlalchemy import Engine, func, select

from dealbrain.auth import Actor, Role
from dealbrain.customfields import CustomFieldService
from dealbrain.customfields.inputs import FieldInputs
from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from tests.workspace.admin_seed import add_cpus
from tests.workspace.browser import WorkspaceServer, screenshot, serious_accessibility_violations
from tests.workspace.seeding import many_cpus, seed_cpus

pytestmark = [pytest.mark.browser, pytest.mark.slow]
CPU = ENTITY_MODELS["cpu"]


@pytest.fixture(scope="module", autouse=True)
def cpus(workspace_engine: Engine) -> None:
    seed_cpus(workspace_engine, many_cpus(120))  # cores 2-31, AMD for odd numbers
    CustomFieldService(workspace_engine, Actor("ada", Role.ADMIN)).create(
        "cpu", "tier", FieldInputs(type="enum", options=["gold", "silver"]),
    )
    add_cpus(workspace_engine, {"Tiered Gold A": {"tier": "gold"}, "Tiered Gold B": {"tier": "gold"},
                                "Tiered Silver": {"tier": "silver"}})


def stored_count(engine: Engine, *conditions: Any) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(CPU).where(*conditions)) or 0


def header_filter(page: Any, label: str) -> Any:
    return page.get_by_role("spinbutton", name=f"{label} Filter Input").or_(
        page.get_by_role("textbox", name=f"{label} Filter Input")).first


def test_header_filters_combine_with_the_box_and_the_export(
    page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine, tmp_path: Path
) -> None:
    page.goto(workspace_server.url("/cpus"))
    page.get_by_text("1–50 of 123 records").wait_for()

    header_filter(page, "Manufacturer").fill("TEL")  # text: contains, letter case ignored
    expected = stored_count(workspace_engine, func.lower(CPU.manufacturer).contains("tel"))
    page.get_by_text(f"1–50 of {expected} records").wait_for()
    assert expected == 60

    header_filter(page, "Cores").fill("30")  # a number: equals
    expected = stored_count(workspace_engine, CPU.cores == 30, func.lower(CPU.manufacturer).contains("tel"))
    page.get_by_text(f"1–{expected} of {expected} records").wait_for()
    assert expected == 4  # numbers 28, 58, 88 and 118: even, so Intel

    page.get_by_label("Filter", exact=True).fill("cpu_mark_multi > 200")
    page.keyboard.press("Enter")
    expected = stored_count(workspace_engine, CPU.cores == 30, func.lower(CPU.manufacturer).contains("tel"),
                            CPU.cpu_mark_multi > 200)
    page.get_by_text(f"1–{expected} of {expected} records").wait_for()
    screenshot(page, "cpus-column-filters")
    assert serious_accessibility_violations(page) == []

    with page.expect_download() as download:
        page.get_by_role("button", name="Export xlsx").click()
    path = tmp_path / "cpu.xlsx"
    download.value.save_as(path)
    names = sorted(row[0] for row in load_workbook(path).active.iter_rows(min_row=2, values_only=True))
    with transaction(workspace_engine) as session:
        assert names == sorted(session.scalars(select(CPU.name).where(
            CPU.cores == 30, func.lower(CPU.manufacturer).contains("tel"), CPU.cpu_mark_multi > 200)))
    assert names == ["Benchmark CPU 00088", "Benchmark CPU 00118"]


def test_an_enum_column_is_filtered_by_choosing_a_value(page: Any, workspace_server: WorkspaceServer) -> None:
    page.goto(workspace_server.url("/cpus"))
    page.get_by_text("1–50 of 123 records").wait_for()
    page.evaluate("() => { const grid = document.querySelector('.nicegui-aggrid'); "
                  "getElement(grid.id.slice(1)).api.ensureColumnVisible('tier') }")  # columns off screen are not drawn
    page.locator('.ag-floating-filter[col-id="tier"] button[aria-label="Open Filter Menu"]').click()
    page.locator(".ag-filter .ag-picker-field-wrapper").first.click()
    page.locator(".ag-select-list .ag-list-item", has_text="gold").click()
    screenshot(page, "cpus-enum-column-filter")
    page.get_by_text("1–2 of 2 records").wait_for()
    page.keyboard.press("Escape")
    screenshot(page, "cpus-enum-column-filter")
    rows = page.locator(".ag-pinned-left-cols-container .ag-row")
    expect(rows).to_have_count(2)  # the rows that went are animated out
    assert sorted(rows.all_inner_texts()) == ["Tiered Gold A", "Tiered Gold B"]
