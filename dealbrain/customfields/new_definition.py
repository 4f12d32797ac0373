"""The definition a create request describes, checked and normalised: shared by `create` and its preview."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dealbrain.customfields.defaults import normalise_default
from dealbrain.customfields.definition import FieldDefinition, Visibility
from dealbrain.customfields.keys import check_key
from dealbrain.customfields.rules import normalise_definition, parse_field_type
from dealbrain.specs import FieldType, get_entity_spec


def new_definition(
    entity: str,
    key: str,
    field_type: FieldType | str,
    *,
    label: str | None = None,
    description: str | None = None,
    required: bool = False,
    default: Any = None,
    minimum: Any = None,
    maximum: Any = None,
    max_length: int | None = None,
    pattern: str | None = None,
    options: Sequence[str] = (),
    visibility: Visibility | str = Visibility.EVERYWHERE,
    display_order: int = 0,
    label_translations: Mapping[str, str] | None = None,
) -> FieldDefinition:
    """The field `CustomFieldService.create` would store; `InvalidKey`/`InvalidDefinition` say what to fix."""
    spec = get_entity_spec(entity)
    definition = FieldDefinition(
        entity=spec.name,
        key=check_key(key, spec),
        type=parse_field_type(field_type),
        label=label or "",
        description=description or "",
        required=required,
        default=default,
        minimum=minimum,
        maximum=maximum,
        max_length=max_length,
        pattern=pattern,
        options=tuple(options),
        visibility=visibility,  # type: ignore[arg-type] - normalised below
        display_order=display_order,
        label_translations=dict(label_translations or {}),
    )
    return normalise_default(normalise_definition(definition))
