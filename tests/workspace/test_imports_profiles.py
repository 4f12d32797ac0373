"""Profiles on the Imports page, in a real browser: a preview started with a profile applies it; a commit is saved as one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from dealbrain.auth import Actor, Role
from dealbrain.profiles import ProfileService
from tests.importing.workbooks import CPU_HEADER, CPU_ROWS, write_xlsx
from tests.workspace.browser import WorkspaceServer, screenshot
from tests.workspace.seeding import seed_cpus, stored_cpu

pytestmark = [pytest.mark.browser, pytest.mark.slow]
RUN_MILLISECONDS = 180_000
ADMIN = Actor("local", Role.ADMIN)


def test_a_preview_with_a_profile_applies_it_and_a_commit_is_saved_as_a_profile(
    page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine, tmp_path: Path
) -> None:
    seed_cpus(workspace_engine)  # the file's CPUs are stored with other marks: conflicts need a policy
    ProfileService(workspace_engine).save_from_config(ADMIN, "cpu-updates", {"conflict_policy": "update"}, origin="test")
    changed = [[*row[:5], "15,000", *row[6:]] for row in CPU_ROWS]
    workbook = write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": [CPU_HEADER, *changed]})

    page.goto(workspace_server.url("/imports"))
    page.locator(".workspace-upload input[type=file]").set_input_files(str(workbook))
    page.get_by_text("cpus.xlsx: which entity does each sheet hold?").wait_for()
    page.get_by_label("Import profile").click()
    page.get_by_role("option", name="cpu-updates (version 1)").click()
    page.get_by_role("button", name="Start the preview").click()
    page.locator(".workspace-verdict", has_text="Ready to commit.").wait_for(timeout=RUN_MILLISECONDS)
    page.locator(".workspace-session-profile", has_text="Import profile cpu-updates@1").wait_for()
    sessions = page.get_by_role("table", name="Import sessions")
    sessions.get_by_role("row").filter(has_text="cpus.xlsx").filter(has_text="cpu-updates@1").wait_for()
    screenshot(page, "imports-with-profile")

    page.get_by_role("button", name="Commit").click()
    page.locator(".workspace-verdict", has_text="Committed.").wait_for(timeout=RUN_MILLISECONDS)
    assert stored_cpu(workspace_engine, "Intel Core i7-8700")["cpu_mark_multi"] == 15000  # updated: the profile's policy
    page.get_by_label("Profile name").fill("weekly-cpus")
    page.get_by_role("button", name="Save as profile").click()
    page.get_by_role("status").filter(has_text="Saved as profile weekly-cpus, version 1.").wait_for()
    saved = ProfileService(workspace_engine).show(ADMIN, "weekly-cpus")
    assert saved.current.options["conflict_policy"] == "update" and saved.current.saved_from.startswith("session ")
