"""The grid's columns and rows: standard fields, then custom fields, as AG Grid column definitions.

Cells are plain text values (AG Grid renders them as text, escaped), lists
joined with commas. Only standard, non-key fields are editable inline, and only
for a role that may edit records; custom fields are edited in the drawer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dealbrain.specs import EntitySpec, FieldSpec, FieldType
from dealbrain.store.records import natural_key_field
from workspace.grid.disabled_rows import STATE_COLUMN

NOT_INLINE = (FieldType.PORTS, FieldType.MULTI_ENUM, FieldType.TEXT)
NUMERIC = (FieldType.INTEGER, FieldType.NUMBER)


def column_defs(
    spec: EntitySpec, custom: Sequence[FieldSpec], *, editable: bool, deleted: bool = False
) -> list[dict[str, Any]]:
    """Standard then custom fields; a selection box on the key for editors, and *Deleted at* when deleted are shown."""
    key = natural_key_field(spec).name
    columns: list[dict[str, Any]] = []
    for field in spec.fields:
        inline = editable and field.name != key and field.type not in NOT_INLINE
        columns.append({
            "field": field.name, "headerName": field.display_label, "editable": inline, "sortable": True,
            **({"pinned": "left"} if field.name == key else {}),
            **({"checkboxSelection": True, "headerCheckboxSelection": True} if editable and field.name == key else {}),
            **({"type": "rightAligned"} if field.type in NUMERIC else {}),
        })
    for field in custom:
        columns.append({"field": field.name, "headerName": f"{field.display_label} (custom)", "editable": False,
                        "sortable": True})
    columns.insert(1, STATE_COLUMN)  # the *disabled* badge (`workspace.grid.disabled_rows`)
    if deleted:
        columns.insert(1, {"field": "deleted_at", "headerName": "Deleted at", "editable": False, "sortable": False})
    return columns


def cell(value: Any) -> Any:
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{name}: {count}" for name, count in value.items())
    return value


def grid_rows(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Listing documents as flat grid rows (custom attributes beside the standard fields)."""
    rows = []
    for record in records:
        attributes = record.get("attributes") or {}
        row = {name: cell(value) for name, value in record.items() if name != "attributes"}
        row |= {name: cell(value) for name, value in attributes.items()}
        rows.append(row)
    return rows


def typed_text(value: Any) -> str | None:
    """A cell's new value as the text an import would read (the service coerces it like a spreadsheet cell)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
