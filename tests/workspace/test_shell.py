"""The workspace shell: served by `importer serve` at /workspace, navigation to every page, the local user shown."""

from __future__ import annotations

from typing import Any

import pytest

from tests.workspace.browser import WorkspaceServer, screenshot, serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]
NAVIGATION = ["CPUs", "GPUs", "Listings", "Valuation Rules", "Ports Profiles", "Custom Fields", "Imports", "Audit"]


def test_every_page_is_reachable_from_the_navigation(page: Any, workspace_server: WorkspaceServer) -> None:
    page.goto(workspace_server.url("/"))
    page.get_by_text("acting as local user local (admin; authentication off)").wait_for()
    for label in NAVIGATION:
        page.get_by_role("navigation").get_by_text(label, exact=True).click()
        page.get_by_role("heading", name=label).wait_for()
    screenshot(page, "home")


def test_the_home_page_has_no_serious_accessibility_violations(page: Any, workspace_server: WorkspaceServer) -> None:
    page.goto(workspace_server.url("/"))
    page.get_by_role("heading", name="Workspace").wait_for()
    assert serious_accessibility_violations(page) == []
