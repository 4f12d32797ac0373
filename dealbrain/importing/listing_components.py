"""A listing row's component cells read into one component list, the one format for all of them.

The template's ``components`` cell is a JSON list of
``{component_type, name, quantity?, metadata_json?}`` and its
``other_components`` cell a JSON list of names (names separated by commas are
read too). Both become one list per row, kept as canonical JSON text in the
row's ``components`` column: items ``{component_type, name, quantity,
metadata, record}`` sorted by type and name, so two spellings of the same
list compare equal and a changed list is one field-level change in the
conflict diff. ``record`` is the name of the stored (or created) record the
component names, filled in by `dealbrain.importing.component_records`.

A cell that cannot be read is a row failure that shows its raw text. A
single CPU, GPU or ports component fills the listing's own reference when
that is empty (the template names its GPU only inside ``components``).
"""

from __future__ import annotations

import json
from typing import Any

import polars as pl

from dealbrain.importing.failures import FAILURE_COLUMNS
from dealbrain.importing.stages.typing import TypedSheet
from dealbrain.specs.components import (
    COMPONENT_TYPES,
    COMPONENTS_FIELD,
    LISTING_REFERENCE_OF_TYPE,
    OTHER_COMPONENT_TYPE,
    OTHER_COMPONENTS_FIELD,
)
from dealbrain.store.component_lists import canonical_components
from dealbrain.store.frames import SHEET, SOURCE_ROW

COMPONENTS = COMPONENTS_FIELD.name
OTHERS = OTHER_COMPONENTS_FIELD.name
_SHOWN = 120


class ComponentCellError(ValueError):
    """A component cell that is not a list of components; the message says what is wrong."""


def _metadata(item: dict[str, Any]) -> dict[str, Any]:
    value = item.get("metadata_json", item.get("metadata"))
    if value in (None, ""):
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            raise ComponentCellError(f"metadata_json of {item.get('name')!r} is not valid JSON") from None
    if not isinstance(value, dict):
        raise ComponentCellError(f"metadata_json of {item.get('name')!r} must be a JSON object")
    return value


def _component(item: Any, position: int) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise ComponentCellError(f"item {position} is not an object with component_type and name")
    kind = str(item.get("component_type") or "").strip().lower()
    name = str(item.get("name") or "").strip()
    if kind not in COMPONENT_TYPES:
        raise ComponentCellError(
            f"item {position} has component_type {item.get('component_type')!r}; use one of {', '.join(COMPONENT_TYPES)}"
        )
    if not name:
        raise ComponentCellError(f"item {position} ({kind}) has no name")
    quantity = item.get("quantity", 1)
    if isinstance(quantity, bool) or not isinstance(quantity, (int, float)) or quantity < 1 or int(quantity) != quantity:
        raise ComponentCellError(f"item {position} ({name}) has quantity {quantity!r}; use a whole number of at least 1")
    return {"component_type": kind, "name": name, "quantity": int(quantity), "metadata": _metadata(item)}


def parse_components_cell(text: str) -> list[dict[str, Any]]:
    """The components of a ``components`` cell: a JSON list of objects."""
    try:
        items = json.loads(text)
    except ValueError:
        raise ComponentCellError("is not valid JSON (expected a list such as [{\"component_type\": \"gpu\", \"name\": \"...\"}])") from None
    if isinstance(items, dict):
        items = [items]
    if not isinstance(items, list):
        raise ComponentCellError("must be a JSON list of components")
    return [_component(item, position) for position, item in enumerate(items, start=1)]


def parse_other_components_cell(text: str) -> list[dict[str, Any]]:
    """The components of an ``other_components`` cell: a JSON list of names, or names separated by commas."""
    stripped = text.strip()
    if stripped.startswith("["):
        try:
            names = json.loads(stripped)
        except ValueError:
            raise ComponentCellError("is not valid JSON (expected a list of names such as [\"Wi-Fi 6 card\"])") from None
        if not all(isinstance(name, str) for name in names):
            raise ComponentCellError("must be a list of names (strings)")
    else:
        names = stripped.split(",")
    return [
        {"component_type": OTHER_COMPONENT_TYPE, "name": name.strip(), "quantity": 1, "metadata": {}}
        for name in names
        if name.strip()
    ]


def _failure(sheet: TypedSheet, row: int, field: str, raw: str, reason: str) -> dict[str, Any]:
    shown = raw if len(raw) <= _SHOWN else raw[:_SHOWN] + "…"
    column = sheet.source_column(field) or field
    return {SHEET: sheet.name, SOURCE_ROW: row, "column": column, "field": field, "raw_value": raw,
            "reason": f"'{shown}' in column '{column}' {reason}"}


def _fill_reference(row: dict[str, Any], items: list[dict[str, Any]]) -> None:
    """A single component of a referencing type names the listing's record when the listing names none."""
    for kind, reference in LISTING_REFERENCE_OF_TYPE.items():
        named = [item for item in items if item["component_type"] == kind]
        if reference in row and len(named) == 1 and not (row[reference] or "").strip():
            row[reference] = named[0]["name"]


def combine_component_cells(frame: pl.DataFrame, sheet: TypedSheet) -> tuple[pl.DataFrame, pl.DataFrame]:
    """``frame`` with its component cells read into one canonical ``components`` column, and the failures.

    Without component columns the frame is returned as it is (the listings'
    stored components are then left alone). References the components fill
    are added as columns when the sheet has none.
    """
    present = [name for name in (COMPONENTS, OTHERS) if name in frame.columns]
    if not present:
        return frame, pl.DataFrame(schema=FAILURE_COLUMNS)
    references = list(dict.fromkeys(LISTING_REFERENCE_OF_TYPE.values()))
    frame = frame.with_columns(pl.lit(None, dtype=pl.String).alias(r) for r in references if r not in frame.columns)
    rows = frame.select(SOURCE_ROW, *present, *references).to_dicts()
    failures: list[dict[str, Any]] = []
    combined: list[str | None] = []
    for row in rows:
        items: list[dict[str, Any]] = []
        given = False
        for field, parse in ((COMPONENTS, parse_components_cell), (OTHERS, parse_other_components_cell)):
            raw = row.get(field)
            if raw is None or not str(raw).strip():
                continue
            given = True
            try:
                items += parse(str(raw))
            except ComponentCellError as error:
                failures.append(_failure(sheet, row[SOURCE_ROW], field, str(raw), str(error)))
        _fill_reference(row, items)
        combined.append(canonical_components(items) if given else None)
    filled = pl.DataFrame([{r: row[r] for r in references} for row in rows], schema={r: pl.String for r in references})
    frame = frame.drop(*present).with_columns(pl.Series(COMPONENTS, combined, dtype=pl.String), *filled.get_columns())
    failure_frame = pl.DataFrame(failures, schema=FAILURE_COLUMNS) if failures else pl.DataFrame(schema=FAILURE_COLUMNS)
    return frame, failure_frame
