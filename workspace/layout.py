"""The frame of every page: a header with the signed-in user and role, and the navigation drawer.

`page_frame(title)` yields the `Identity` of the user, or None after sending an
unsigned browser to the sign-in page (authentication on), so a page body is
only built for someone the services will recognise. Navigation comes from the
one registry, `workspace.pages.PAGES`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from nicegui import ui
from nicegui.elements.mixins.text_element import TextElement

from workspace.context import href
from workspace.identity import Identity, current_identity, sign_out


def _navigation(current_path: str) -> None:
    from workspace.pages import PAGES

    with ui.element("nav").classes("flex flex-col gap-0 w-full").props('aria-label="Workspace"'):
        section = None
        for page in PAGES:
            if not page.in_navigation:
                continue
            if page.section != section:
                section = page.section
                if section:
                    ui.label(section).classes("text-xs uppercase text-gray-700 mt-3 mb-1")
            link = ui.link(page.label, href(page.path)).classes("py-1 no-underline text-base")
            link.classes("font-bold text-primary" if page.path == current_path else "text-gray-900")
            if page.section:
                link.classes("pl-3")


PRIMARY = "#1d4ed8"
"""A blue dark enough for white text and for links on white (WCAG AA contrast)."""
POSITIVE = "#2e7d32"
"""A green dark enough for the white text of a notification that something was done (Quasar's own is not)."""


def use_colours() -> None:
    ui.colors(primary=PRIMARY, positive=POSITIVE)
    ui.add_css(f".nicegui-link {{ color: {PRIMARY}; }}")


def heading(text: str, level: int = 1) -> TextElement:
    """A real ``<hN>`` with escaped text (screen readers and axe find the page's headings)."""
    return TextElement(tag=f"h{level}", text=text).classes("text-2xl font-semibold" if level == 1 else "text-lg font-semibold")


def _sign_out() -> None:
    sign_out()
    ui.navigate.to(href("/sign-in"))


@contextmanager
def page_frame(title: str, path: str) -> Iterator[Identity | None]:
    identity = current_identity()
    if identity is None:
        ui.navigate.to(href("/sign-in"))
        yield None
        return
    ui.page_title(f"{title} · Deal Brain workspace")
    use_colours()
    with ui.header().classes("items-center justify-between bg-primary text-white"):
        ui.label("Deal Brain workspace").classes("text-lg font-bold")
        with ui.row().classes("items-center gap-3"):
            ui.label(identity.description).classes("workspace-identity").props(f'data-role="{identity.actor.role.value}"')
            if identity.authentication_on:
                ui.button("Sign out", on_click=_sign_out).props("flat color=white")
    with ui.left_drawer(value=True, fixed=True).classes("bg-gray-50").props("width=220 bordered"):
        _navigation(path)
    with ui.column().classes("w-full gap-3"):  # inside NiceGUI's own <main class="q-page">
        heading(title)
        yield identity
