"""Authentication on: what each role may do on the Custom Fields, Imports and Audit pages.

An operator's new field is created pending and shown as such; an admin
approves it; an analyst sees every page without any control that changes
data. The service decides (the pages only hide what it would refuse).
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from dealbrain.auth import Actor, Role
from dealbrain.customfields import CustomFieldService
from dealbrain.customfields.inputs import FieldInputs
from tests.workspace.admin_seed import add_cpus, add_users
from tests.workspace.browser import WorkspaceServer, screenshot, serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WORKSPACE_AUTH = True
ADMIN = Actor("ada", Role.ADMIN)


@pytest.fixture(scope="module")
def tokens(workspace_engine: Engine) -> dict[str, str]:
    add_cpus(workspace_engine, {"Core i3-8100": {}, "Core i5-8400": {"cooler": "stock"}})
    return add_users(workspace_engine, {"ada": Role.ADMIN, "otto": Role.OPERATOR, "anna": Role.ANALYST})


def _sign_in(page: Any, server: WorkspaceServer, token: str, path: str) -> None:
    page.goto(server.url("/sign-in"))
    page.get_by_label("User token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Workspace", exact=True).wait_for()
    page.goto(server.url(path))


def test_an_operators_new_field_is_pending_until_an_admin_approves_it(
    page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine, tokens: dict[str, str]
) -> None:
    _sign_in(page, workspace_server, tokens["otto"], "/custom-fields")
    page.get_by_text("a field you create waits for an admin's approval").wait_for()
    page.get_by_role("button", name="Propose a custom field").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Key (a-z, 0-9, _)").fill("cooler")
    dialog.get_by_role("checkbox", name="Required: every record needs a value").click()
    dialog.get_by_role("button", name="Preview impact").click()
    dialog.get_by_text("1 of 2 cpu records would have an invalid 'cooler' value").wait_for()
    dialog.get_by_role("button", name="Propose field (pending approval)").click()
    table = page.get_by_role("table", name="Custom fields")
    table.get_by_text("pending approval").wait_for()
    dialog.wait_for(state="hidden")
    assert table.get_by_role("button").count() == 0, "an operator may not approve, edit or delete"
    screenshot(page, "custom-fields-operator")
    proposed = CustomFieldService(workspace_engine, ADMIN).get("cpu", "cooler")
    assert (proposed.status.value, proposed.created_by) == ("pending", "otto")

    with page.context.browser.new_context() as admin_context:
        admin = admin_context.new_page()
        _sign_in(admin, workspace_server, tokens["ada"], "/custom-fields")
        admin.get_by_role("button", name="Approve cpu cooler").click()
        admin.get_by_role("table", name="Custom fields").get_by_text("active", exact=True).wait_for()
    assert CustomFieldService(workspace_engine, ADMIN).get("cpu", "cooler").status.value == "active"


def test_an_analyst_can_read_these_pages_but_change_nothing(
    page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine, tokens: dict[str, str]
) -> None:
    tier = FieldInputs(type="enum", options=["gold", "silver"])
    CustomFieldService(workspace_engine, ADMIN).create("cpu", "tier", tier)
    _sign_in(page, workspace_server, tokens["anna"], "/custom-fields")
    page.get_by_text("custom fields are read-only for you").wait_for()
    page.get_by_role("table", name="Custom fields").get_by_text("tier", exact=True).wait_for()
    main = page.get_by_role("main")
    assert main.get_by_role("button").count() == 0, "no create, edit, approve, deactivate or delete for an analyst"
    screenshot(page, "custom-fields-analyst")
    violations = serious_accessibility_violations(page)
    assert violations == [], "\n".join(violations)

    page.goto(workspace_server.url("/imports"))
    page.get_by_text("you can read import sessions, not upload or commit files").wait_for()
    assert page.locator("input[type=file]").count() == 0
    assert main.get_by_role("button").count() == 0

    page.goto(workspace_server.url("/audit"))
    events = page.get_by_role("table", name="Audit events, newest first")
    events.get_by_role("cell", name="custom_field_created", exact=True).first.wait_for()
    assert CustomFieldService(workspace_engine, ADMIN).get("cpu", "tier").status.value == "active"
