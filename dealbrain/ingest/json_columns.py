"""Columns whose cells are JSON objects, expanded into one dotted column per key.

A column is a JSON column when every cell that holds something (blanks and
placeholders such as ``NA`` aside) starts with ``{`` and at least one of them
is a valid JSON object: the templates' ``attributes`` column
(``{"l3_cache_mb": 12}``), or a nested object of a JSON source. It is
replaced, in place, by a column per key (``attributes.l3_cache_mb``; nested
objects go one level further, ``attributes.cache.l3``), holding raw text
like any cell (numbers as written, ``true``/``false``, arrays as JSON), so
the mapping offers each key as a column of its own and coercion reads it
like a typed cell. A cell that is not a valid JSON object stays out of the
dotted columns and becomes a row failure showing its raw text.

This is the one place JSON-object cells are interpreted, for every format.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import polars as pl

from dealbrain.coercion.missing import MISSING_TOKENS
from dealbrain.ingest.cell_limits import check_row_and_column_counts
from dealbrain.ingest.column_naming import name_columns
from dealbrain.ingest.json_values import DECODER, JsonValueError, cell_text, check_depth
from dealbrain.ingest.limits import ReadLimits
from dealbrain.ingest.names import column_letter
from dealbrain.ingest.raw_sheet import SOURCE_ROW, RawSheet

CELL_ISSUE_SCHEMA: dict[str, pl.DataType] = {
    SOURCE_ROW: pl.Int64(),
    "column": pl.String(),
    "field": pl.String(),
    "raw_value": pl.String(),
    "reason": pl.String(),
}
"""The shape of ``RawSheet.cell_issues``: the same columns as coercion issues."""

_SHOWN_CHARS = 120


def expand_json_columns(sheet: RawSheet, limits: ReadLimits, *, file: str, sheet_label: str | None) -> RawSheet:
    """``sheet`` with each JSON-object column replaced by its dotted key columns (see the module docstring)."""
    frame = sheet.frame
    if frame.height == 0:
        return sheet
    order: list[str] = []
    produced: dict[str, dict[str, pl.Series]] = {}
    issues: list[pl.DataFrame] = []
    notes = list(sheet.notes)
    for column in sheet.columns:
        parsed = _parsed_objects(frame.get_column(column))
        if parsed is None:
            order.append(column)
            continue
        columns, bad_rows = _expand(column, frame, parsed)
        produced[column] = columns
        order.extend(columns)
        notes.append(_note(column, list(columns), frame, bad_rows))
        if bad_rows:
            issues.append(_issues(column, frame, bad_rows, parsed))
    if not produced:
        return sheet
    check_row_and_column_counts(frame.height, len(order), limits, file=file, sheet=sheet_label)
    naming = name_columns(order, [column_letter(index) for index in range(len(order))])
    notes.extend(naming.notes)
    series = {column: frame.get_column(column) for column in sheet.columns if column not in produced}
    for columns in produced.values():
        series.update(columns)
    expanded = pl.DataFrame(
        [frame.get_column(SOURCE_ROW), *(series[name].alias(final) for name, final in zip(order, naming.names))]
    )
    previous = [sheet.cell_issues] if sheet.cell_issues is not None else []
    all_issues = pl.concat([*previous, *issues]) if previous or issues else None
    return replace(sheet, frame=expanded, notes=notes, cell_issues=all_issues)


def _parsed_objects(cells: pl.Series) -> dict[str, dict[str, Any] | str] | None:
    """Distinct cell -> its flattened object, or the reason it is not one; None if not a JSON column."""
    if not cells.str.starts_with("{").any():
        return None  # the usual case, decided in one vectorised pass
    present = cells.drop_nulls().unique()
    present = present.filter(~present.str.to_lowercase().is_in(list(MISSING_TOKENS)))
    if present.len() == 0 or not present.str.starts_with("{").all():
        return None
    parsed: dict[str, dict[str, Any] | str] = {text: _object_or_reason(text) for text in present.to_list()}
    if not any(isinstance(result, dict) for result in parsed.values()):
        return None
    return parsed


def _object_or_reason(text: str) -> dict[str, Any] | str:
    try:
        value = DECODER.decode(text)
        check_depth(value)
    except json.JSONDecodeError as error:
        return f"not valid JSON: {error.msg} at character {error.pos + 1}"
    except JsonValueError as error:
        return f"refused: {error.problem}"
    except RecursionError:
        return "refused: it nests objects too deeply"
    if not isinstance(value, dict):
        return "not a JSON object"
    flat: dict[str, Any] = {}
    _flatten(value, "", flat)
    return flat


def _flatten(value: dict[str, Any], prefix: str, into: dict[str, Any]) -> None:
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict) and item:
            _flatten(item, f"{name}.", into)
        else:
            into[name] = cell_text(item)


def _expand(column: str, frame: pl.DataFrame, parsed: dict[str, dict[str, Any] | str]) -> tuple[dict[str, pl.Series], list[int]]:
    cells = frame.get_column(column).to_list()
    keys: dict[str, None] = {}
    for result in parsed.values():
        if isinstance(result, dict):
            keys.update(dict.fromkeys(result))
    values: dict[str, list[str | None]] = {key: [] for key in keys}
    bad_rows = []
    for position, cell in enumerate(cells):
        result = parsed.get(cell) if cell is not None else None
        if isinstance(result, str):
            bad_rows.append(position)
        found = result if isinstance(result, dict) else {}
        for key in keys:
            values[key].append(found.get(key))
    columns = {f"{column}.{key}": pl.Series(f"{column}.{key}", items, dtype=pl.String) for key, items in values.items()}
    return columns, bad_rows


def _issues(column: str, frame: pl.DataFrame, bad_rows: list[int], parsed: dict[str, dict[str, Any] | str]) -> pl.DataFrame:
    rows = frame.get_column(SOURCE_ROW).gather(bad_rows).to_list()
    raws = frame.get_column(column).gather(bad_rows).to_list()
    reasons = [f"'{_shown(raw)}' in JSON column '{column}' is {parsed[raw]}" for raw in raws]
    return pl.DataFrame(
        {SOURCE_ROW: rows, "column": [column] * len(rows), "field": [column] * len(rows), "raw_value": raws, "reason": reasons},
        schema=CELL_ISSUE_SCHEMA,
    )


def _shown(text: str) -> str:
    return text if len(text) <= _SHOWN_CHARS else text[: _SHOWN_CHARS - 1] + "…"


def _note(column: str, produced: list[str], frame: pl.DataFrame, bad_rows: list[int]) -> str:
    shown = ", ".join(produced[:8]) + (f" and {len(produced) - 8} more" if len(produced) > 8 else "")
    note = f"column '{column}' holds JSON objects; its keys became columns: {shown or '(no keys)'}"
    if bad_rows:
        rows = frame.get_column(SOURCE_ROW).gather(bad_rows[:5]).to_list()
        note += f"; {len(bad_rows)} cell(s) are not valid JSON objects (rows {', '.join(map(str, rows))})"
    return note
