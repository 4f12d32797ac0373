"""One entity's grid page (first cut: the first page of records, read through the records listing)."""

from __future__ import annotations

from nicegui import ui

from api.records_query import list_records
from dealbrain.errors import UserFacingError
from workspace.context import context
from workspace.layout import page_frame

PAGE_SIZE = 50


def records_page(entity: str, label: str, path: str) -> None:
    with page_frame(label, path) as identity:
        if identity is None:
            return
        try:
            page = list_records(context().engine, identity.actor, entity, where=None, sort=None, limit=PAGE_SIZE,
                                offset=0, fields=None)
        except UserFacingError as error:
            ui.label(str(error)).classes("text-negative")
            return
        ui.label(f"{page.total} records")
        columns = sorted({name for record in page.records for name in record if name != "attributes"})
        ui.aggrid({"columnDefs": [{"field": name} for name in columns], "rowData": page.records})
