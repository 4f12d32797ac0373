"""Definitions and impact reports as tables people read (terminal text and markdown)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dealbrain.customfields.definition import FieldDefinition
from dealbrain.customfields.impact import ImpactReport
from dealbrain.customfields.values import value_as_text

DEFINITION_COLUMNS = ("entity", "key", "type", "label", "required", "rules", "options", "default", "visibility",
                      "order", "status")
IMPACT_COLUMNS = ("record_id", "natural_key", "value", "reason")


def definition_row(definition: FieldDefinition) -> dict[str, str]:
    """One definition as display text, keyed by `DEFINITION_COLUMNS`."""
    options = ", ".join(definition.options)
    if definition.retired_options:
        options += f" (retired: {', '.join(definition.retired_options)})"
    return {
        "entity": definition.entity,
        "key": definition.key,
        "type": definition.type.value,
        "label": definition.display_label,
        "required": "yes" if definition.required else "no",
        "rules": rules_text(definition),
        "options": options,
        "default": "" if definition.default is None else value_as_text(definition.default),
        "visibility": definition.visibility.value,
        "order": str(definition.display_order),
        "status": definition.status.value,
    }


def rules_text(definition: FieldDefinition) -> str:
    """The value rules in a few words, e.g. ``1 to 64`` or ``max 20 chars; pattern [A-Z]+``."""
    parts = []
    if definition.minimum is not None and definition.maximum is not None:
        parts.append(f"{value_as_text(definition.minimum)} to {value_as_text(definition.maximum)}")
    elif definition.minimum is not None:
        parts.append(f">= {value_as_text(definition.minimum)}")
    elif definition.maximum is not None:
        parts.append(f"<= {value_as_text(definition.maximum)}")
    if definition.max_length is not None:
        parts.append(f"max {definition.max_length} chars")
    if definition.pattern:
        parts.append(f"pattern {definition.pattern}")
    return "; ".join(parts)


def impact_rows(report: ImpactReport) -> list[dict[str, str]]:
    return [
        {
            "record_id": str(example["record_id"]),
            "natural_key": example["natural_key"],
            "value": "" if example["value"] is None else value_as_text(example["value"]),
            "reason": example["reason"],
        }
        for example in report.examples
    ]


def text_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """Left-aligned columns separated by two spaces, with a header line."""
    cells = [[str(row.get(column, "")) for column in columns] for row in rows]
    widths = [max([len(column), *(len(line[index]) for line in cells)]) for index, column in enumerate(columns)]
    lines = ["  ".join(column.upper().ljust(width) for column, width in zip(columns, widths, strict=True))]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in cells]
    return "\n".join(line.rstrip() for line in lines)


def markdown_table(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> str:
    """A GitHub-flavoured markdown table; pipes and newlines in cells are escaped."""
    header = "| " + " | ".join(columns) + " |"
    rule = "| " + " | ".join("---" for _ in columns) + " |"
    body = ["| " + " | ".join(_markdown_cell(row.get(column, "")) for column in columns) + " |" for row in rows]
    return "\n".join([header, rule, *body])


def impact_markdown(report: ImpactReport) -> str:
    text = f"**{report.summary()}**"
    if report.examples:
        text += "\n\n" + markdown_table(impact_rows(report), IMPACT_COLUMNS)
    return text


def _markdown_cell(value: Any) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")
