"""Every request of the API reports the record edits and undos it makes to the app's Dagster instance.

A pure ASGI middleware: it listens for `TableChange` announcements for the
duration of each request (`dealbrain.store.table_changes.reporting_to`), so
routes need no Dagster code and the sync routes, run in worker threads with
a copy of the request's context, are covered too. When the instance cannot
be told, the change stands and the response says so in ``X-Importer-Warning``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine

from dealbrain.settings import ImporterSettings
from dealbrain.store.table_changes import TableChange, reporting_to, unreported

WARNING_HEADER = b"x-importer-warning"


class ReportTableChanges:
    """ASGI middleware: changes announced while a request runs become Dagster materializations."""

    def __init__(self, app: Any, settings: ImporterSettings, engine: Engine) -> None:
        from pipelines.table_events import dagster_table_reporter

        self.app = app
        self.report = dagster_table_reporter(settings, engine)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        warnings: list[str] = []

        def listener(change: TableChange) -> None:
            try:
                self.report(change)
            except Exception as error:
                warnings.append(unreported(change, error))
                raise

        async def send_with_warnings(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start" and warnings:
                text = " ".join(warnings).encode("latin-1", errors="replace")
                message = {**message, "headers": [*message.get("headers", []), (WARNING_HEADER, text)]}
            await send(message)

        with reporting_to(listener):
            await self.app(scope, receive, send_with_warnings)
