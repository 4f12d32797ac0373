"""A plain HTML table of text cells, for screen readers and keyboards alike.

Every cell is a `ui.label` (text, escaped by the browser's text node), so a
value from a file or a user can never become markup. ``actions`` adds a last
column of real buttons per row.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from nicegui import ui

Cell = Callable[[Mapping[str, Any]], None]


def text_table(
    caption: str,
    columns: Sequence[tuple[str, str]],
    rows: Sequence[Mapping[str, Any]],
    *,
    cells: Mapping[str, Cell] | None = None,
    actions: Callable[[Mapping[str, Any]], None] | None = None,
    empty: str = "Nothing to show.",
) -> ui.element:
    """``columns`` are (key, heading); ``cells[key]`` draws a cell itself (a link, a badge) instead of its text."""
    if not rows:
        return ui.label(empty).classes("text-gray-800")
    drawn = dict(cells or {})
    with ui.element("table").classes("workspace-table w-full text-left border-collapse") as table:
        with ui.element("caption").classes("sr-only"):
            ui.label(caption)
        with ui.element("thead"), ui.element("tr").classes("border-b"):
            for _, heading in columns:
                with ui.element("th").props('scope="col"').classes("px-2 py-1 font-semibold"):
                    ui.label(heading)
            if actions:
                with ui.element("th").props('scope="col"').classes("px-2 py-1 font-semibold"):
                    ui.label("Actions")
        with ui.element("tbody"):
            for row in rows:
                with ui.element("tr").classes("border-b align-top"):
                    for key, _ in columns:
                        with ui.element("td").classes("px-2 py-1"):
                            if key in drawn:
                                drawn[key](row)
                            else:
                                ui.label(_text(row.get(key)))
                    if actions:
                        with ui.element("td").classes("px-2 py-1"), ui.row().classes("gap-1"):
                            actions(row)
    return table


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(item) for item in value)
    return str(value)


def labelled(element: Any, label: str) -> Any:
    """``element`` with ``aria-label`` set as a prop value (never parsed from a props string, so any text is safe)."""
    element.props["aria-label"] = label
    return element
