"""A listing's components, declared once: the columns that carry them and which entity each type names.

The listing template writes a listing's parts in two JSON columns:
``components`` (a list of ``{component_type, name, quantity?, metadata_json?}``)
and ``other_components`` (a list of plain names). Both load into the
``listing_component`` table, not into a column of ``listing``: the fields
below are mapped like any field (so the mapping offers them), typed as text,
and turned into one component list per row by `dealbrain.importing.listing_components`.

A component whose type names an entity (a ``gpu`` component names a GPU) is
matched to that entity's records like the listing's own references, and its
metadata fills the fields of a record created for it (``gpu_mark``: 8540).
"""

from __future__ import annotations

from dealbrain.specs.entities import COMPONENT_TYPES
from dealbrain.specs.fields import FieldSpec, FieldType

COMPONENTS_TABLE = "listing_component"

COMPONENT_ENTITIES: dict[str, str] = {"cpu": "cpu", "gpu": "gpu", "ports": "ports_profile"}
"""Component type -> the entity whose records a component of that type names."""

LISTING_REFERENCE_OF_TYPE: dict[str, str] = {"cpu": "cpu", "gpu": "gpu", "ports": "ports_profile"}
"""Component type -> the listing's reference field that a single component of that type fills when empty."""

OTHER_COMPONENT_TYPE = "misc"
"""The type of each plain name in ``other_components``."""

COMPONENTS_FIELD = FieldSpec(
    "components", FieldType.TEXT, label="Components",
    description="The listing's parts: a JSON list of {component_type, name, quantity, metadata_json}.",
    aliases=("component list", "parts"), stored_in=COMPONENTS_TABLE,
)
OTHER_COMPONENTS_FIELD = FieldSpec(
    "other_components", FieldType.TEXT, label="Other components",
    description="More parts by name only: a JSON list of strings (or names separated by commas).",
    aliases=("other parts", "extras", "accessories"), stored_in=COMPONENTS_TABLE,
)

REVIEWABLE_ENTITIES: tuple[str, ...] = tuple(dict.fromkeys(COMPONENT_ENTITIES.values()))
"""Entities whose records may be created from a listing's names: they carry a ``needs_review`` flag."""

__all__ = [
    "COMPONENTS_FIELD",
    "COMPONENTS_TABLE",
    "COMPONENT_ENTITIES",
    "COMPONENT_TYPES",
    "LISTING_REFERENCE_OF_TYPE",
    "OTHER_COMPONENTS_FIELD",
    "OTHER_COMPONENT_TYPE",
    "REVIEWABLE_ENTITIES",
    "component_fields",
    "stored_elsewhere_fields",
]


def component_fields(entity: str) -> tuple[FieldSpec, ...]:
    """The component columns an entity's sheets may carry (listings only)."""
    return (COMPONENTS_FIELD, OTHER_COMPONENTS_FIELD) if entity == "listing" else ()


def stored_elsewhere_fields(entity: str) -> tuple[FieldSpec, ...]:
    """The fields the change plan compares and the changeset records beside the entity's columns.

    ``other_components`` is read into ``components`` before planning, so only
    ``components`` is left.
    """
    return (COMPONENTS_FIELD,) if entity == "listing" else ()
