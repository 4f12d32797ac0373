"""What the custom-field form holds, and its translation into the service's `FieldInputs` or a `FieldChange`.

The form keeps every input as the person typed it (bounds and the default as
text, options as a list of chips); the service reads and checks them exactly
as it reads the CLI's text options. An edit sends only what differs from the
stored definition, so an untouched rule is never re-sent and a cleared input
clears its rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from dealbrain.customfields import FieldChange, FieldDefinition
from dealbrain.customfields.changes import UNCHANGED
from dealbrain.customfields.errors import InvalidDefinition
from dealbrain.customfields.inputs import FieldInputs, checked_inputs
from dealbrain.customfields.rules import BOUNDED_TYPES, CHOICE_TYPES, TEXT_TYPES
from dealbrain.customfields.values import value_as_text
from dealbrain.specs import FieldType


@dataclass
class FieldForm:
    entity: str = "cpu"
    key: str = ""
    type: str = FieldType.STRING.value
    label: str = ""
    description: str = ""
    required: bool = False
    options: list[str] = field(default_factory=list)
    minimum: str = ""
    maximum: str = ""
    max_length: str = ""
    pattern: str = ""
    default: str = ""
    visibility: str = "everywhere"
    display_order: str = "0"

    @classmethod
    def of(cls, definition: FieldDefinition) -> FieldForm:
        """The form filled with a stored definition, for editing."""
        return cls(
            entity=definition.entity, key=definition.key, type=definition.type.value, label=definition.display_label,
            description=definition.description, required=definition.required, options=list(definition.options),
            minimum=_text(definition.minimum), maximum=_text(definition.maximum), max_length=_text(definition.max_length),
            pattern=definition.pattern or "", default=_text(definition.default),
            visibility=definition.visibility.value, display_order=str(definition.display_order),
        )

    @property
    def field_type(self) -> FieldType:
        return FieldType(self.type)

    @property
    def takes_options(self) -> bool:
        return self.field_type in CHOICE_TYPES

    @property
    def takes_bounds(self) -> bool:
        return self.field_type in BOUNDED_TYPES

    @property
    def takes_text_rules(self) -> bool:
        return self.field_type in TEXT_TYPES

    def inputs(self) -> FieldInputs:
        """What `CustomFieldService.create` / `preview_create` take for this form."""
        settings = self._settings()
        order = settings.pop("display_order")
        if not order.lstrip("-").isdigit():
            raise InvalidDefinition(f"Display order must be a whole number, not {order!r}.")
        options = list(settings.pop("options"))
        return checked_inputs({**settings, "type": self.type, "display_order": int(order), "options": options})

    def _settings(self) -> dict[str, Any]:
        """The form's inputs as the service reads them, blanks as None and rules only where the type takes them."""
        return {
            "label": self.label.strip() or None,
            "description": self.description.strip() or None,
            "required": self.required,
            "default": self.default.strip() or None,
            "minimum": self._rule(self.minimum, self.takes_bounds),
            "maximum": self._rule(self.maximum, self.takes_bounds),
            "max_length": self._rule(self.max_length, self.takes_text_rules),
            "pattern": self._rule(self.pattern, self.takes_text_rules),
            "options": tuple(self.options) if self.takes_options else (),
            "visibility": self.visibility,
            "display_order": self.display_order.strip() or "0",
        }

    def change_from(self, before: FieldDefinition) -> FieldChange:
        """Only what the form changes in ``before``; an emptied input clears its rule."""
        now, was = self._settings(), FieldForm.of(before)._settings()
        changes: dict[str, Any] = {}
        if self.type != before.type.value:
            changes["type"] = self.type
        for name, value in now.items():
            if name in ("label", "description") and (value or "") != (was[name] or ""):
                changes[name] = value or ""
            elif name not in ("label", "description") and value != was[name]:
                changes[name] = value
        if "display_order" in changes:
            changes["display_order"] = changes["display_order"] or 0
        return FieldChange(**{name: changes.get(name, UNCHANGED) for name in _CHANGEABLE})

    @staticmethod
    def _rule(text: str, applies: bool) -> str | None:
        return (text.strip() or None) if applies else None


_CHANGEABLE = ("type", "label", "description", "required", "default", "minimum", "maximum", "max_length", "pattern",
               "options", "visibility", "display_order")


def _text(value: Any) -> str:
    return "" if value is None else value_as_text(value)
