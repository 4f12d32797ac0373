""""Save as profile" under a committed session: its decisions become the next version of a named import profile.

Shown to those who may commit imports (the permission `ProfileService`
checks again when saving); the outcome is a sentence in a live region.
"""

from __future__ import annotations

from typing import Any

from nicegui import ui

from dealbrain.auth import Actor, Permission
from workspace.admin.imports_desk import ImportsDesk
from workspace.admin.refusals import attempt, done
from workspace.admin.tables import labelled


def profile_saver(desk: ImportsDesk, actor: Actor, snapshot: dict[str, Any]) -> None:
    """A name field and a Save button for ``snapshot``'s session, when it is committed and ``actor`` may save."""
    if snapshot.get("status") != "committed" or not actor.can(Permission.IMPORT_COMMIT):
        return
    with ui.row().classes("items-center gap-2 workspace-profile-saver"):
        name = labelled(ui.input(placeholder="e.g. weekly-cpus").props("outlined dense").classes("w-64"), "Profile name")
        outcome = ui.label("").props('role="status" aria-live="polite"')

        def save() -> None:
            saved = attempt(outcome, desk.save_profile, (name.value or "").strip(), snapshot["id"])
            if saved is None:
                return
            outcome.text = (f"Saved as profile {saved.name}, version {saved.version}." if saved.created
                            else f"Profile {saved.name} already holds these decisions (version {saved.version}).")
            done(outcome.text)

        ui.button("Save as profile", icon="bookmark_add", on_click=save).props("outline")
