"""Definitions and impact reports as tables people read (terminal text and markdown)."""

from __future__ import annotations

from dealbrain.customfields.definition import FieldDefinition
from dealbrain.customfields.impact import ImpactReport
from dealbrain.customfields.values import value_as_text
from dealbrain.tables import markdown_table

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


def impact_markdown(report: ImpactReport) -> str:
    text = f"**{report.summary()}**"
    if report.examples:
        text += "\n\n" + markdown_table(impact_rows(report), IMPACT_COLUMNS)
    return text
