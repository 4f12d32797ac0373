"""Audit: the audit log with the CLI's filters, a page at a time, each event linked to its session or record."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from nicegui import ui

from dealbrain.audit import AuditAction
from dealbrain.auth import Actor
from dealbrain.specs import ENTITY_NAMES
from workspace.admin.audit_reader import AuditCriteria, AuditPage, event_links, read_audit_page
from workspace.admin.refusals import attempt
from workspace.admin.tables import labelled, text_table
from workspace.context import context, href
from workspace.layout import page_frame

PAGE_SIZE = 50
DETAILS_WIDTH = 160
COLUMNS = (("time", "Time (UTC)"), ("actor", "Actor"), ("action", "Action"), ("entity", "Entity"),
           ("session", "Session"), ("details", "Details"))


def build(path: str) -> None:
    with page_frame("Audit", path) as identity:
        if identity is None:
            return
        params = ui.context.client.request.query_params
        AuditView(identity.actor, AuditCriteria(session=params.get("session", ""))).show()


class AuditView:
    def __init__(self, actor: Actor, criteria: AuditCriteria) -> None:
        self.actor = actor
        self.criteria = criteria
        self.offset = 0

    def show(self) -> None:
        with ui.row().classes("items-end gap-3"):
            self._text("session", "Session")
            ui.select({"": "any entity", **{name: name for name in ENTITY_NAMES}}, value="", label="Entity",
                      on_change=lambda e: self._set("entity", e.value or "")).props("outlined dense").classes("w-40")
            self._text("actor", "Actor")
            ui.select({"": "any action", **{a.value: a.value for a in AuditAction}}, value="", label="Action",
                      on_change=lambda e: self._set("action", e.value or "")).props("outlined dense").classes("w-56")
            self._text("since", "Since (date)", kind="date")
            self._text("until", "Until (date, included)", kind="date")
        self.alert = ui.label("").classes("text-negative").props('role="alert"')
        self.events()

    def _text(self, name: str, label: str, *, kind: str = "text") -> None:
        ui.input(label, value=getattr(self.criteria, name), on_change=lambda e: self._set(name, e.value or "")).props(
            f"outlined dense type={kind} stack-label debounce=400").classes("w-48")

    def _set(self, name: str, value: str) -> None:
        setattr(self.criteria, name, value)
        self.offset = 0
        self.events.refresh()

    def _page(self, offset: int) -> None:
        self.offset = max(0, offset)
        self.events.refresh()

    @ui.refreshable
    def events(self) -> None:
        self.alert.text = ""
        page: AuditPage | None = attempt(self.alert, read_audit_page, context().engine, self.actor, self.criteria,
                                         offset=self.offset, limit=PAGE_SIZE)
        if page is None:
            return
        rows = [{**event, "details": _details(event["payload"])} for event in page.events]
        text_table("Audit events, newest first", COLUMNS, rows, cells={"session": _session_cell},
                   actions=_links, empty="No audit events match these filters.")
        with ui.row().classes("items-center gap-3"):
            newer = ui.button("Newer", icon="chevron_left", on_click=lambda: self._page(self.offset - PAGE_SIZE))
            newer.props("flat").set_enabled(page.offset > 0)
            first, last = page.offset + 1, page.offset + len(page.events)
            ui.label(f"Events {first}-{last}" if page.events else "No events")
            older = ui.button("Older", icon="chevron_right", on_click=lambda: self._page(self.offset + PAGE_SIZE))
            older.props("flat").set_enabled(page.has_older)


def _details(payload: Mapping[str, Any]) -> str:
    text = json.dumps(payload, separators=(", ", ": "), ensure_ascii=False, default=str)
    return text if len(text) <= DETAILS_WIDTH else text[: DETAILS_WIDTH - 1] + "…"


def _session_cell(row: Mapping[str, Any]) -> None:
    ui.label(row.get("session") or "").classes("font-mono text-sm")


def _links(row: Mapping[str, Any]) -> None:
    links = event_links(dict(row), context().settings.dagster_ui_url)
    if "session" in links:
        labelled(ui.link("Open session", href(links["session"])), f"Open session {row['session']}")
    if "dagster" in links:
        labelled(ui.link("In Dagster", links["dagster"], new_tab=True), f"Open session {row['session']} in the Dagster UI")
    if "record" in links:
        record_id = links["record"].rsplit("=", 1)[1]
        labelled(ui.link("Open record", href(links["record"])), f"Open {row['entity']} record {record_id}")
