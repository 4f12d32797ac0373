"""A record's states in a grid: greyed disabled rows, the *State* badges and filter, the buttons that change them.

A disabled record stays listed: its row is greyed and its *State* cell
shows a *disabled* badge; a CPU, GPU or ports profile created from a
listing's names shows a *needs review* badge until it is marked reviewed
(badge text is set with ``textContent``, never as HTML). The *State* select
lists every record, only enabled ones or only disabled ones
(`RecordService.list`'s ``disabled``). *Disable selected*, *Enable selected*
and, where records carry the flag, *Mark reviewed* open the same
confirmation as delete and restore (`workspace.grid.state_change`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import ui

from dealbrain.records import RecordService
from dealbrain.records.record_states import DISABLED, NEEDS_REVIEW
from dealbrain.specs import EntitySpec
from workspace.grid.state_change import change_selected_state

REVIEW_STATE_WIDTH = 210
"""The *State* column of an entity whose records may need review: room for both badges."""
STATE_COLUMN: dict[str, Any] = {
    "field": "disabled", "colId": "disabled", "headerName": "State", "editable": False, "sortable": False,
    "lockPosition": "left", "suppressMovable": True,
    "width": 110, "minWidth": 100,
    ":cellRenderer": ("p => { const cell = document.createElement('span');"
                      " const add = (text) => { const badge = document.createElement('span');"
                      " badge.className = 'workspace-state-badge ' + (text === 'disabled' ? 'workspace-disabled-badge'"
                      " : 'workspace-review-badge'); badge.textContent = text; cell.appendChild(badge); };"
                      " if (p.value === true) add('disabled'); if (p.data && p.data.needs_review === true) add('needs review');"
                      " return cell; }"),
}


def state_column(spec: EntitySpec) -> dict[str, Any]:
    """The *State* column of ``spec``'s grid: wide enough for a *needs review* badge where records may carry one."""
    if not NEEDS_REVIEW.held_by(spec.name):
        return STATE_COLUMN
    return STATE_COLUMN | {"width": REVIEW_STATE_WIDTH, "minWidth": REVIEW_STATE_WIDTH - 10}


ROW_CLASS = {":getRowClass": "p => (p.data && p.data.disabled === true) ? 'workspace-disabled-row' : ''"}
"""Grid options greying a disabled record's row."""

CSS = """
.workspace-disabled-row { background-color: #eeeeee !important; color: #4a4a4a; font-style: italic; }
.workspace-state-badge { border: 1px solid #4a4a4a; border-radius: 0.6rem; padding: 0 0.5rem; color: #333333;
  background: #ffffff; font-style: normal; font-size: 0.8rem; margin-right: 0.25rem; }
.workspace-review-badge { border-color: #8a5300; color: #6b4000; background: #fff4e0; }
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
    """*Disable selected*, *Enable selected* and (where records carry the flag) *Mark reviewed*, each behind its
    confirmation; ``grid()`` gives the grid once built."""
    ui.button("Disable selected", on_click=lambda: change_selected_state(
        grid(), service, spec, key, DISABLED, on=True, done=done)).props("outline color=negative")
    ui.button("Enable selected", on_click=lambda: change_selected_state(
        grid(), service, spec, key, DISABLED, on=False, done=done)).props("outline")
    if NEEDS_REVIEW.held_by(spec.name):
        ui.button("Mark reviewed", on_click=lambda: change_selected_state(
            grid(), service, spec, key, NEEDS_REVIEW, on=False, done=done)).props("outline")
