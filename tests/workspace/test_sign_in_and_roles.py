"""Authentication on: token sign-in (the token never in the address), the role shown, an analyst cannot edit."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from dealbrain.auth import Actor, Role
from dealbrain.auth.users import UserService
from tests.workspace.browser import WorkspaceServer, screenshot
from tests.workspace.seeding import seed_cpus, stored_cpu

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WORKSPACE_AUTH = True


@pytest.fixture(scope="module")
def tokens(workspace_engine: Engine) -> dict[str, str]:
    seed_cpus(workspace_engine)
    _, admin_token = UserService(workspace_engine, None).add("ada", Role.ADMIN)
    _, analyst_token = UserService(workspace_engine, Actor("ada", Role.ADMIN)).add("anna", Role.ANALYST)
    return {"admin": admin_token, "analyst": analyst_token}


def sign_in(page: Any, server: WorkspaceServer, token: str) -> None:
    page.goto(server.url("/cpus"))
    page.get_by_label("User token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Workspace").wait_for()


def test_a_wrong_token_is_refused_and_a_page_asks_for_sign_in(
    page: Any, workspace_server: WorkspaceServer, tokens: dict[str, str]
) -> None:
    page.goto(workspace_server.url("/cpus"))
    page.get_by_label("User token").wait_for()
    page.get_by_label("User token").fill("not-a-token")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("This token is not valid").wait_for()
    screenshot(page, "sign-in")


def test_an_analyst_sees_the_grid_read_only(
    page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine, tokens: dict[str, str]
) -> None:
    sign_in(page, workspace_server, tokens["analyst"])
    assert tokens["analyst"] not in page.url
    page.get_by_text("signed in as anna (analyst)").wait_for()
    page.get_by_role("navigation").get_by_text("CPUs", exact=True).click()
    page.locator(".ag-pinned-left-cols-container .ag-row").first.wait_for()
    page.get_by_text("Analysts read records here").wait_for()
    index = page.locator(".ag-pinned-left-cols-container .ag-row", has_text="Intel Core i7-8700").get_attribute("row-index")
    page.locator(f'.ag-center-cols-container .ag-row[row-index="{index}"] .ag-cell[col-id="cores"]').dblclick()
    assert page.locator(".ag-cell-inline-editing").count() == 0, "no editor opens for an analyst"
    assert stored_cpu(workspace_engine, "Intel Core i7-8700")["cores"] == 6
    screenshot(page, "cpus-analyst")
    assert tokens["analyst"] not in workspace_server.log.read_text()


def test_an_admin_signs_in_and_sees_their_role(
    page: Any, workspace_server: WorkspaceServer, tokens: dict[str, str]
) -> None:
    sign_in(page, workspace_server, tokens["admin"])
    page.get_by_text("signed in as ada (admin)").wait_for()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("User token").wait_for()
