"""The column chooser: show, hide and reorder a grid's columns, remembered per user (`GridColumnPreferences`).

A dialog lists every standard and custom field with a *shown* checkbox and
*up*/*down* buttons (keyboard-usable); *Save columns* stores the choice in the
importer database and applies it to the open grid without reloading it.
Dragging a header to a new place saves the new order the same way. The key
column stays shown and first: the grid finds its rows by it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from nicegui import ui

from dealbrain.errors import UserFacingError
from dealbrain.preferences import GridColumn, GridColumnPreferences
from workspace.admin.tables import labelled

MOVED_SOURCES_IGNORED = ("api", "gridInitializing", "gridOptionsChanged", "flex", "autosizeColumns")


def apply_to_grid(grid: Any, columns: Sequence[GridColumn]) -> None:
    """Show, hide and order the open grid's columns (sort and filters stay as they are)."""
    state = [{"colId": column.field, "hide": not column.visible} for column in columns]
    grid.run_grid_method("applyColumnState", {"state": state, "applyOrder": True})


class ColumnChooser:
    """The user's columns of one entity's grid: the dialog, header drags, and what the page builds columns from."""

    def __init__(self, preferences: GridColumnPreferences, entity: str, labels: Mapping[str, str], key: str,
                 problem: Callable[[str], None]) -> None:
        self._preferences, self._entity, self._labels, self._key = preferences, entity, dict(labels), key
        self._problem = problem
        self.columns = preferences.columns(entity)
        self.grid: Any = None

    def attach(self, grid: Any) -> None:
        """Save the order whenever a person drags a header to a new place."""
        self.grid = grid
        ignored = ", ".join(f"'{source}'" for source in MOVED_SOURCES_IGNORED)
        grid.on("columnMoved", self._dragged, js_handler=(
            f"(e) => {{ if (e.finished && ![{ignored}].includes(e.source)) emit(getElement({grid.id}).api"
            ".getColumnState().map(c => ({colId: c.colId, hide: !!c.hide}))) }"))

    def _dragged(self, event: Any) -> None:
        state = event.args if isinstance(event.args, list) else []
        chosen = [GridColumn(str(item["colId"]), not item.get("hide")) for item in state
                  if isinstance(item, dict) and item.get("colId")]
        self._save(chosen, apply=False)

    def _save(self, chosen: Sequence[GridColumn], *, apply: bool) -> bool:
        try:
            self.columns = self._preferences.save(self._entity, chosen)
        except UserFacingError as error:
            self._problem(str(error))
            return False
        if apply and self.grid is not None:
            apply_to_grid(self.grid, self.columns)
        return True

    def _reset(self, dialog: Any) -> None:
        try:
            self.columns = self._preferences.forget(self._entity)
        except UserFacingError as error:
            self._problem(str(error))
            return
        if self.grid is not None:
            apply_to_grid(self.grid, self.columns)
        dialog.close()
        ui.notify("Columns reset: every field is shown in its usual order.", type="positive")

    def open(self) -> None:
        """The dialog: one line per field (shown?, up, down), then Save columns, Reset and Cancel."""
        draft = [GridColumn(column.field, column.visible) for column in self.columns]
        with labelled(ui.dialog(), "Choose columns") as dialog, ui.card().classes("w-[32rem]"):
            ui.label("Columns shown in this grid").classes("text-lg font-medium")
            ui.label("Tick the fields to show and move them into the order you want; your choice is kept for "
                     "you on every browser.").classes("text-sm text-gray-700")
            lines = ui.column().classes("w-full gap-0 max-h-[50vh] overflow-y-auto flex-nowrap")

            def redraw() -> None:
                lines.clear()
                with lines:
                    for index, column in enumerate(draft):
                        self._line(draft, index, column, redraw)

            redraw()
            with ui.row().classes("gap-2 pt-2"):
                def save() -> None:
                    if self._save(draft, apply=True):
                        dialog.close()
                        ui.notify("Columns saved.", type="positive")

                ui.button("Save columns", on_click=save)
                ui.button("Reset to all fields", on_click=lambda: self._reset(dialog)).props("outline")
                ui.button("Cancel", on_click=dialog.close).props("flat")
        dialog.open()

    def _line(self, draft: list[GridColumn], index: int, column: GridColumn, redraw: Callable[[], None]) -> None:
        label = self._labels.get(column.field, column.field)

        def position() -> int:  # looked up on each click: a quick second click may come from the previous drawing
            return next(at for at, item in enumerate(draft) if item.field == column.field)

        def shown(event: Any) -> None:
            draft[position()] = GridColumn(column.field, bool(event.value))

        def move(step: int) -> None:
            at = position()
            if 1 <= at + step < len(draft):  # the key stays first
                draft[at], draft[at + step] = draft[at + step], draft[at]
                redraw()

        with ui.row().classes("items-center w-full gap-1 no-wrap"):
            box = ui.checkbox(label, value=column.visible or index == 0, on_change=shown).classes("grow")
            box.props(f'aria-label="Show {label}"')
            if index == 0:
                box.disable()
                ui.label("(always shown first)").classes("text-xs text-gray-700")
                return
            for step, icon, where, possible in ((-1, "arrow_upward", "up", index > 1),
                                                (1, "arrow_downward", "down", index < len(draft) - 1)):
                if possible:
                    ui.button(icon=icon, on_click=lambda step=step: move(step)).props(
                        f'flat dense round aria-label="Move {label} {where}"')
                else:  # nothing to move past: a gap of the button's size keeps the arrows in line
                    ui.element("div").classes("w-8")
