"""Imports: drop a file, declare each sheet's entity or pick a profile, preview it as a real Dagster run, commit.

A committed session can be saved as an import profile; the session list
shows the profile version each session used.

The page only translates: `ImportsDesk` does the work (the API's launch path)
and checks each permission. A run takes seconds, so it goes on in a worker
thread while the page shows a spinner and what is happening. ``?session=ID``
opens a session (the Audit page links here).
"""

from __future__ import annotations

from typing import Any

from nicegui import events, run, ui

from dealbrain.auth import Actor, Permission
from workspace.admin.imports_desk import ImportsDesk, ReceivedFile
from workspace.admin.refusals import REFUSALS, done, say
from workspace.admin.session_panel import session_list, session_panel
from workspace.admin.tables import labelled, text_table
from workspace.context import context
from workspace.layout import page_frame

NOT_DECLARED = ""
NO_PROFILE = ""
ACCEPTED = ".xlsx,.csv,.tsv,.txt"


def build(path: str) -> None:
    with page_frame("Imports", path) as identity:
        if identity is None:
            return
        chosen = ui.context.client.request.query_params.get("session")
        ImportsPage(identity.actor).show(chosen)


class ImportsPage:
    def __init__(self, actor: Actor) -> None:
        settings = context().settings
        self.actor = actor
        self.desk = ImportsDesk(settings, context().engine, actor)
        self.max_bytes = settings.api_max_upload_bytes
        self.received: ReceivedFile | None = None
        self.selected: str | None = None
        self.declared: dict[str, str] = {}
        self.inferred: dict[str, str] = {}
        self.profile: str = NO_PROFILE

    def show(self, chosen: str | None) -> None:
        self.selected = chosen
        if self.actor.can(Permission.IMPORT_PREVIEW):
            # Quasar's own add button nests its file input inside a button (unlabelled for screen readers):
            # it is hidden, and a labelled button opens the same file picker; dropping a file works as before.
            ui.add_css(".workspace-upload .q-uploader__header .q-btn { display: none; }")
            with ui.row().classes("items-center gap-3 w-full"):
                upload = ui.upload(label="Drop a file here (.xlsx, .csv, .tsv, .json, .jsonl)", auto_upload=True,
                                   max_file_size=self.max_bytes, on_upload=self._received, on_rejected=self._rejected)
                upload.props(f'accept="{ACCEPTED}" flat bordered').classes("w-full max-w-xl workspace-upload")
                ui.button("Choose a file", icon="upload_file", on_click=lambda: upload.run_method("pickFiles")).props(
                    "outline")
        else:
            ui.label("You are signed in as an analyst: you can read import sessions, not upload or commit files.")
        self.alert = ui.label("").classes("text-negative").props('role="alert"')
        with ui.row().classes("items-center gap-2").props('role="status" aria-live="polite"') as self.progress:
            ui.spinner(size="md")
            self.progress_text = ui.label("")
        self.progress.set_visibility(False)
        self.declaration()
        self.current()
        ui.label("Import sessions").classes("text-xl font-semibold mt-4").props('role="heading" aria-level="2"')
        self.sessions()

    async def _received(self, event: events.UploadEventArguments) -> None:
        data = await event.file.read()
        self.alert.text = ""
        try:
            self.received = await run.io_bound(self.desk.receive, event.file.name, data)
        except REFUSALS as refusal:
            say(self.alert, str(refusal))
            return
        finally:
            event.sender.reset()
        self.declared = {sheet.sheet: sheet.inferred or NOT_DECLARED for sheet in self.received.sheets}
        self.inferred = dict(self.declared)
        self.profile = NO_PROFILE
        self.declaration.refresh()

    def _rejected(self) -> None:
        say(self.alert, f"That file was not accepted: upload one .xlsx, .csv or .tsv file of at most "
                        f"{self.max_bytes // (1024 * 1024)} MB.")

    @ui.refreshable
    def declaration(self) -> None:
        received = self.received
        if received is None:
            return
        with ui.card().classes("w-full max-w-3xl"):
            ui.label(f"{received.name}: which entity does each sheet hold?").classes("font-semibold").props(
                'role="heading" aria-level="2"')
            rows = [{"sheet": sheet.sheet, "rows": sheet.rows, "choice": sheet} for sheet in received.sheets]
            text_table("Sheets and their entities", (("sheet", "Sheet"), ("rows", "Rows"), ("choice", "Entity")), rows,
                       cells={"choice": self._entity_select}, empty="The file has no sheet with data.")
            self._profile_select()
            with ui.row().classes("gap-2"):
                ui.button("Start the preview", icon="play_arrow", on_click=self._preview).props("color=primary")
                ui.button("Cancel", on_click=self._cancel).props("flat")

    def _entity_select(self, row: dict[str, Any]) -> None:
        sheet = row["choice"]
        options = {NOT_DECLARED: "not declared (inferred, or skipped)"}
        options |= {entity: f"{entity} ({score:.0%})" for entity, score in sheet.ranked}
        choice = ui.select(options, value=self.declared.get(sheet.sheet, NOT_DECLARED),
                           on_change=lambda e: self.declared.__setitem__(sheet.sheet, e.value or NOT_DECLARED))
        labelled(choice.props("outlined dense").classes("w-72"), f"Entity of sheet {sheet.sheet}")

    def _profile_select(self) -> None:
        """The import profile to start from; with one, only the entities changed here win over the profile's."""
        try:
            profiles = self.desk.profiles()
        except REFUSALS as refusal:
            ui.label(str(refusal)).classes("text-negative")
            return
        options = {NO_PROFILE: "no profile"} | {p.name: f"{p.name} (version {p.current_version})" for p in profiles}
        choice = ui.select(options, value=self.profile, on_change=lambda e: setattr(self, "profile", e.value or NO_PROFILE))
        labelled(choice.props("outlined dense").classes("w-72"), "Import profile")

    def _cancel(self) -> None:
        if self.received is not None:
            self.desk.discard(self.received)
        self.received = None
        self.declaration.refresh()

    async def _preview(self) -> None:
        received = self.received
        if received is None:
            return
        declared = {sheet: entity for sheet, entity in self.declared.items() if entity != NOT_DECLARED
                    and (not self.profile or entity != self.inferred.get(sheet))}
        snapshot = await self._working(f"Previewing {received.name}: an import_workbook run on the Dagster instance…",
                                       self.desk.preview, received, declared, self.profile or None)
        if snapshot is None:
            return
        self.received = None
        self.selected = snapshot["id"]
        self.declaration.refresh()
        self.current.refresh()
        self.sessions.refresh()

    async def _commit(self, session_id: str) -> None:
        snapshot = await self._working(f"Committing session {session_id}: a commit run on the Dagster instance…",
                                       self.desk.commit, session_id)
        if snapshot is not None:
            done(f"Session {session_id} committed.")
        self.current.refresh()
        self.sessions.refresh()

    async def _working(self, what: str, action: Any, *args: Any) -> Any:
        """Run ``action`` in a worker thread with the spinner showing ``what``; None after showing a refusal."""
        self.alert.text = ""
        self.progress_text.text = what
        self.progress.set_visibility(True)
        try:
            return await run.io_bound(action, *args)
        except REFUSALS as refusal:
            say(self.alert, str(refusal))
            return None
        finally:
            self.progress.set_visibility(False)

    @ui.refreshable
    def current(self) -> None:
        if self.selected is None:
            return
        try:
            snapshot = self.desk.session(self.selected)
        except REFUSALS as refusal:
            ui.label(str(refusal)).classes("text-negative")
            return
        session_panel(self.desk, self.actor, snapshot, on_commit=self._commit)

    def _open(self, session_id: str) -> None:
        self.selected = session_id
        self.current.refresh()

    @ui.refreshable
    def sessions(self) -> None:
        try:
            snapshots = self.desk.sessions()
        except REFUSALS as refusal:
            ui.label(str(refusal)).classes("text-negative")
            return
        session_list(snapshots, on_open=self._open)
