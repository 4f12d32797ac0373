"""Opening a record's details drawer from an address: ``/cpus?record=7`` (the Audit page's *Open record* link)."""

from __future__ import annotations

from collections.abc import Callable

from nicegui import ui

from dealbrain.errors import UserFacingError
from dealbrain.records import RecordService
from dealbrain.specs import EntitySpec, FieldSpec
from workspace.grid.details import open_details


def open_linked_record(service: RecordService, spec: EntitySpec, custom: list[FieldSpec], key: str, *,
                       editable: bool, saved: Callable[[str], None]) -> None:
    """Open the drawer of the record the address's ``record`` (an id) names; a bad id is said, not raised."""
    wanted = (ui.context.client.request.query_params.get("record") or "").strip()
    if not wanted:
        return
    if not wanted.isdigit():
        saved(f"The address names record {wanted!r}; a record is named by its numeric id, e.g. ?record=7.")
        return
    try:
        record_key = service.key_of(spec.name, int(wanted))
    except UserFacingError as error:
        saved(str(error))
        return
    open_details(service, spec, custom, key, record_key, editable=editable, saved=saved)
