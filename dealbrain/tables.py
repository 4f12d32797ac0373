"""Rows of values as tables people read: aligned terminal text and markdown. No heavy imports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

Row = Mapping[str, Any]


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def text_table(rows: Sequence[Row], columns: Sequence[str], *, indent: str = "") -> str:
    """Left-aligned columns separated by two spaces, under an upper-case header line."""
    cells = [[_text(row.get(column)) for column in columns] for row in rows]
    widths = [max([len(column), *(len(line[index]) for line in cells)]) for index, column in enumerate(columns)]
    lines = ["  ".join(column.upper().ljust(width) for column, width in zip(columns, widths, strict=True))]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in cells]
    return "\n".join(indent + line.rstrip() for line in lines)


def _markdown_cell(value: Any, max_width: int | None) -> str:
    text = _text(value).replace("|", "\\|").replace("\n", " ")
    return text if max_width is None or len(text) <= max_width else text[: max_width - 1] + "…"


def markdown_table(rows: Sequence[Row], columns: Sequence[str], *, max_width: int | None = None) -> str:
    """A GitHub-flavoured markdown table; pipes and newlines in cells are escaped, long cells cut at ``max_width``."""
    header = "| " + " | ".join(columns) + " |"
    rule = "| " + " | ".join("---" for _ in columns) + " |"
    body = ["| " + " | ".join(_markdown_cell(row.get(column), max_width) for column in columns) + " |" for row in rows]
    return "\n".join([header, rule, *body])
