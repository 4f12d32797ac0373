"""Every request of the API reports the record edits and undos it makes to the app's Dagster instance.

A pure ASGI middleware: it listens for `TableChange` announcements for the
duration of each request (`dealbrain.store.table_changes.reporting_to`), so
routes need no Dagster code and the sync routes, run in worker threads with
a copy of the request's context, are covered too.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from dealbrain.settings import ImporterSettings
from dealbrain.store.table_changes import reporting_to


class ReportTableChanges:
    """ASGI middleware: changes announced while a request runs become Dagster materializations."""

    def __init__(self, app: Any, settings: ImporterSettings, engine: Engine) -> None:
        from pipelines.table_events import dagster_table_reporter

        self.app = app
        self.listener = dagster_table_reporter(settings, engine)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with reporting_to(self.listener):
            await self.app(scope, receive, send)
