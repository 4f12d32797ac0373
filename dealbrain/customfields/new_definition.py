"""The definition a create request describes, checked and normalised: shared by `create` and its preview."""

from __future__ import annotations

from dealbrain.customfields.defaults import normalise_default
from dealbrain.customfields.definition import FieldDefinition, Visibility
from dealbrain.customfields.errors import InvalidDefinition
from dealbrain.customfields.inputs import UPDATE_ONLY, FieldInputs
from dealbrain.customfields.keys import check_key
from dealbrain.customfields.rules import normalise_definition, parse_field_type
from dealbrain.customfields.text_inputs import parse_pairs
from dealbrain.specs import CUSTOM_FIELD_TYPES, get_entity_spec


def new_definition(entity: str, key: str, inputs: FieldInputs) -> FieldDefinition:
    """The field `CustomFieldService.create` would store; `InvalidKey`/`InvalidDefinition` say what to fix."""
    if inputs.type is None:
        raise InvalidDefinition("Creating a field needs a type; choose one of: "
                                + ", ".join(str(kind) for kind in CUSTOM_FIELD_TYPES) + ".")
    given = [name for name in UPDATE_ONLY if getattr(inputs, name)]
    if given:
        raise InvalidDefinition(f"{', '.join(given)} change an existing field; create it first, then update it.")
    spec = get_entity_spec(entity)
    definition = FieldDefinition(
        entity=spec.name,
        key=check_key(key, spec),
        type=parse_field_type(str(inputs.type)),
        label=inputs.label or "",
        description=inputs.description or "",
        required=bool(inputs.required),
        default=inputs.default,
        minimum=inputs.minimum,
        maximum=inputs.maximum,
        max_length=inputs.max_length,
        pattern=inputs.pattern,
        options=tuple(inputs.options),
        visibility=str(inputs.visibility or Visibility.EVERYWHERE.value),  # type: ignore[arg-type] - normalised below
        display_order=inputs.display_order or 0,
        label_translations=parse_pairs(inputs.label_translations, "Label translation", "lang=Label"),
    )
    return normalise_default(normalise_definition(definition))
