"""What a person may say about one custom-field definition, defined once.

`FieldInputs` is the typed model behind every surface that creates or
changes a custom field: the CLI's ``importer fields create/update/impact``
options take their help texts from it, the Dagster launch config of
``custom_field_catalog`` is derived from it (`assets.launch_config`), and the
HTTP API's create and update bodies copy its fields under the original
product's names (``data_type``, ``default_value``, ``validation.*``).
`CustomFieldService.create` and `preview_create` take the model itself, and
`change` turns it into the `FieldChange` an update takes, so no surface
repeats that translation.

This module stays light (pydantic and the specs): the CLI imports it at
start-up, and the value checks behind a `FieldChange` load polars and
pandera only when a change is built.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from dealbrain.customfields.errors import InvalidDefinition
from dealbrain.specs import CUSTOM_FIELD_TYPES

if TYPE_CHECKING:
    from dealbrain.customfields.changes import FieldChange

FieldTypeName = StrEnum("FieldTypeName", {str(kind): str(kind) for kind in CUSTOM_FIELD_TYPES})
"""The types a custom field may have: string, text, number, integer, boolean, enum, multi_enum, date."""


class VisibilityName(StrEnum):
    """Where a custom field is shown (the values of `dealbrain.customfields.Visibility`)."""

    everywhere = "everywhere"
    import_only = "import_only"


UPDATE_ONLY = ("add_options", "rename_options", "retire_options", "clear")
"""Inputs that only make sense for a field that exists already."""
RULE_INPUTS = ("type", "required", "default", "minimum", "maximum", "max_length", "pattern", "options",
               "add_options", "rename_options", "retire_options", "clear")
"""Inputs whose change can make stored values invalid: what an impact check takes."""


class FieldInputs(BaseModel):
    """One custom-field definition's settings; on an update, what is left empty stays as it is."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: FieldTypeName | None = Field(
        default=None, description="Value type: " + ", ".join(str(kind) for kind in CUSTOM_FIELD_TYPES) + "."
    )
    label: str | None = Field(default=None, max_length=255, description="Name shown to people (default: from the key).")
    description: str | None = Field(default=None, description="What the field holds.")
    required: bool | None = Field(default=None, description="Whether every record needs a value.")
    default: str | int | float | bool | list[str] | None = Field(
        default=None, description="Value for empty cells; must satisfy the field's rules."
    )
    minimum: str | float | None = Field(default=None, description="Smallest allowed number or date (YYYY-MM-DD).")
    maximum: str | float | None = Field(default=None, description="Largest allowed number or date (YYYY-MM-DD).")
    max_length: int | None = Field(default=None, ge=1, description="Longest allowed text (string and text fields).")
    pattern: str | None = Field(default=None, max_length=500, description="Regular expression the whole text must match.")
    options: list[str] = Field(default=[], description="Allowed values of an enum or multi_enum (replaces the list).")
    add_options: list[str] = Field(default=[], description="Options to offer in addition.")
    rename_options: list[str] = Field(default=[], description="Renames as OLD=NEW; stored values are rewritten.")
    retire_options: list[str] = Field(default=[], description="Options no longer accepted (stored values are kept).")
    visibility: VisibilityName | None = Field(default=None, description="Where it is shown: everywhere or import_only.")
    display_order: int | None = Field(default=None, description="Position among the entity's custom fields.")
    label_translations: list[str] = Field(default=[], description="Translated labels as lang=Label.")
    clear: list[str] = Field(
        default=[], description="Rules or settings to remove: min, max, max-length, pattern, default, options..."
    )

    def change(self) -> FieldChange:
        """The `FieldChange` these inputs ask for (empty inputs leave the attribute as it is)."""
        from dealbrain.customfields.text_inputs import build_change

        return build_change(
            field_type=str(self.type) if self.type else None, label=self.label, description=self.description,
            required=self.required, default=self.default, minimum=self.minimum, maximum=self.maximum,
            max_length=self.max_length, pattern=self.pattern, options=self.options, add_options=self.add_options,
            rename_options=self.rename_options, retire_options=self.retire_options,
            visibility=str(self.visibility) if self.visibility else None, display_order=self.display_order,
            label_translations=self.label_translations, clear=self.clear,
        )


def checked_inputs(values: dict[str, Any]) -> FieldInputs:
    """``values`` as `FieldInputs`; a value the model refuses is an `InvalidDefinition` naming the input."""
    try:
        return FieldInputs.model_validate(values)
    except ValidationError as error:
        problems = "; ".join(f"{item['loc'][0]}: {item['msg']}" for item in error.errors(include_url=False))
        raise InvalidDefinition(f"{problems}.") from None


def input_help(name: str) -> str:
    """The description of one input, for a surface that words its own option (the CLI)."""
    return FieldInputs.model_fields[name].description or ""
