"""The Custom Fields page as the local admin: a rule's impact on stored CPUs is shown before the field is created.

A real `importer serve` and headless Chromium; the database is checked
through `CustomFieldService` itself.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect
from sqlalchemy import Engine

from dealbrain.auth import Actor, Role
from dealbrain.customfields import CustomFieldService
from dealbrain.customfields.inputs import FieldInputs
from tests.workspace.admin_seed import add_cpus
from tests.workspace.browser import WorkspaceServer, screenshot, serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.slow]
ADMIN = Actor("local", Role.ADMIN)
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module", autouse=True)
def stored_cpus(workspace_engine: Engine) -> dict[str, int]:
    return add_cpus(workspace_engine, {
        "Core i3-8100": {}, "Core i5-8400": {}, "Core i7-8700": {"tier": "gold"}, "Ryzen 5 3600": {},
        HOSTILE: {"tier": "tin"},
    })


def _assert_accessible(page: Any) -> None:
    page.wait_for_function("!document.querySelector('.q-loading-bar[role=progressbar]')")
    page.wait_for_timeout(1000)  # let notifications finish fading in: half-transparent text is no real violation
    violations = serious_accessibility_violations(page)
    assert violations == [], "\n".join(violations)


def _open_new_field_dialog(page: Any, server: WorkspaceServer) -> Any:
    page.goto(server.url("/custom-fields"))
    page.get_by_role("button", name="New custom field").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Key (a-z, 0-9, _)").fill("tier")
    return dialog


def _choose(page: Any, dialog: Any, label: str, option: str) -> None:
    dialog.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_an_admin_sees_the_impact_preview_then_creates_the_field(
    page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine
) -> None:
    dialog = _open_new_field_dialog(page, workspace_server)
    _choose(page, dialog, "Type", "enum")
    chips = dialog.get_by_label("Options")
    for option in ("gold", "silver"):
        chips.fill(option)
        chips.press("Enter")
    dialog.get_by_role("checkbox", name="Required: every record needs a value").click()
    create = dialog.get_by_role("button", name="Create field")
    expect(create).to_be_disabled()  # a field with rules cannot be created before its impact was previewed
    dialog.get_by_role("button", name="Preview impact").click()
    dialog.get_by_text("4 of 5 cpu records would have an invalid 'tier' value").wait_for()
    failing = dialog.get_by_role("table", name="Records that would fail")
    for name in ("Core i3-8100", "Core i5-8400", "Ryzen 5 3600", HOSTILE):
        assert failing.get_by_role("cell", name=name, exact=True).count() == 1
    assert failing.get_by_text("tier must be one of gold, silver").count() == 1
    assert page.locator("img[src=x]").count() == 0, "a record name from the database must be shown as text"
    screenshot(page, "custom-fields-impact")
    _assert_accessible(page)
    assert CustomFieldService(workspace_engine, ADMIN).list_fields("cpu") == []

    create.click()
    row = page.get_by_role("table", name="Custom fields").get_by_role("row").filter(has_text="tier")
    row.get_by_text("active").wait_for()
    (created,) = CustomFieldService(workspace_engine, ADMIN).list_fields("cpu")
    assert (created.key, created.type.value, created.options, created.required, created.status.value) == (
        "tier", "enum", ("gold", "silver"), True, "active")
    screenshot(page, "custom-fields")
    _assert_accessible(page)


def test_an_edit_that_narrows_a_rule_shows_its_impact_and_saves_only_when_confirmed(
    page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine
) -> None:
    service = CustomFieldService(workspace_engine, ADMIN)
    service.create("cpu", "cache_mb", FieldInputs(type="integer", maximum=64))
    page.goto(workspace_server.url("/custom-fields"))
    page.get_by_role("button", name="Edit cpu cache_mb").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Label", exact=True).fill("L3 cache (MB)")
    save = dialog.get_by_role("button", name="Save changes")
    expect(save).to_be_enabled()  # a label change touches no rule, so it needs no preview
    dialog.get_by_label("Maximum", exact=True).fill("32")
    expect(save).to_be_disabled()
    dialog.get_by_role("button", name="Preview impact").click()
    dialog.get_by_text("0 of 5 cpu records would have an invalid 'cache_mb' value").wait_for()
    save.click()
    page.get_by_role("table", name="Custom fields").get_by_text("L3 cache (MB)").wait_for()
    changed = service.get("cpu", "cache_mb")
    assert (changed.label, changed.maximum) == ("L3 cache (MB)", 32)


def test_by_keyboard_a_refused_definition_is_shown_as_its_sentence_and_nothing_is_stored(
    page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine
) -> None:
    page.goto(workspace_server.url("/custom-fields"))
    page.get_by_role("button", name="New custom field").focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_label("Key (a-z, 0-9, _)")).to_be_focused()
    page.keyboard.type("grade")  # the key input has the focus when the dialog opens
    assert dialog.get_by_label("Key (a-z, 0-9, _)").input_value() == "grade"
    _choose(page, dialog, "Type", "enum")
    dialog.get_by_role("button", name="Preview impact").focus()
    page.keyboard.press("Enter")
    dialog.get_by_role("alert").get_by_text("'grade' is a enum field and needs at least one option").wait_for()
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert [d.key for d in CustomFieldService(workspace_engine, ADMIN).list_fields("cpu")] == ["cache_mb", "tier"]


def test_deactivate_restore_and_delete_for_good(
    page: Any, workspace_server: WorkspaceServer, workspace_engine: Engine
) -> None:
    service = CustomFieldService(workspace_engine, ADMIN)
    service.create("cpu", "socket_note", FieldInputs(type="string"))
    page.goto(workspace_server.url("/custom-fields"))
    page.get_by_role("button", name="Deactivate cpu socket_note").click()
    page.get_by_role("button", name="Deactivate cpu socket_note").wait_for(state="detached")
    assert service.get("cpu", "socket_note").status.value == "deleted"
    page.get_by_role("switch", name="Show deactivated").click()
    page.get_by_role("button", name="Restore cpu socket_note").click()
    page.get_by_role("button", name="Deactivate cpu socket_note").wait_for()
    assert service.get("cpu", "socket_note").status.value == "active"
    page.get_by_role("button", name="Delete cpu socket_note for good").click()
    page.get_by_role("alertdialog").get_by_role("button", name="Delete for good").click()
    page.get_by_role("button", name="Edit cpu socket_note").wait_for(state="detached")
    assert "socket_note" not in {d.key for d in service.list_fields("cpu", include_deleted=True)}
