"""Custom fields: the original product's create/update bodies and its field document.

The bodies keep the original names (``data_type``, ``default_value``, a
``validation`` object) but every setting's type, limits and description come
from the domain's `FieldInputs`, the one definition the CLI options and the
Dagster launch config derive from as well; ``inputs()`` turns a body into it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model
from pydantic.fields import FieldInfo

from dealbrain.customfields.inputs import FieldInputs, FieldTypeName, VisibilityName

RULES = ("minimum", "maximum", "max_length", "pattern")
"""The original body's ``validation`` object holds these `FieldInputs` rules."""
CREATE_FIELDS: dict[str, tuple[str, Any]] = {
    "label": ("label", None), "data_type": ("type", FieldTypeName.string), "description": ("description", None),
    "required": ("required", False), "default_value": ("default", None), "options": ("options", []),
    "visibility": ("visibility", VisibilityName.everywhere), "display_order": ("display_order", 0),
    "label_translations": ("label_translations", []),
}
"""Body name -> (`FieldInputs` name, the original API's default)."""
UPDATE_EXTENSIONS = ("add_options", "rename_options", "retire_options", "clear")
"""Update verbs of the CLI and the launch config, accepted by PATCH as extensions."""
CLEARED_BY_NULL = {"label": "label", "description": "description", "default": "default", "options": "options",
                   "minimum": "minimum", "maximum": "maximum", "max_length": "max_length", "pattern": "pattern",
                   "label_translations": "label_translations"}
"""In an update, a null sent for one of these clears it, as the original API did."""


def _input(name: str, **changes: Any) -> tuple[Any, FieldInfo]:
    """A `FieldInputs` field (type, limits, description) for a body, with another default or a wider type."""
    info = FieldInputs.model_fields[name]
    annotation = changes.pop("annotation", info.annotation)
    return annotation, FieldInfo.merge_field_infos(info, **changes)


Validation = create_model(
    "Validation", __config__=ConfigDict(extra="forbid"), __doc__="Rules every value must satisfy.",
    **{rule: _input(rule) for rule in RULES},
)


def _sent(body: BaseModel) -> dict[str, Any]:
    """What a body says, under `FieldInputs`' names (the ``validation`` rules flattened)."""
    sent = body.model_dump(exclude_unset=True, exclude={"entity", "key", "is_active", "confirm", "import_options"})
    validation = getattr(body, "validation", None)
    sent.pop("validation", None)
    if validation is not None:
        sent |= {rule: getattr(validation, rule) for rule in validation.model_fields_set}
    names = {body_name: input_name for body_name, (input_name, _) in CREATE_FIELDS.items()}
    return {names.get(name, name): value for name, value in sent.items()}


class _CreateBody(BaseModel):
    entity: str
    key: str = Field(max_length=64)
    validation: Validation | None = None  # type: ignore[valid-type]

    def inputs(self) -> FieldInputs:
        """The new field's settings (what the client left out at the original API's defaults)."""
        given = {input_name: getattr(self, body_name) for body_name, (input_name, _) in CREATE_FIELDS.items()}
        given |= _sent(self)
        return FieldInputs.model_validate({name: value for name, value in given.items() if value is not None})


class _UpdateBody(BaseModel):
    validation: Validation | None = None  # type: ignore[valid-type]
    is_active: bool | None = Field(default=None, description="true approves a pending field (admin); false is refused.")
    confirm: bool = Field(default=False, description="Accept a change that makes stored values invalid.")

    def changes_definition(self) -> bool:
        return bool(self.model_fields_set - {"is_active", "confirm"})

    def inputs(self) -> FieldInputs:
        """The change asked for: only what was sent; a null clears the setting."""
        sent = _sent(self)
        given = {name: value for name, value in sent.items() if value is not None}
        cleared = [CLEARED_BY_NULL[name] for name, value in sent.items() if value is None and name in CLEARED_BY_NULL]
        if cleared:
            given["clear"] = [*given.get("clear", []), *cleared]
        return FieldInputs.model_validate(given)


CustomFieldCreate = create_model(
    "CustomFieldCreate", __base__=_CreateBody,
    __doc__="The original product's create body; each setting as `FieldInputs` defines it.",
    **{name: _input(source, default=default) for name, (source, default) in CREATE_FIELDS.items()},
)
CustomFieldUpdate = create_model(
    "CustomFieldUpdate", __base__=_UpdateBody,
    __doc__="Only the settings sent change; a null clears a rule. ``confirm`` accepts a change that makes stored "
    "values invalid. The option verbs and ``clear`` are extensions.",
    **{name: _input(source, default=None, annotation=FieldInputs.model_fields[source].annotation | None)
       for name, (source, _) in CREATE_FIELDS.items()},
    **{name: _input(name) for name in UPDATE_EXTENSIONS},
)


class CustomField(BaseModel):
    id: int | None
    entity: str
    key: str
    label: str
    data_type: str
    description: str
    required: bool
    default_value: Any
    options: list[str]
    is_active: bool
    visibility: str
    validation: dict[str, Any]
    display_order: int
    status: str
    created_by: str
    created_at: datetime | None
    updated_at: datetime | None
    deleted_at: datetime | None


class CustomFieldList(BaseModel):
    fields: list[CustomField]
