"""Deleting, restoring, disabling, enabling and reviewing the selected rows of a grid: a dry run shown in a dialog, applied on confirm.

The page asks `RecordService.bulk_delete` (or `bulk_disable`, `bulk_review`) twice: first as
a dry run (what would change, shown as a count and up to ten records with
their before -> after), then, only after *Confirm*, for real. A refusal is
shown as its sentence; nothing is changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from dealbrain.errors import UserFacingError
from dealbrain.records import RecordService
from dealbrain.records.listing import filter_for_keys
from dealbrain.records.record_states import DELETED, NEEDS_REVIEW, RecordState
from dealbrain.records.results import BulkChange
from dealbrain.specs import EntitySpec
from workspace.identity import current_identity

SAMPLE = 10
WORDS = {("deleted", True): ("live", "deleted"), ("deleted", False): ("deleted", "live"),
         ("disabled", True): ("enabled", "disabled"), ("disabled", False): ("disabled", "enabled"),
         ("needs_review", True): ("reviewed", "needs review"), ("needs_review", False): ("needs review", "reviewed")}
"""(state, on) -> how a record is called before and after the change."""


def _run(service: RecordService, spec: EntitySpec, where: str, state: RecordState, on: bool, dry_run: bool) -> BulkChange:
    if state is DELETED:
        return service.bulk_delete(spec.name, where, restore=not on, dry_run=dry_run)
    if state is NEEDS_REVIEW:
        return service.bulk_review(spec.name, where, needs_review=on, dry_run=dry_run)
    return service.bulk_disable(spec.name, where, enable=not on, dry_run=dry_run)


async def change_selected_state(
    grid: Any, service: RecordService, spec: EntitySpec, key: str, state: RecordState, *, on: bool,
    done: Callable[[str], None],
) -> None:
    """Ask to set (``on``) or clear ``state`` on the grid's selected rows; ``done`` gets the sentence to show after."""
    rows = await grid.get_selected_rows()
    keys = [str(row[key]) for row in rows if row.get(key) is not None]
    verb = state.set_verb if on else state.clear_verb
    if not keys:
        ui.notify(f"Select the rows to {verb} first (the boxes at the left).", type="warning")
        return
    where = filter_for_keys(spec, keys)
    try:
        plan = _run(service, spec, where, state, on, dry_run=True)
    except UserFacingError as error:
        done(str(error))
        return
    before, after = WORDS[(state.flag, on)]
    with ui.dialog().props(f'aria-label="Confirm: {verb} records"') as dialog, ui.card().props(
            'role="dialog" aria-label="Confirm"'):
        ui.label(f"{verb.capitalize()} {plan.updated} of the {plan.selected} selected {spec.label} records?").classes(
            "text-lg")
        if plan.unchanged:
            ui.label(f"{plan.unchanged} are already {after} and stay as they are.")
        for diff in plan.records[:SAMPLE]:
            ui.label(f"{diff['record']}: {before} -> {after}")
        if plan.updated > SAMPLE:
            ui.label(f"… and {plan.updated - SAMPLE} more.")
        with ui.row():
            confirm = ui.button(f"Confirm {verb}").props("color=negative" if after in ("deleted", "disabled")
                                                         else "color=primary")
            ui.button("Cancel", on_click=dialog.close).props("outline")

    def apply() -> None:
        dialog.close()
        if current_identity() is None:
            done("You were signed out; sign in again to change records.")
            return
        try:
            change = _run(service, spec, where, state, on, dry_run=False)
        except UserFacingError as error:
            done(str(error))
            return
        done(f"{(state.set_count if on else state.clear_count).capitalize()} {change.updated} {spec.label} records "
             f"(edit session {change.session_id}; `importer undo` reverts it).")

    confirm.on_click(apply)
    dialog.open()
