"""Checking one override before it touches the frame: its shape, field and value.

The result is a `Plan`: the action, the field spec and the typed value to
write. Every problem is an `OverrideError` naming the override's position
and sheet and saying what to change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dealbrain.coercion import coerce_value
from dealbrain.overrides.errors import OverrideError
from dealbrain.overrides.model import Override, OverrideAction
from dealbrain.specs.fields import FieldSpec, FieldType

COMPONENT_FIELDS: tuple[str, ...] = ("cpu", "gpu", "ports_profile")
"""The listing fields ``set_component`` may set: references to CPU, GPU and ports profiles."""


@dataclass(frozen=True)
class Plan:
    """A checked override: what to do, to which field, with which typed value."""

    action: OverrideAction
    field: FieldSpec | None = None
    value: Any = None


def _action(position: int, override: Override) -> OverrideAction:
    try:
        return OverrideAction(override.action)
    except ValueError:
        valid = ", ".join(action.value for action in OverrideAction)
        raise OverrideError(
            position, override.sheet, f"unknown action {override.action!r}; use one of {valid}."
        ) from None


def _check_selector(position: int, override: Override) -> None:
    selectors = (("rows", override.rows), ("where", override.where))
    given = [name for name, selector in selectors if selector is not None]
    if len(given) != 1:
        problem = (
            "gives both rows and where"
            if given
            else "selects no rows: it has neither rows nor where"
        )
        raise OverrideError(
            position,
            override.sheet,
            f"{problem}. Give exactly one: rows (e.g. 2-10, 15) or where (e.g. cores >= 8).",
        )


def _field(position: int, override: Override, fields: Mapping[str, FieldSpec]) -> FieldSpec:
    if not override.field:
        raise OverrideError(
            position,
            override.sheet,
            f"{override.action} needs a field; name one of: {', '.join(fields)}.",
        )
    if override.field not in fields:
        raise OverrideError(
            position,
            override.sheet,
            f"unknown field {override.field!r}; valid fields are: {', '.join(fields)}.",
        )
    return fields[override.field]


def _component_field(
    position: int, override: Override, fields: Mapping[str, FieldSpec]
) -> FieldSpec:
    components = [
        name
        for name in COMPONENT_FIELDS
        if name in fields and fields[name].type is FieldType.REFERENCE
    ]
    if not components:
        raise OverrideError(
            position,
            override.sheet,
            "set_component only works on listings (fields cpu, gpu, ports_profile); "
            "use set_field for this sheet.",
        )
    if override.field not in components:
        raise OverrideError(
            position,
            override.sheet,
            f"set_component sets one of {', '.join(components)}, not {override.field!r}; "
            "use set_field for other fields.",
        )
    return fields[override.field]


def _value(position: int, override: Override, field: FieldSpec) -> Any:
    if override.value is None:
        raise OverrideError(
            position,
            override.sheet,
            f"{override.action} on {field.name!r} needs a value; "
            "give an empty value to clear the field.",
        )
    value, reason = coerce_value(override.value, field)
    if reason is not None:
        raise OverrideError(
            position,
            override.sheet,
            f"the value {override.value!r} does not fit field {field.name!r} "
            f"({field.type.value}): {reason}. Correct the value.",
        )
    if value is None and field.required:
        raise OverrideError(
            position,
            override.sheet,
            f"{field.name!r} is required, so it cannot be cleared; give a value, "
            "or discard the rows instead.",
        )
    return value


def plan_override(position: int, override: Override, fields: Mapping[str, FieldSpec]) -> Plan:
    """The checked form of ``override`` (1-based ``position``); `OverrideError` if unusable."""
    action = _action(position, override)
    _check_selector(position, override)
    if action is OverrideAction.DISCARD:
        if override.field is not None or override.value is not None:
            raise OverrideError(
                position, override.sheet, "discard drops whole rows; remove its field and value."
            )
        return Plan(action)
    if action is OverrideAction.SET_COMPONENT:
        field = _component_field(position, override, fields)
    else:
        field = _field(position, override, fields)
    return Plan(action, field, _value(position, override, field))
