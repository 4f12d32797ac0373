"""Disabled records in a grid: greyed rows with a *disabled* badge, a filter on the state, and the disable/enable buttons.

A disabled record stays listed: its row is greyed and its *State* cell
shows a badge (the text is set with ``textContent``, never as HTML). The
*State* select lists every record, only enabled ones or only disabled ones
(`RecordService.list`'s ``disabled``). *Disable selected* and *Enable
selected* open the same confirmation as delete and restore
(`workspace.grid.state_change`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from dealbrain.records import RecordService
from dealbrain.records.record_states import DISABLED
from dealbrain.specs import EntitySpec
from workspace.grid.state_change import change_selected_state

STATE_COLUMN: dict[str, Any] = {
    "field": "disabled", "colId": "disabled", "headerName": "State", "editable": False, "sortable": False,
    "width": 110, "minWidth": 100, "lockPosition": "left", "suppressMovable": True,
    ":cellRenderer": ("p => { if (p.value !== true) return ''; const badge = document.createElement('span');"
                      " badge.className = 'workspace-disabled-badge'; badge.textContent = 'disabled'; return badge; }"),
}
ROW_CLASS = {":getRowClass": "p => (p.data && p.data.disabled === true) ? 'workspace-disabled-row' : ''"}
"""Grid options greying a disabled record's row."""

CSS = """
.workspace-disabled-row { background-color: #eeeeee !important; color: #4a4a4a; font-style: italic; }
.workspace-disabled-badge { border: 1px solid #4a4a4a; border-radius: 0.6rem; padding: 0 0.5rem; color: #333333;
  background: #ffffff; font-style: normal; font-size: 0.8rem; }
"""
SHOWN = {"all": "all records", "enabled": "enabled only", "disabled": "disabled only"}
FILTERS: dict[str, bool | None] = {"all": None, "enabled": False, "disabled": True}


def state_filter(chosen: Callable[[bool | None], None]) -> None:
    """The *State* select; ``chosen`` gets None (all), False (enabled only) or True (disabled only)."""
    ui.add_css(CSS)
    ui.select(SHOWN, value="all", label="State", on_change=lambda event: chosen(FILTERS[event.value or "all"])).props(
        'outlined dense aria-label="State"').classes("w-36")


def disable_buttons(
    grid: Callable[[], Any], service: RecordService, spec: EntitySpec, key: str, done: Callable[[str], None]
) -> None:
    """*Disable selected* and *Enable selected*, each behind its confirmation; ``grid()`` gives the grid once built."""
    ui.button("Disable selected", on_click=lambda: change_selected_state(
        grid(), service, spec, key, DISABLED, on=True, done=done)).props("outline color=negative")
    ui.button("Enable selected", on_click=lambda: change_selected_state(
        grid(), service, spec, key, DISABLED, on=False, done=done)).props("outline")
