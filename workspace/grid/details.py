"""A record's detail view: every field with a typed input, saved through `RecordService.update`, and its history.

Opened by clicking a record's name (or title) in the grid; shown as a dialog
at the right of the page. Enums are selects, multi-enums multi-selects, dates
date pickers, yes/no fields a select; the key and ports are shown, not
edited. *Save* sends only the fields that changed, as typed text, so the
service validates them as an import would; a refusal is shown as its
sentence and nothing is stored. The history is the record's provenance
(`dealbrain.provenance.record_history`): per field, the import (file, sheet,
row, column) or edit that set the value stored now, when, and the value it
replaced; then every earlier change, newest first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from dealbrain.errors import UserFacingError
from dealbrain.provenance import RecordHistory, ValueChange, record_history
from dealbrain.records import RecordService
from dealbrain.specs import EntitySpec, FieldSpec, FieldType
from workspace.context import context
from workspace.identity import current_identity

SHOWN_CHANGES = 50


def as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def typed_input(field: FieldSpec, value: Any, editable: bool) -> Any:
    """The input for ``field``; its ``.value`` reads back as the text an import would read."""
    label = f"{field.display_label}{' (custom)' if field.custom else ''}"
    if field.type is FieldType.MULTI_ENUM:
        chosen = value if isinstance(value, list) else []
        element = ui.select(list(field.options), label=label, multiple=True, value=chosen).props("outlined dense")
    elif field.type is FieldType.ENUM:
        element = ui.select(list(field.options), label=label, value=value, clearable=True).props("outlined dense")
    elif field.type is FieldType.BOOLEAN:
        element = ui.select(["true", "false"], label=label, value=as_text(value) or None, clearable=True).props(
            "outlined dense")
    elif field.type is FieldType.DATE:
        element = ui.input(label, value=as_text(value)).props("outlined dense type=date stack-label")
    else:
        element = ui.input(label, value=as_text(value)).props("outlined dense")
    element.classes("w-full")
    if not editable or field.type is FieldType.PORTS:
        element.disable()
    return element


def entered(element: Any) -> str:
    """An input's value as typed text (a multi-select's choices comma-separated, as a sheet cell holds them)."""
    return as_text(element.value)


def change_line(change: ValueChange) -> str:
    """``Cores: 4 -> 6, file.xlsx, sheet CPUs, row 3, column Cores (import … by …), 2026-12-02 07:10 UTC``."""
    when = f"{change.at:%Y-%m-%d %H:%M} UTC" if change.at else "time unknown"
    undone = " (undone)" if change.undone else ""
    return (f"{change.field}: {as_text(change.before) or '(empty)'} -> {as_text(change.value) or '(empty)'}, "
            f"{change.origin()}, {when}{undone}")


def show_history(history: RecordHistory) -> None:
    """Per field, where the stored value came from; then the earlier changes, newest first."""
    current = history.current()
    ui.label("Where each value came from").classes("font-bold")
    with ui.column().classes("h-[20vh] w-full overflow-y-auto overflow-x-hidden gap-1 workspace-provenance").props(
            'tabindex="0" aria-label="Where each value came from"'):
        if not current:
            ui.label("No import or edit has set a value of this record yet.").classes("text-sm")
        for change in current.values():
            ui.label(change_line(change)).classes("text-sm break-words")
        earlier = [change for change in reversed(history.changes) if change not in current.values()][:SHOWN_CHANGES]
        if earlier:
            ui.label("Earlier changes").classes("font-bold text-sm")
        for change in earlier:
            ui.label(change_line(change)).classes("text-sm break-words text-gray-700")


def open_details(service: RecordService, spec: EntitySpec, custom: list[FieldSpec], key: str, record_key: str,
                 *, editable: bool, saved: Callable[[str], None]) -> None:
    identity = current_identity()
    if identity is None:
        saved("You were signed out; sign in again to read records.")
        return
    try:
        record = service.get(spec.name, record_key)
        history = record_history(context().engine, identity.actor, spec.name, record_key)
    except UserFacingError as error:
        saved(str(error))
        return
    attributes = record.get("attributes_json") or {}
    inputs: dict[str, tuple[Any, str]] = {}
    with ui.dialog().props('position=right full-height aria-label="Record details"') as dialog, ui.card().classes("w-[28rem] max-w-full h-full no-wrap").props(
            f'role="dialog" aria-label="Details of {record_key}"'):
        ui.label(str(record.get(key))).classes("text-lg font-bold")
        with ui.column().classes("h-[55vh] w-full overflow-y-auto overflow-x-hidden gap-2 p-1").props(
                'tabindex="0" aria-label="Fields"'):
            for field in (*spec.fields, *custom):
                if field.name == key:
                    continue
                value = attributes.get(field.name) if field.custom else record.get(field.name)
                element = typed_input(field, value, editable)
                inputs[field.name] = (element, entered(element))
        problem = ui.label("").classes("text-negative").props('role="alert"')
        with ui.row():
            save = ui.button("Save").props("color=primary")
            ui.button("Close", on_click=dialog.close).props("outline")
        if not editable:
            save.disable()
        show_history(history)

    def save_now() -> None:
        if current_identity() is None:
            problem.text = "You were signed out; sign in again to edit."
            return
        changes = {name: (entered(element) or None) for name, (element, before) in inputs.items()
                   if entered(element) != before}
        if not changes:
            problem.text = "Nothing changed."
            return
        try:
            service.update(spec.name, record_key, changes)
        except UserFacingError as error:
            problem.text = str(error)
            return
        dialog.close()
        saved(f"Changed {record_key}: {', '.join(sorted(changes))} saved.")

    save.on_click(save_now)
    dialog.open()
