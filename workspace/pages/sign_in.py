"""Token sign-in (authentication on): the token is checked and kept server-side, never put in the address."""

from __future__ import annotations

from nicegui import ui
from dealbrain.auth import AuthenticationError
from workspace.context import context, href
from workspace.identity import sign_in
from workspace.layout import heading, use_colours


def build(path: str) -> None:
    ui.page_title("Sign in · Deal Brain workspace")
    use_colours()
    request = ui.context.client.request
    address = request.client.host if request.client else "unknown"
    with ui.column().classes("max-w-md mx-auto mt-16 gap-4"):
        heading("Sign in to the Deal Brain workspace")
        if not context().settings.auth_enabled:
            ui.label(f"Authentication is off: the workspace acts as the local user {context().settings.actor}.")
            ui.link("Open the workspace", href("/"))
            return
        ui.label("Paste your user token. An admin issues one with `importer users add` or `importer users token`.")
        token = ui.input("User token", password=True).props('autocomplete=off outlined aria-label="User token"')
        token.classes("w-full")
        message = ui.label("").classes("text-negative").props('role="alert"')

        def submit() -> None:
            try:
                sign_in(token.value or "", address)
            except AuthenticationError as error:
                token.value = ""
                message.text = str(error)
                return
            token.value = ""
            ui.navigate.to(href("/"))

        token.on("keydown.enter", submit)
        ui.button("Sign in", on_click=submit)
