"""Reporting changes made outside a run (record edits, bulk edits, undos) to the Dagster instance.

The record service and undo announce a `TableChange` once their transaction
committed (`dealbrain.store.table_changes`). The CLI and the API listen with
`dagster_table_reporter` for the duration of a command or request, which
reports one runless materialization per changed reference table, with the
same metadata a commit's materialization carries (row count, schema, column
lineage) plus the counts and the edit or undo session. So a table's history
in the asset catalog lists every change, not only the runs.
"""

from __future__ import annotations

from sqlalchemy import Engine

from dealbrain.settings import ImporterSettings
from dealbrain.store.table_changes import UNDO, Listener, TableChange

CHANGE_TAG = "dealbrain/change"


def session_metadata(change: TableChange) -> dict[str, str]:
    """The id an analyst follows back: the edit session, or the session an undo reverted."""
    name = "undone_session" if change.kind == UNDO else "edit_session"
    return {name: change.session_id, "change": change.kind, "actor": change.actor}


def report_table_change(instance: object, engine: Engine, change: TableChange) -> int:
    """Report a runless materialization of every table ``change`` changed on ``instance``; how many."""
    from assets.reference_tables import table_materializations

    events = table_materializations(engine, change.counts, ("updated", "deleted", "restored"), **session_metadata(change))
    for event in events:
        instance.report_runless_asset_event(event)  # type: ignore[attr-defined]
    return len(events)


def dagster_table_reporter(settings: ImporterSettings, engine: Engine) -> Listener:
    """A listener reporting to the shared instance of ``settings`` (the one `importer ui` serves).

    Dagster is imported and the instance opened when a change is first
    reported, not before, so commands that change nothing start as fast as
    ever; the instance is then kept for the listener's later reports.
    """
    opened: list[object] = []

    def report(change: TableChange) -> None:
        from pipelines.launch import shared_instance

        if not opened:
            opened.append(shared_instance(settings))
        report_table_change(opened[0], engine, change)

    return report
