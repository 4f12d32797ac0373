"""Custom Fields: every entity's custom fields, and (by role) create, edit, approve, deactivate, delete, restore.

Everything goes through `CustomFieldService`, which checks the permission
itself: admins do all; an operator's new field is created pending an admin's
approval; analysts read. A rule change first shows its impact on the stored
records (`workspace.admin.field_dialog`). "Deactivate" is the service's soft
delete (hidden, values kept, restorable); "Delete for good" its hard delete.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from nicegui import ui

from dealbrain.auth import Actor, Permission
from dealbrain.customfields import CustomFieldService, FieldDefinition, FieldStatus
from dealbrain.customfields.presentation import definition_row
from dealbrain.specs import ENTITY_NAMES
from workspace.admin.field_dialog import open_field_dialog
from workspace.admin.refusals import attempt, done
from workspace.admin.tables import labelled, text_table
from workspace.context import context
from workspace.layout import page_frame

ALL = "all"
COLUMNS = (("entity", "Entity"), ("key", "Key"), ("label", "Label"), ("type", "Type"), ("required", "Required"),
           ("rules", "Rules"), ("options", "Options"), ("default", "Default"), ("status", "Status"),
           ("created_by", "Created by"))
ROLE_NOTES = {
    "analyst": "You are signed in as an analyst: custom fields are read-only for you.",
    "operator": "As an operator you may propose fields: a field you create waits for an admin's approval (pending).",
}
STATUS_TEXT = {"pending": "pending approval", "deleted": "deactivated"}
STATUS_COLOUR = {"pending": "deep-orange-10", "deleted": "grey-9", "active": "green-10"}


def build(path: str) -> None:
    with page_frame("Custom Fields", path) as identity:
        if identity is None:
            return
        CustomFieldsPage(identity.actor).show()


class CustomFieldsPage:
    def __init__(self, actor: Actor) -> None:
        self.actor = actor
        self.service = CustomFieldService(context().engine, actor)
        self.entity = ALL
        self.show_pending = True
        self.show_deleted = False
        self.alert: ui.label | None = None

    @property
    def manages(self) -> bool:
        return self.actor.can(Permission.MANAGE_CUSTOM_FIELDS)

    def show(self) -> None:
        note = ROLE_NOTES.get(self.actor.role.value)
        if note:
            ui.label(note).classes("workspace-role-note")
        with ui.row().classes("items-center gap-4"):
            ui.select({ALL: "All entities", **{name: name for name in ENTITY_NAMES}}, value=ALL, label="Entity",
                      on_change=lambda e: self._set("entity", e.value)).props("outlined dense").classes("w-48")
            ui.switch("Show pending", value=True, on_change=lambda e: self._set("show_pending", e.value))
            ui.switch("Show deactivated", value=False, on_change=lambda e: self._set("show_deleted", e.value))
            if self.actor.can(Permission.PROPOSE_CUSTOM_FIELD):
                label = "New custom field" if self.manages else "Propose a custom field"
                ui.button(label, icon="add", on_click=self._create).props("color=primary")
        self.alert = ui.label("").classes("text-negative").props('role="alert"')
        self.table()

    def _set(self, name: str, value: Any) -> None:
        setattr(self, name, value)
        self.table.refresh()

    @ui.refreshable
    def table(self) -> None:
        entity = None if self.entity == ALL else self.entity
        definitions = attempt(self.alert, self.service.list_fields, entity, include_deleted=self.show_deleted) or []
        if not self.show_pending:
            definitions = [d for d in definitions if d.status is not FieldStatus.PENDING]
        rows = [{**definition_row(d), "created_by": d.created_by, "definition": d} for d in definitions]
        text_table("Custom fields", COLUMNS, rows, cells={"status": _status},
                   actions=self._actions if self.manages else None, empty="No custom fields match.")

    def _actions(self, row: Mapping[str, Any]) -> None:
        definition: FieldDefinition = row["definition"]
        entity, key = definition.entity, definition.key
        name = f"{entity} {key}"
        if definition.status is FieldStatus.PENDING:
            self._button("Approve", name, lambda: self.service.approve(entity, key), "Approved")
        if definition.status is not FieldStatus.DELETED:
            labelled(ui.button("Edit", on_click=lambda: self._edit(definition)).props("flat dense"), f"Edit {name}")
            self._button("Deactivate", name, lambda: self.service.delete(entity, key),
                         "Deactivated (values kept; Restore brings it back)")
        else:
            self._button("Restore", name, lambda: self.service.restore(entity, key), "Restored")
        labelled(ui.button("Delete for good", on_click=lambda: self._confirm_hard_delete(definition)).props(
            "flat dense color=negative"), f"Delete {name} for good")

    def _button(self, label: str, name: str, action: Callable[[], FieldDefinition], outcome: str) -> None:
        def run() -> None:
            result = attempt(self.alert, action)
            if result is not None:
                done(f"{outcome}: {result.entity} field {result.key!r} ({result.status.value}).")
                self.table.refresh()

        labelled(ui.button(label, on_click=run).props("flat dense"), f"{label} {name}")

    def _confirm_hard_delete(self, definition: FieldDefinition) -> None:
        with labelled(ui.dialog().props('role="alertdialog"'), "Delete for good") as dialog, ui.card():
            ui.label(f"Delete {definition.entity} field {definition.key!r} and every value stored for it?").classes(
                "font-semibold")
            ui.label("This cannot be undone. Deactivate it instead to keep the values.")
            with ui.row():
                ui.button("Cancel", on_click=dialog.close).props("flat autofocus")

                def delete() -> None:
                    dialog.close()
                    removed = attempt(self.alert, self.service.delete, definition.entity, definition.key, hard=True)
                    if removed is not None:
                        done(f"Removed {removed.entity} field {removed.key!r} and its values.")
                        self.table.refresh()

                ui.button("Delete for good", on_click=delete).props("color=negative")
        dialog.open()

    def _create(self) -> None:
        open_field_dialog(self.service, None, manages=self.manages, on_saved=self.table.refresh,
                          entity=None if self.entity == ALL else self.entity)

    def _edit(self, definition: FieldDefinition) -> None:
        open_field_dialog(self.service, definition, manages=self.manages, on_saved=self.table.refresh)


def _status(row: Mapping[str, Any]) -> None:
    status = row["status"]
    ui.badge(STATUS_TEXT.get(status, status), color=STATUS_COLOUR.get(status, "grey-9")).props(
        f'data-status="{status}"')
