"""Checking stored custom-field values against a (possibly changed) definition.

Values come out of ``attributes_json`` as JSON (text, numbers, booleans,
lists, ISO dates). Values that already have the field's type are used as
they are; others (after a type change, or hand-edited data) are read as
text by the same coercion an import uses. The typed frame is then validated
with the pandera schema generated for the field, so a definition is judged
by exactly the rules an import would apply.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

import pandera.polars as pa
import polars as pl

from dealbrain.coercion import coerce_frame
from dealbrain.jsonsafe import to_jsonable
from dealbrain.specs import FieldSpec, FieldType, get_entity_spec
from dealbrain.validation import (
    SOURCE_ROW,
    build_entity_schema,
    polars_dtype,
    validate_frame,
)

_RAW = "raw"
_INT64_LIMIT = 2**63
_UNCONVERTED = object()


def value_as_text(value: Any) -> str:
    """How a stored value would be typed in a cell (lists comma-separated, booleans as true/false)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ", ".join(value_as_text(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def typed_values(values: Sequence[Any], spec: FieldSpec) -> tuple[list[Any], dict[int, str]]:
    """Each value as the field's Python type (None when unreadable) and the reason per unreadable position."""
    typed = [_as_type(value, spec.type) for value in values]
    pending = [position for position, value in enumerate(typed) if value is _UNCONVERTED]
    reasons: dict[int, str] = {}
    if pending:
        raw = pl.DataFrame(
            {SOURCE_ROW: pending, _RAW: [value_as_text(values[position]) for position in pending]},
            schema={SOURCE_ROW: pl.Int64, _RAW: pl.String},
        )
        result = coerce_frame(raw, {_RAW: spec})
        converted = dict(zip(result.frame[SOURCE_ROW].to_list(), result.frame[spec.name].to_list(), strict=True))
        for position in pending:
            typed[position] = converted.get(position)
        for issue in result.issues.iter_rows(named=True):
            reasons.setdefault(issue[SOURCE_ROW], issue["reason"])
    return typed, reasons


def stored_forms(values: Sequence[Any], spec: FieldSpec) -> list[Any]:
    """Each value converted to the field's type as ``attributes_json`` stores it; unreadable values unchanged."""
    typed, reasons = typed_values(values, spec)
    return [
        value if position in reasons or converted is None else to_jsonable(converted)
        for position, (value, converted) in enumerate(zip(values, typed, strict=True))
    ]


def invalid_values(entity: str, spec: FieldSpec, values: Sequence[Any]) -> dict[int, str]:
    """Position -> reason for every value that does not satisfy ``spec`` (its type, then its rules)."""
    typed, reasons = typed_values(values, spec)
    frame = pl.DataFrame(
        {SOURCE_ROW: range(len(typed)), spec.name: typed},
        schema={SOURCE_ROW: pl.Int64, spec.name: polars_dtype(spec.type)},
    )
    report = validate_frame(frame, single_field_schema(entity, spec))
    for failure in report.failures.iter_rows(named=True):
        position = failure[SOURCE_ROW]
        if position is not None and position not in reasons:
            reasons[position] = f"{spec.name} {failure['reason']}"
    return dict(sorted(reasons.items()))


def single_field_schema(entity: str, spec: FieldSpec) -> pa.DataFrameSchema:
    """The generated schema restricted to one custom field of ``entity``."""
    bare_entity = replace(get_entity_spec(entity), fields=(), natural_key=())
    return build_entity_schema(bare_entity, [spec])


def _as_type(value: Any, kind: FieldType) -> Any:
    """``value`` when it already has the type ``kind`` stores, else `_UNCONVERTED`."""
    if value is None:
        return None
    if kind in (FieldType.STRING, FieldType.TEXT, FieldType.ENUM):
        return value if isinstance(value, str) else _UNCONVERTED
    if kind is FieldType.BOOLEAN:
        return value if isinstance(value, bool) else _UNCONVERTED
    if isinstance(value, bool):
        return _UNCONVERTED
    if kind is FieldType.INTEGER:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return value if isinstance(value, int) and abs(value) < _INT64_LIMIT else _UNCONVERTED
    if kind is FieldType.NUMBER:
        return float(value) if isinstance(value, (int, float)) and abs(value) < 1e308 else _UNCONVERTED
    if kind is FieldType.MULTI_ENUM:
        is_text_list = isinstance(value, list) and all(isinstance(item, str) for item in value)
        return list(value) if is_text_list else _UNCONVERTED
    if kind is FieldType.DATE and isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return _UNCONVERTED
    return _UNCONVERTED
