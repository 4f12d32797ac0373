"""Turning text inputs (CLI options, Dagster launch config) into a `FieldChange`.

Both surfaces collect the same things as text: ``OLD=NEW`` option renames,
``lang=Label`` translations, and names of rules to clear. Parsing them here
keeps the two surfaces in agreement.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dealbrain.customfields.changes import UNCHANGED, FieldChange
from dealbrain.customfields.errors import InvalidDefinition

CLEARABLE: dict[str, str] = {
    "label": "label",
    "description": "description",
    "default": "default",
    "min": "minimum",
    "minimum": "minimum",
    "max": "maximum",
    "maximum": "maximum",
    "max_length": "max_length",
    "pattern": "pattern",
    "options": "options",
    "label_translations": "label_translations",
}
"""Names accepted by ``--clear`` (dashes or underscores) and the attribute each clears."""


def parse_pairs(pairs: Sequence[str], what: str, example: str) -> dict[str, str]:
    """``["a=b", ...]`` as a mapping; ``what`` and ``example`` word the error."""
    parsed: dict[str, str] = {}
    for pair in pairs:
        left, separator, right = pair.partition("=")
        if not separator or not left.strip() or not right.strip():
            raise InvalidDefinition(f"{what} {pair!r} is not of the form {example}.")
        parsed[left.strip()] = right.strip()
    return parsed


def build_change(
    *,
    field_type: str | None = None,
    label: str | None = None,
    description: str | None = None,
    required: bool | None = None,
    default: Any = None,
    minimum: Any = None,
    maximum: Any = None,
    max_length: int | None = None,
    pattern: str | None = None,
    options: Sequence[str] = (),
    add_options: Sequence[str] = (),
    rename_options: Sequence[str] = (),
    retire_options: Sequence[str] = (),
    visibility: str | None = None,
    display_order: int | None = None,
    label_translations: Sequence[str] = (),
    clear: Sequence[str] = (),
) -> FieldChange:
    """A `FieldChange` where ``None``/empty means "leave as is" and ``clear`` names rules to remove."""
    given: dict[str, Any] = {
        "type": field_type,
        "label": label,
        "description": description,
        "required": required,
        "default": default,
        "minimum": minimum,
        "maximum": maximum,
        "max_length": max_length,
        "pattern": pattern,
        "options": tuple(options) or None,
        "visibility": visibility,
        "display_order": display_order,
        "label_translations": parse_pairs(label_translations, "Label translation", "lang=Label") or None,
    }
    values = {name: value if value is not None else UNCHANGED for name, value in given.items()}
    for name in clear:
        attribute = _clearable(name)
        if given[attribute] is not None:
            raise InvalidDefinition(f"Both a new {attribute} and clearing it were asked for; choose one.")
        values[attribute] = () if attribute == "options" else {} if attribute == "label_translations" else None
    return FieldChange(
        **values,
        add_options=tuple(add_options),
        rename_options=parse_pairs(rename_options, "Option rename", "OLD=NEW"),
        retire_options=tuple(retire_options),
    )


def _clearable(name: str) -> str:
    attribute = CLEARABLE.get(name.strip().lower().replace("-", "_"))
    if attribute is None:
        valid = ", ".join(sorted({name.replace("_", "-") for name in CLEARABLE}))
        raise InvalidDefinition(f"Cannot clear {name!r}; rules that can be cleared: {valid}.")
    return attribute
