"""Bulk set-field on a grid: the selected rows or everything the filter matches, confirmed from the dry run, undoable.

The page asks `RecordService.bulk_update` for a dry run (count, a sample of
records and each one's before -> after), shows it in a dialog, and writes only
on *Confirm*. The last bulk change made on the page can be undone (its edit
session, through `undo_import`, as `importer undo` does). Attaching a ports
profile to listings is setting their ``ports_profile`` field.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from nicegui import ui

from dealbrain.errors import UserFacingError
from dealbrain.importing.undo import undo_import
from dealbrain.records import RecordService
from dealbrain.records.listing import filter_for_keys
from dealbrain.specs import EntitySpec, FieldSpec
from workspace.context import context
from workspace.grid.usable import set_usable
from workspace.identity import current_identity

SAMPLE = 10
SELECTED, MATCHING = "Selected rows", "All matching records"


@dataclass
class BulkState:
    last_session: str | None = None


def shown(value: Any) -> str:
    return "(empty)" if value in (None, "", [], {}) else str(value)


def bulk_edit_bar(
    grid: Any, service: RecordService, spec: EntitySpec, custom: Sequence[FieldSpec], key: str,
    current_filter: Callable[[], str], done: Callable[[str], None],
) -> None:
    """The bulk-edit controls: field, value, scope, *Preview change* and *Undo last bulk change*."""
    state = BulkState()
    names = [field.name for field in (*spec.fields, *custom) if field.name != key]
    with ui.row().classes("items-end gap-2 w-full"):
        field = ui.select(names, label="Set field", value=None).props('outlined dense').classes("w-48")
        value = ui.input("to value").props('outlined dense aria-label="to value"').classes("w-48")
        scope = ui.radio([SELECTED, MATCHING], value=SELECTED).props("inline")
        preview = ui.button("Preview change").props("outline")
        undo = ui.button("Undo last bulk change").props("outline")
        set_usable(undo, False)

    async def ask() -> None:
        if not field.value:
            done("Choose the field to set first.")
            return
        if scope.value == SELECTED:
            keys = [str(row[key]) for row in await grid.get_selected_rows() if row.get(key) is not None]
            if not keys:
                done("Select the rows to change first, or choose “All matching records”.")
                return
            where = filter_for_keys(spec, keys)
        else:
            where = current_filter() or f"{key} is not null"
        changes = {field.value: (value.value or "").strip() or None}
        try:
            plan = service.bulk_update(spec.name, where, changes, dry_run=True)
        except UserFacingError as error:
            done(str(error))
            return
        with ui.dialog() as dialog, ui.card().props('role="dialog" aria-label="Confirm bulk change"'):
            ui.label(f"Set {field.value} on {plan.updated} of the {plan.selected} selected {spec.label} records?").classes(
                "text-lg")
            if plan.unchanged:
                ui.label(f"{plan.unchanged} already have that value and stay as they are.")
            for diff in plan.records[:SAMPLE]:
                for name in diff["after"]:
                    ui.label(f"{diff['record']}: {name} {shown(diff['before'].get(name))} -> "
                             f"{shown(diff['after'][name])}")
            if plan.updated > SAMPLE:
                ui.label(f"… and {plan.updated - SAMPLE} more.")
            with ui.row():
                confirm = ui.button("Confirm change").props("color=primary")
                ui.button("Cancel", on_click=dialog.close).props("outline")

        def apply() -> None:
            dialog.close()
            if current_identity() is None:
                done("You were signed out; sign in again to change records.")
                return
            try:
                change = service.bulk_update(spec.name, where, changes)
            except UserFacingError as error:
                done(str(error))
                return
            state.last_session = change.session_id
            set_usable(undo, change.session_id is not None)
            done(f"Changed {change.updated} {spec.label} records (edit session {change.session_id}).")

        confirm.on_click(apply)
        dialog.open()

    def undo_last() -> None:
        identity = current_identity()
        if identity is None or state.last_session is None:
            done("You were signed out; sign in again to undo." if identity is None else "Nothing to undo.")
            return
        try:
            result = undo_import(context().engine, identity.actor, state.last_session)
        except UserFacingError as error:
            done(str(error))
            return
        restored = sum(result.restored.values())
        state.last_session = None
        set_usable(undo, False)
        done(f"Undid the last bulk change: {restored} {spec.label} records restored.")

    preview.on_click(ask)
    undo.on_click(undo_last)
