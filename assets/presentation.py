"""Turning domain results into Dagster metadata an operator can read: tables, not walls of text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dagster as dg
import polars as pl

from dealbrain.tables import markdown_table

PREVIEW_ROWS = 20
CELL_WIDTH = 80


def records_markdown(records: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """A markdown table of ``records`` (``columns`` picks and orders them)."""
    if not records:
        return "_none_"
    return markdown_table(records, list(columns or records[0].keys()), max_width=CELL_WIDTH)


def frame_markdown(frame: pl.DataFrame, limit: int = PREVIEW_ROWS) -> str:
    """The first ``limit`` rows of ``frame`` as a markdown table, with a note when there are more."""
    shown = frame.head(limit)
    table = records_markdown(shown.to_dicts(), shown.columns)
    if frame.height > limit:
        table += f"\n\n_{frame.height - limit} more row(s) not shown._"
    return table


def markdown(text: str) -> dg.MetadataValue:
    return dg.MetadataValue.md(text)


def bullet_list(lines: Sequence[str]) -> str:
    return "\n".join(f"- {line}" for line in lines) if lines else "_none_"
