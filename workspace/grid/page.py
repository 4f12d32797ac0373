"""One entity's grid page: server-side filter, sort and paging over `RecordService.list`, inline edit via `update`.

The grid only ever holds the current page: a sort click or a filter asks the
service again (the filter box takes the same filter language as bulk edits and
the API's ``where``), and Previous/Next move the offset. An inline edit is
sent to `RecordService.update` as typed text, so it is validated exactly as an
import would validate it; a refusal is shown as its sentence and the page is
reloaded from the database, so the cell shows what is stored. Each header has
its own filter (`workspace.grid.column_filters`), written as the filter
language and joined to the box's by ``and``; *Columns* chooses the fields
shown and their order, remembered per user (`workspace.grid.chooser`). A new
page replaces only the grid's rows (``setGridOption``), so the browser keeps
its grid, its sort and its filters, and nothing but the rows travels. Selected
rows can be deleted or restored, disabled or enabled after a confirmation
(`workspace.grid.state_change`); *Show deleted* lists soft-deleted records
too, with when they were deleted; disabled ones are greyed and *State*
filters on them (`workspace.grid.disabled_rows`). ``?record=ID`` opens that
record's drawer (`workspace.grid.linked_record`).
*Export xlsx* downloads the records the filter selects, in the API's export
format (`dealbrain.export.records`), which re-imports as a no-op; it and the
bulk edit's "all matching records" use the box and the header filters together.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nicegui import events, ui

from dealbrain.auth import Permission
from dealbrain.errors import UserFacingError
from dealbrain.export.records import as_xlsx, export_rows
from dealbrain.preferences import GridColumnPreferences
from dealbrain.records import RecordService
from dealbrain.records.fields import all_fields
from dealbrain.records.record_states import DELETED, DISABLED, NEEDS_REVIEW
from dealbrain.store.records import natural_key_field
from workspace.context import context
from workspace.grid.bulk_edit import bulk_edit_bar
from workspace.grid.chooser import ColumnChooser
from workspace.grid.column_filters import column_filter_text, combined_filter
from workspace.grid.columns import KEEP_SERVER_ORDER, column_defs, column_labels, grid_rows, typed_text
from workspace.grid.details import open_details
from workspace.grid.disabled_rows import ROW_CLASS, disable_buttons, state_filter
from workspace.grid.linked_record import open_linked_record
from workspace.grid.state_change import change_selected_state
from workspace.grid.usable import set_usable
from workspace.identity import current_identity
from workspace.layout import page_frame

PAGE_SIZE = 50
DONE_SENTENCES = (*(word.capitalize() for state in (DELETED, DISABLED, NEEDS_REVIEW)
                    for word in (state.set_count, state.clear_count)), "Changed", "Undid")
"""How the sentences of a change that was made begin (a notification); any other sentence is a refusal (in red)."""
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class GridState:
    box: str = ""
    """The filter box's text (the filter language)."""
    columns: str = ""
    """The header filters, as the filter language."""
    sort: str | None = None
    offset: int = 0
    total: int = 0
    include_deleted: bool = False
    disabled: bool | None = None
    """Only disabled (True) or only enabled (False) records; None shows both."""
    shown: bool = False
    """The grid is in the browser: new rows go by ``setGridOption``, not in the page's first render."""

    @property
    def where(self) -> str:
        return combined_filter(self.box, self.columns)


def records_page(entity: str, label: str, path: str) -> None:
    with page_frame(label, path) as identity:
        if identity is None:
            return
        service = RecordService(context().engine, identity.actor)
        try:
            spec, custom = service.fields(entity)
        except UserFacingError as error:
            ui.label(str(error)).classes("text-negative")
            return
        editable = identity.actor.can(Permission.EDIT_RECORDS)
        key = natural_key_field(spec).name
        state = GridState()
        known = all_fields(spec, custom)
        chooser = ColumnChooser(GridColumnPreferences(context().engine, identity.actor), entity,
                                column_labels(spec, custom), key, lambda sentence: setattr(problem, "text", sentence))
        with ui.row().classes("items-end gap-2 w-full"):
            where = ui.input("Filter", placeholder=f'e.g. {key} contains "ryzen" and cores >= 6').props(
                'outlined dense clearable aria-label="Filter"').classes("w-[20rem]")
            apply = ui.button("Apply filter")
            ui.button("Columns", on_click=lambda: chooser.open()).props("outline")
            export = ui.button("Export xlsx").props("outline")
            ui.checkbox("Show deleted", on_change=lambda event: toggle_deleted(bool(event.value)))
            if editable:
                delete = ui.button("Delete selected").props("outline color=negative")
                restore = ui.button("Restore selected").props("outline")
        with ui.row().classes("items-end gap-2 w-full"):  # disabled records: the state filter and, for editors, the buttons
            state_filter(lambda disabled: (setattr(state, "disabled", disabled), setattr(state, "offset", 0), load()))
            if editable:
                disable_buttons(lambda: grid, service, spec, key, lambda sentence: changed(sentence))
        problem = ui.label("").classes("text-negative workspace-problem").props('role="alert"')
        if not editable:
            ui.label(f"{identity.actor.role.value.capitalize()}s read records here; editing needs the operator or "
                     "admin role.").classes("text-gray-700")
        bulk_bar = ui.column().classes("w-full")
        grid = ui.aggrid({
            "columnDefs": column_defs(spec, custom, editable=editable, arrangement=chooser.columns),
            "rowSelection": "multiple", "suppressRowClickSelection": True,
            "rowData": [],
            "defaultColDef": {"resizable": True, "filter": False, "floatingFilter": True, "minWidth": 110,
                              ":comparator": KEEP_SERVER_ORDER},
            "suppressDragLeaveHidesColumns": True,

            "stopEditingWhenCellsLoseFocus": True,
            "singleClickEdit": False, **ROW_CLASS,
        }, auto_size_columns=False).classes("w-full h-[60vh]")
        with ui.row().classes("items-center gap-3"):
            previous = ui.button("Previous").props("outline")
            position = ui.label("").classes("workspace-position")
            following = ui.button("Next").props("outline")

        def load(keep_problem: bool = False) -> None:
            try:
                page = service.list(entity, where=state.where or None, sort=state.sort, limit=PAGE_SIZE,
                                    offset=state.offset, include_deleted=state.include_deleted,
                                    disabled=state.disabled)
            except UserFacingError as error:
                problem.text = str(error)
                return
            if not keep_problem:
                problem.text = ""
            state.total = page.total
            rows = grid_rows(page.records)
            with grid.props.suspend_updates():  # a changed option would re-create the whole grid in the browser
                grid.options["rowData"] = rows
            if state.shown:
                grid.run_grid_method("setGridOption", "rowData", rows)
            last = min(state.offset + PAGE_SIZE, page.total)
            position.text = f"{state.offset + 1 if page.total else 0}–{last} of {page.total} records"
            set_usable(previous, state.offset > 0)
            set_usable(following, last < page.total)

        def toggle_deleted(shown: bool) -> None:
            state.include_deleted, state.offset = shown, 0
            with grid.props.suspend_updates():
                grid.options["columnDefs"] = column_defs(spec, custom, editable=editable, deleted=shown,
                                                         arrangement=chooser.columns)
            grid.run_grid_method("setGridOption", "columnDefs", grid.options["columnDefs"])
            load()

        def changed(sentence: str) -> None:
            problem.text = "" if sentence.startswith(DONE_SENTENCES) else sentence
            if not problem.text:
                ui.notify(sentence, type="positive")
            load(keep_problem=True)

        def export_now() -> None:
            try:
                spec_, header, rows = export_rows(context().engine, identity.actor, entity, state.where or None,
                                                  include_deleted=state.include_deleted)
            except UserFacingError as error:
                problem.text = str(error)
                return
            ui.download.content(as_xlsx(spec_.name, header, rows), f"{spec_.name}.xlsx", media_type=XLSX)

        def filter_now() -> None:
            state.box, state.offset = (where.value or "").strip(), 0
            load()

        def filtered_by_headers(event: events.GenericEventArguments) -> None:
            try:
                state.columns = column_filter_text(event.args if isinstance(event.args, dict) else {}, known)
            except UserFacingError as error:
                problem.text = str(error)
                return
            state.offset = 0
            load()

        def move(step: int) -> None:
            state.offset = max(0, state.offset + step * PAGE_SIZE)
            load()

        def sorted_by_header(event: events.GenericEventArguments) -> None:
            columns = event.args if isinstance(event.args, list) else []
            chosen = next((column for column in columns if isinstance(column, dict) and column.get("sort")), None)
            state.sort = None if chosen is None else ("-" if chosen["sort"] == "desc" else "") + chosen["colId"]
            state.offset = 0
            load()

        def edited(event: events.GenericEventArguments) -> None:
            arguments: dict[str, Any] = event.args
            name, record = arguments.get("colId"), arguments.get("data") or {}
            if current_identity() is None:
                ui.notify("You were signed out; sign in again to edit.", type="negative")
                return
            try:
                change = service.update(entity, str(record[key]), {name: typed_text(arguments.get("newValue"))})
            except UserFacingError as error:
                ui.notify(str(error), type="negative", multi_line=True, close_button=True, timeout=0)
                problem.text = str(error)
                load(keep_problem=True)
                return
            problem.text = ""
            ui.notify(f"Saved {record[key]}: {name} is now {change.after.get(name, arguments.get('newValue'))}."
                      if change.after else f"{record[key]}: nothing changed.", type="positive")
            load()

        apply.on_click(filter_now)
        export.on_click(export_now)
        where.on("keydown.enter", filter_now)
        previous.on_click(lambda: move(-1))
        following.on_click(lambda: move(1))
        # the sorted column comes with the event (no second round trip to ask the browser for it)
        grid.on("sortChanged", sorted_by_header, js_handler=(
            f"() => emit(getElement({grid.id}).api.getColumnState()"
            ".filter(c => c.sort).map(c => ({colId: c.colId, sort: c.sort})))"))
        grid.on("filterChanged", filtered_by_headers,
                js_handler=f"() => emit(getElement({grid.id}).api.getFilterModel())")
        grid.on("cellValueChanged", edited)
        chooser.attach(grid)
        grid.on("gridReady", lambda: setattr(state, "shown", True))

        def details(event: events.GenericEventArguments) -> None:
            if event.args.get("colId") == key and (event.args.get("data") or {}).get(key) is not None:
                open_details(service, spec, custom, key, str(event.args["data"][key]), editable=editable, saved=changed)

        grid.on("cellClicked", details)
        if editable:
            with bulk_bar:
                bulk_edit_bar(grid, service, spec, custom, key, lambda: state.where, changed)
            delete.on_click(lambda: change_selected_state(grid, service, spec, key, DELETED, on=True, done=changed))
            restore.on_click(lambda: change_selected_state(grid, service, spec, key, DELETED, on=False, done=changed))
        load()
        open_linked_record(service, spec, custom, key, editable=editable, saved=changed)
