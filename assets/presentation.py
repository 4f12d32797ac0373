"""Turning domain results into Dagster metadata an operator can read: tables, not walls of text.

No cell is cut: a rationale, a candidate list or an error is what an operator
decides from, so it is shown in full (Dagster wraps long cells). Lists packed
into one value are split into columns instead (`split_list_column`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dagster as dg
import polars as pl

from dealbrain.tables import markdown_table

PREVIEW_ROWS = 20


def records_markdown(records: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """A markdown table of ``records`` (``columns`` picks and orders them), every cell in full."""
    if not records:
        return "_none_"
    return markdown_table(records, list(columns or records[0].keys()))


def records_table(records: Sequence[Mapping[str, Any]], columns: Sequence[str], types: Mapping[str, str] | None = None) -> dg.MetadataValue:
    """``records`` as a Dagster table, which the asset page shows inline at any length (Markdown only under
    1,000 characters; longer Markdown hides behind "[Show Markdown]"). Every cell is kept whole."""
    kinds = dict(types or {})
    schema = dg.TableSchema(columns=[dg.TableColumn(name, kinds.get(name, "string")) for name in columns])
    rows = [dg.TableRecord({name: _cell(record.get(name), kinds.get(name, "string")) for name in columns}) for record in records]
    return dg.MetadataValue.table(records=rows, schema=schema)


def _cell(value: Any, kind: str) -> str | int | float | bool | None:
    if value is None or (kind != "string" and isinstance(value, int | float | bool)):
        return value
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
