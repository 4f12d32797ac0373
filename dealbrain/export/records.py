"""Stored records as a CSV or an xlsx file that the importer reads back as a no-op.

Headers are the field names (custom fields by key), which the mapper maps
exactly; references are written as the referenced record's name, lists
comma-separated, ports as their JSON list and dates as ISO text, all forms
the importer's coercion reads back to the stored value. Text is written as
text: in the xlsx every string cell is typed as a string (never a formula),
and in the CSV text that a spreadsheet would run as a formula is neutralised.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from sqlalchemy import Engine

from dealbrain.records.listing import selection, stored_frame
from dealbrain.auth import Actor, Permission, require
from dealbrain.specs import EntitySpec, FieldSpec, FieldType, get_entity_spec
from dealbrain.store.records import ATTRIBUTES


def _cell(spec: FieldSpec, value: Any) -> Any:
    if value is None:
        return None
    if spec.type is FieldType.PORTS:
        return json.dumps(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def export_rows(
    engine: Engine, actor: Actor, entity: str, where: str | None, *, include_deleted: bool = False
) -> tuple[EntitySpec, list[str], list[list[Any]]]:
    """The header and rows of every (or every selected) record of ``entity``, checked for ``read``."""
    spec = get_entity_spec(entity)
    require(engine, actor, Permission.READ, action="export records", entity=spec.name)
    frame, custom = stored_frame(engine, spec, include_deleted=include_deleted)
    if where and where.strip():
        frame = frame.filter(selection(spec, custom, where))
    columns: Sequence[FieldSpec] = [*spec.fields, *custom]
    header = [column.name for column in columns]
    rows = []
    for row in frame.to_dicts():
        attributes = json.loads(row[ATTRIBUTES] or "{}")
        rows.append([
            _cell(column, attributes.get(column.name) if column.custom else row[column.name]) for column in columns
        ])
    return spec, header, rows


def as_xlsx(sheet_name: str, header: list[str], rows: list[list[Any]]) -> bytes:
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = sheet_name[:31]
    sheet.append(header)
    for row in rows:
        sheet.append([None] * len(row))
        for index, value in enumerate(row, start=1):
            cell = sheet.cell(row=sheet.max_row, column=index)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
