"""Deleting and restoring the selected rows of a grid: a dry run's count and sample in a dialog, applied on confirm.

The page asks `RecordService.bulk_delete` twice: first as a dry run (what
would change, shown as a count and up to ten records), then, only after
*Confirm*, for real. A refusal is shown as its sentence; nothing is changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from dealbrain.errors import UserFacingError
from dealbrain.records import RecordService
from dealbrain.records.listing import filter_for_keys
from dealbrain.specs import EntitySpec
from workspace.identity import current_identity

SAMPLE = 10


async def delete_or_restore_selected(
    grid: Any, service: RecordService, spec: EntitySpec, key: str, *, restore: bool, done: Callable[[str], None],
) -> None:
    """Ask to delete (or restore) the grid's selected rows; ``done`` gets the sentence to show afterwards."""
    rows = await grid.get_selected_rows()
    keys = [str(row[key]) for row in rows if row.get(key) is not None]
    verb = "restore" if restore else "delete"
    if not keys:
        ui.notify(f"Select the rows to {verb} first (the boxes at the left).", type="warning")
        return
    where = filter_for_keys(spec, keys)
    try:
        plan = service.bulk_delete(spec.name, where, restore=restore, dry_run=True)
    except UserFacingError as error:
        done(str(error))
        return
    with ui.dialog() as dialog, ui.card().props('role="dialog" aria-label="Confirm"'):
        ui.label(f"{verb.capitalize()} {plan.updated} of the {plan.selected} selected {spec.label} records?").classes(
            "text-lg")
        if plan.unchanged:
            ui.label(f"{plan.unchanged} are already {'live' if restore else 'deleted'} and stay as they are.")
        for diff in plan.records[:SAMPLE]:
            before, after = ("deleted", "live") if restore else ("live", "deleted")
            ui.label(f"{diff['record']}: {before} -> {after}")
        if plan.updated > SAMPLE:
            ui.label(f"… and {plan.updated - SAMPLE} more.")
        with ui.row():
            confirm = ui.button(f"Confirm {verb}").props("color=negative" if not restore else "color=primary")
            ui.button("Cancel", on_click=dialog.close).props("outline")

    def apply() -> None:
        dialog.close()
        if current_identity() is None:
            done("You were signed out; sign in again to change records.")
            return
        try:
            change = service.bulk_delete(spec.name, where, restore=restore)
        except UserFacingError as error:
            done(str(error))
            return
        done(f"{'Restored' if restore else 'Deleted'} {change.updated} {spec.label} records "
             f"(edit session {change.session_id}; `importer undo` reverts it).")

    confirm.on_click(apply)
    dialog.open()
