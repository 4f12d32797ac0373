"""Authentication on: each user's grid columns (shown, hidden, order) are kept in the database for them alone.

An analyst hides a column and moves a custom one forward in the chooser
dialog; the choice survives a reload and a different browser, and another
user's grid is untouched. Dragging a header saves the new order the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import Engine, select

from dealbrain.auth import Actor, Role
from dealbrain.customfields import CustomFieldService
from dealbrain.customfields.inputs import FieldInputs
from dealbrain.db.engine import transaction
from dealbrain.db.preference_models import UserGridColumns
from tests.workspace.admin_seed import add_cpus, add_users
from tests.workspace.browser import WorkspaceServer, screenshot, serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WORKSPACE_AUTH = True
ADMIN = Actor("ada", Role.ADMIN)
HEADERS = ".ag-header-row-column .ag-header-cell"


@pytest.fixture(scope="module")
def tokens(workspace_engine: Engine) -> dict[str, str]:
    tokens = add_users(workspace_engine, {"ada": Role.ADMIN, "anna": Role.ANALYST, "otto": Role.OPERATOR})
    tier = FieldInputs(type="enum", options=["gold", "silver"])
    CustomFieldService(workspace_engine, ADMIN).create("cpu", "tier", tier)
    add_cpus(workspace_engine, {"Core i3-8100": {"tier": "silver"}, "Core i5-8400": {"tier": "gold"}})
    return tokens


def open_cpus(page: Any, server: WorkspaceServer, token: str) -> None:
    page.goto(server.url("/sign-in"))
    page.get_by_label("User token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Workspace", exact=True).wait_for()
    page.goto(server.url("/cpus"))
    page.get_by_text("1–2 of 2 records").wait_for()


@contextmanager
def another_browser(page: Any) -> Iterator[Any]:
    """A page in a fresh browser context: no cookies, no storage, nothing shared with ``page``."""
    context = page.context.browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        other = context.new_page()
        other.set_default_timeout(15_000)
        yield other
    finally:
        context.close()


def header_order(page: Any) -> list[str]:
    """The shown fields, left to right (the pinned key first), as the grid in the browser has them.

    The State badge (``disabled``) is not a field the chooser arranges: it stays beside the key."""
    page.locator(f'{HEADERS}[col-id="name"]').wait_for()
    return page.evaluate("() => { const grid = document.querySelector('.nicegui-aggrid'); "
                         "return getElement(grid.id.slice(1)).api.getAllDisplayedColumns().map(c => c.getColId())"
                         ".filter(id => id !== 'disabled') }")


def stored_choice(engine: Engine, user: str) -> list[dict[str, Any]] | None:
    with transaction(engine) as session:
        row = session.scalars(select(UserGridColumns).where(UserGridColumns.username == user)).one_or_none()
        return None if row is None else list(row.columns_json)


def test_an_analysts_columns_are_remembered_for_them_and_no_one_else(
    page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine, tokens: dict[str, str]
) -> None:
    open_cpus(page, workspace_server, tokens["anna"])
    assert header_order(page)[:3] == ["name", "manufacturer", "socket"] and header_order(page)[-1] == "tier"
    page.get_by_role("button", name="Columns").click()
    dialog = page.get_by_role("dialog", name="Choose columns")
    dialog.get_by_role("checkbox", name="Show Manufacturer").click()
    up = dialog.get_by_role("button", name="Move Tier (custom) up")
    for _ in range(30):  # the custom field, from last to just after the key, where it has no "up" any more
        if up.count() == 0:
            break
        up.click()
        page.wait_for_timeout(100)  # each click redraws the list; a busy machine may lose one, so count the result
    assert up.count() == 0
    screenshot(page, "cpus-column-chooser")
    dialog.get_by_role("button", name="Save columns").click()
    page.get_by_text("Columns saved.").wait_for()
    page.locator(f'{HEADERS}[col-id="manufacturer"]').wait_for(state="detached")
    chosen = header_order(page)
    assert chosen[:3] == ["name", "tier", "socket"] and "manufacturer" not in chosen

    page.reload()
    page.get_by_text("1–2 of 2 records").wait_for()
    assert header_order(page) == chosen
    screenshot(page, "cpus-chosen-columns")
    # axe runs on the grid (it misreads the open dialog's buttons as lying on the backdrop over the AG Grid)
    problems = serious_accessibility_violations(page)
    assert problems == [], "\n".join(problems)
    assert stored_choice(workspace_engine, "ada") is None
    assert {"field": "manufacturer", "visible": False} in (stored_choice(workspace_engine, "anna") or [])

    with another_browser(page) as elsewhere:  # another browser, the same user: the choice is the server's
        open_cpus(elsewhere, workspace_server, tokens["anna"])
        assert header_order(elsewhere) == chosen
    with another_browser(page) as admin:  # another user: every field, in field order
        open_cpus(admin, workspace_server, tokens["ada"])
        assert header_order(admin)[:3] == ["name", "manufacturer", "socket"]


def test_dragging_a_header_saves_the_new_order(
    page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine, tokens: dict[str, str]
) -> None:
    open_cpus(page, workspace_server, tokens["otto"])
    source = page.locator(f'{HEADERS}[col-id="cores"]').bounding_box()
    target = page.locator(f'{HEADERS}[col-id="manufacturer"]').bounding_box()
    page.mouse.move(source["x"] + 20, source["y"] + source["height"] / 2)
    page.mouse.down()
    for step in range(1, 11):  # AG Grid follows the pointer, then drops where it is released
        page.mouse.move(source["x"] + 20 - (source["x"] - target["x"] + 10) * step / 10,
                        source["y"] + source["height"] / 2)
    page.mouse.up()
    assert header_order(page)[:3] == ["name", "cores", "manufacturer"]
    page.wait_for_function("() => true")  # the save is one round trip; the reload below reads the database
    for _ in range(50):
        fields = [item["field"] for item in stored_choice(workspace_engine, "otto") or []]
        if fields[:3] == ["name", "cores", "manufacturer"]:
            break
        page.wait_for_timeout(100)
    page.reload()
    page.get_by_text("1–2 of 2 records").wait_for()
    assert header_order(page)[:3] == ["name", "cores", "manufacturer"]
