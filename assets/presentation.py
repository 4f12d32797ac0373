"""Turning domain results into Dagster metadata an operator can read: tables, not walls of text.

No cell is cut: a rationale, a candidate list or an error is what an operator
decides from, so it is shown in full (Dagster wraps long cells). Lists packed
into one value are split into columns instead (`split_list_column`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from typing import Any

import dagster as dg
import polars as pl

from dealbrain.frames import SHEET, SOURCE_ROW
from dealbrain.tables import markdown_table

PREVIEW_ROWS = 20


def records_markdown(records: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """A markdown table of ``records`` (``columns`` picks and orders them), every cell in full."""
    if not records:
        return "_none_"
    return markdown_table(records, list(columns or records[0].keys()))


def records_table(
    records: Sequence[Mapping[str, Any]],
    columns: Sequence[str],
    types: Mapping[str, str] | None = None,
    empty: str | None = None,
) -> dg.MetadataValue:
    """``records`` as a Dagster table, which the asset page shows inline at any length (Markdown only under
    1,000 characters; longer Markdown hides behind "[Show Markdown]"). Every cell is kept whole.

    ``types`` names a column's type (``integer``, ``float``, ``boolean``; else ``string``). With ``empty``,
    no records give that sentence as Markdown instead of a bare header, so "none" reads as a finding."""
    if not records and empty is not None:
        return dg.MetadataValue.md(empty)
    kinds = dict(types or {})
    schema = dg.TableSchema(columns=[dg.TableColumn(name, kinds.get(name, "string")) for name in columns])
    rows = [dg.TableRecord({name: _cell(record.get(name), kinds.get(name, "string")) for name in columns}) for record in records]
    return dg.MetadataValue.table(records=rows, schema=schema)


def frame_table(frame: pl.DataFrame, limit: int | None = PREVIEW_ROWS, empty: str | None = None) -> dg.MetadataValue:
    """The first ``limit`` rows of ``frame`` (all with None) as a Dagster table, numeric and boolean columns typed
    as such. The internal sheet and row columns are named ``sheet`` and ``row``, as an operator knows them."""
    shown = readable_columns(frame if limit is None else frame.head(limit))
    types = {name: _column_type(dtype) for name, dtype in shown.schema.items()}
    return records_table(shown.to_dicts(), shown.columns, types, empty)


def rows_not_shown(frame: pl.DataFrame, limit: int) -> list[str]:
    """The note for a table cut at ``limit`` rows (none when nothing was cut), for the entry beside it."""
    return [f"_{frame.height - limit} more row(s) not shown._"] if frame.height > limit else []


def readable_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with the internal sheet and source-row columns renamed ``sheet`` and ``row`` (unless taken)."""
    names = {SHEET: "sheet", SOURCE_ROW: "row"}
    return frame.rename({old: new for old, new in names.items() if old in frame.columns and new not in frame.columns})


def with_notes(key: str, table: dg.MetadataValue, notes: Sequence[str]) -> dict[str, dg.MetadataValue]:
    """``table`` under ``key`` and, when there is something to say, the prose about it under ``key_notes``:
    short Markdown, so the asset page shows it inline beside the table."""
    return {key: table} | ({f"{key}_notes": dg.MetadataValue.md("\n\n".join(notes))} if notes else {})


def _column_type(dtype: pl.DataType) -> str:
    if dtype.is_integer():
        return "integer"
    if dtype.is_float():
        return "float"
    return "boolean" if dtype == pl.Boolean else "string"


def _cell(value: Any, kind: str) -> str | int | float | bool | None:
    """A value as its table cell: numbers and booleans stay typed in typed columns, the rest is text (lists and
    structs, such as a ports profile's ports, as JSON). NaN and infinities become text too: Dagster's UI parses
    each record as JSON, which has no NaN."""
    if value is None:
        return None
    if kind != "string" and isinstance(value, int | float | bool):
        return value if not isinstance(value, float) or math.isfinite(value) else str(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def frame_markdown(frame: pl.DataFrame, limit: int = PREVIEW_ROWS) -> str:
    """The first ``limit`` rows of ``frame`` as a markdown table, with a note when there are more."""
    shown = frame.head(limit)
    table = records_markdown(shown.to_dicts(), shown.columns)
    if frame.height > limit:
        table += f"\n\n_{frame.height - limit} more row(s) not shown._"
    return table


def split_list_column(frame: pl.DataFrame, column: str, separator: str = "; ", width: int = 3) -> pl.DataFrame:
    """``column``'s packed list as columns ``column_1`` … (the rest, if any, kept whole in the last one)."""
    if column not in frame.columns:
        return frame
    parts = pl.col(column).fill_null("").str.splitn(separator, width).struct.rename_fields(
        [f"{column.rstrip('s')}_{index}" for index in range(1, width + 1)]
    )
    return frame.with_columns(parts.alias(column)).unnest(column)


def markdown(text: str) -> dg.MetadataValue:
    return dg.MetadataValue.md(text)


def yaml_block(text: str) -> dg.MetadataValue:
    """YAML to copy, as a fenced block (kept verbatim: indentation and comments intact)."""
    return dg.MetadataValue.md(f"```yaml\n{text}```")


def bullet_list(lines: Sequence[str]) -> str:
    return "\n".join(f"- {line}" for line in lines) if lines else "_none_"
