"""One import session as the Imports page shows it: verdict, blocking reasons, counts, links, workbook, commit, profile.

Drawn from the API's session snapshot (`api.session_snapshot`) through
`ImportsDesk`; every text in it (file name, sheet names, reasons quoting
cells) is a `ui.label`, so nothing from a file becomes markup.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from dealbrain.auth import Actor, Permission
from workspace.admin.imports_desk import ImportsDesk, verdict_of
from workspace.admin.profile_saver import profile_saver
from workspace.admin.refusals import say
from workspace.admin.tables import labelled, text_table



def when(snapshot: dict[str, Any]) -> str:
    moment = snapshot.get("created_at")
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment else ""


def session_panel(
    desk: ImportsDesk, actor: Actor, snapshot: dict[str, Any], *, on_commit: Callable[[str], Awaitable[None]]
) -> None:
    """The session's card; ``on_commit(session_id)`` runs when the (enabled) Commit button is pressed."""
    verdict = verdict_of(snapshot)
    with ui.card().classes("w-full workspace-session").props(f'data-session="{snapshot["id"]}"'):
        ui.label(f"Session {snapshot['id']}").classes("text-lg font-semibold").props('role="heading" aria-level="2"')
        ui.label(f"{snapshot['filename']} · uploaded by {snapshot.get('created_by') or '?'} · {when(snapshot)}")
        if snapshot.get("profile"):
            ui.label(f"Import profile {snapshot['profile']}").classes("workspace-session-profile")
        tone = "text-green-10" if verdict.ready or snapshot.get("status") == "committed" else "text-negative"
        ui.label(verdict.text).classes(f"text-base font-semibold {tone} workspace-verdict")
        reasons = snapshot.get("blocking") or []
        if reasons:
            ui.label("Blocking reasons:")
            with ui.element("ul").classes("list-disc pl-6"):
                for reason in reasons:
                    with ui.element("li"):
                        ui.label(reason)
        for title, lines in (("Warnings", snapshot.get("warnings") or []), ("Errors", snapshot.get("errors") or [])):
            if lines:
                ui.label(f"{title}:")
                with ui.element("ul").classes("list-disc pl-6"):
                    for line in lines:
                        with ui.element("li"):
                            ui.label(line)
        written = snapshot.get("result", {}).get("counts")
        counts = written or snapshot.get("counts") or {}
        rows = [{"entity": entity, **values} for entity, values in counts.items() if isinstance(values, dict)]
        if rows:
            ui.label("Written:" if written else "Planned by the preview:")
            names = list(dict.fromkeys(name for row in rows for name in row if name != "entity"))
            columns = [("entity", "Entity"), *((name, name.replace("_", " ").capitalize()) for name in names)]
            text_table(f"Counts of session {snapshot['id']}", columns, rows)
        with ui.row().classes("items-center gap-4"):
            links = desk.dagster_links(snapshot)
            ui.link("Open the preview in the Dagster UI", links["preview"], new_tab=True)
            if "run" in links:
                ui.link("Open its last run", links["run"], new_tab=True)
            if snapshot.get("error_workbook_available"):
                ui.button("Download the error workbook", icon="download",
                          on_click=lambda: _download(desk, snapshot)).props("outline")
            if actor.can(Permission.IMPORT_COMMIT) and snapshot.get("status") not in ("committed", "undone"):
                commit = ui.button("Commit", icon="check", on_click=lambda: on_commit(snapshot["id"]))
                commit.props("color=primary").set_enabled(verdict.ready)
                if not verdict.ready:
                    ui.label("Commit is possible once the preview is ready.").classes("text-gray-800")
        profile_saver(desk, actor, snapshot)


def _download(desk: ImportsDesk, snapshot: dict[str, Any]) -> None:
    path = desk.error_workbook(snapshot["id"])
    if path is None:
        say(None, "This session's last preview left no error workbook.")
        return
    ui.download.file(path, f"{snapshot['id']}-errors.xlsx")


def session_list(snapshots: list[dict[str, Any]], *, on_open: Callable[[str], None]) -> None:
    """File, who, when, verdict and profile version of each session, newest first, each with an Open button."""
    rows = [{"file": s["filename"], "who": s.get("created_by"), "when": when(s), "verdict": verdict_of(s).text,
             "profile": s.get("profile") or "", "id": s["id"]} for s in snapshots]
    columns = (("file", "File"), ("who", "Who"), ("when", "When"), ("verdict", "Verdict"), ("profile", "Profile"),
               ("id", "Session"))
    text_table("Import sessions", columns, rows, empty="No import sessions yet.",
               actions=lambda row: labelled(ui.button("Open", on_click=lambda: on_open(row["id"])).props("flat dense"),
                                            f"Open session {row['id']}"))
