"""The grid's columns and rows: standard and custom fields as AG Grid column definitions, in the user's order.

Cells are plain text values (AG Grid renders them as text, escaped), lists
joined with commas. Only standard, non-key fields are editable inline, and only
for a role that may edit records; custom fields are edited in the drawer.
Columns come in the order the user chose (`dealbrain.preferences`), hidden
ones defined but hidden; each has its header filter (`column_filters`).
The server sorts: AG Grid's own comparator keeps the page in the order it came.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dealbrain.preferences import GridColumn
from dealbrain.specs import EntitySpec, FieldSpec, FieldType
from dealbrain.store.records import natural_key_field
from workspace.grid.column_filters import filter_def
from workspace.grid.disabled_rows import state_column

NOT_INLINE = (FieldType.PORTS, FieldType.MULTI_ENUM, FieldType.TEXT)
NUMERIC = (FieldType.INTEGER, FieldType.NUMBER)
KEEP_SERVER_ORDER = "() => 0"
"""AG Grid's sort comparator: every pair equal, so its stable sort leaves the server's order as it is."""


def column_labels(spec: EntitySpec, custom: Sequence[FieldSpec]) -> dict[str, str]:
    """Each column's header: the field's label, custom fields marked."""
    return {field.name: field.display_label for field in spec.fields} | {
        field.name: f"{field.display_label} (custom)" for field in custom}


def column_defs(
    spec: EntitySpec, custom: Sequence[FieldSpec], *, editable: bool, deleted: bool = False,
    arrangement: Sequence[GridColumn] = (),
) -> list[dict[str, Any]]:
    """The fields in ``arrangement``'s order (the rest after), hidden ones hidden; a selection box on the key for
    editors, and *Deleted at* after the key when deleted records are shown."""
    key = natural_key_field(spec).name
    labels = column_labels(spec, custom)
    standard = {field.name for field in spec.fields}
    by_name = {field.name: field for field in (*spec.fields, *custom)}
    hidden = {column.field for column in arrangement if not column.visible and column.field != key}
    order = [column.field for column in arrangement if column.field in by_name]
    order += [name for name in by_name if name not in order]
    columns: list[dict[str, Any]] = []
    for name in order:
        field = by_name[name]
        inline = editable and name in standard and name != key and field.type not in NOT_INLINE
        columns.append({
            "field": name, "colId": name, "headerName": labels[name], "editable": inline, "sortable": True,
            "hide": name in hidden, **filter_def(field),
            **({"pinned": "left", "lockPosition": "left"} if name == key else {}),
            **({"checkboxSelection": True, "headerCheckboxSelection": True} if editable and name == key else {}),
            **({"type": "rightAligned"} if field.type in NUMERIC else {}),
        })
    columns.insert(1, state_column(spec))  # the state badges (`workspace.grid.disabled_rows`)
    if deleted:
        columns.insert(1, {"field": "deleted_at", "colId": "deleted_at", "headerName": "Deleted at",
                           "editable": False, "sortable": False, "filter": False})
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
