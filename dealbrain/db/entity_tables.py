"""ORM models of the five reference entities, generated from their specs.

The specs in `dealbrain.specs` are the single declaration of each entity's
fields; this module turns each into a typed declarative class so that a new
standard field is added in one place (plus a migration).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeEngine

from dealbrain.db.base import TIMESTAMP, Base, JSONDocument
from dealbrain.specs import ENTITY_SPECS, EntitySpec, FieldSpec, FieldType
from dealbrain.specs.components import COMPONENT_ENTITIES, COMPONENTS_TABLE, REVIEWABLE_ENTITIES

EMPTY_JSON_OBJECT = text("'{}'")


def column_type(field: FieldSpec) -> tuple[type, TypeEngine[Any]]:
    """Python and SQL type of a standard field's column."""
    match field.type:
        case FieldType.STRING | FieldType.ENUM:
            return str, String(field.max_length or 255)
        case FieldType.TEXT:
            return str, Text()
        case FieldType.INTEGER:
            return int, Integer()
        case FieldType.NUMBER:
            return float, Float()
        case FieldType.BOOLEAN:
            return bool, Boolean()
        case FieldType.DATE:
            return date, Date()
        case FieldType.REFERENCE:
            return int, Integer()
        case FieldType.PORTS | FieldType.MULTI_ENUM:
            return list, JSONDocument
    raise ValueError(f"no column type for {field.type}")


def _field_column(field: FieldSpec) -> Any:
    _, sql_type = column_type(field)
    if field.type is FieldType.REFERENCE:
        return mapped_column(
            sql_type, ForeignKey(f"{field.references}.id", ondelete="SET NULL"), nullable=True, index=True
        )
    return mapped_column(sql_type, nullable=not field.required)


def _model_class_name(spec: EntitySpec) -> str:
    return "".join(part.capitalize() for part in spec.name.split("_")) + "Record"


def build_entity_model(spec: EntitySpec) -> type[Base]:
    """A declarative model for one entity: id, its fields, attributes_json, timestamps."""
    annotations: dict[str, Any] = {"id": Mapped[int]}
    namespace: dict[str, Any] = {
        "__tablename__": spec.table,
        "__doc__": f"A {spec.label} record; custom attributes live in attributes_json.",
        "id": mapped_column(Integer, primary_key=True),
    }
    for field in spec.fields:
        python_type, _ = column_type(field)
        annotations[field.column_name] = Mapped[python_type] if field.required else Mapped[python_type | None]
        namespace[field.column_name] = _field_column(field)
    if spec.name in REVIEWABLE_ENTITIES:
        annotations["needs_review"] = Mapped[bool]
        namespace["needs_review"] = mapped_column(Boolean, nullable=False, default=False, server_default=text("false"))
    annotations |= {
        "attributes_json": Mapped[dict[str, Any]],
        "created_at": Mapped[datetime],
        "updated_at": Mapped[datetime],
        "deleted_at": Mapped[datetime | None],
        "deleted_by": Mapped[str | None],
        "disabled_at": Mapped[datetime | None],
        "disabled_by": Mapped[str | None],
    }
    namespace |= {
        "attributes_json": mapped_column(
            JSONDocument, nullable=False, default=dict, server_default=EMPTY_JSON_OBJECT
        ),
        "created_at": mapped_column(TIMESTAMP, nullable=False, server_default=text("CURRENT_TIMESTAMP")),
        "updated_at": mapped_column(TIMESTAMP, nullable=False, server_default=text("CURRENT_TIMESTAMP")),
        # soft delete: set while the record is deleted (hidden from listings and exports), cleared by a restore
        "deleted_at": mapped_column(TIMESTAMP, nullable=True),
        "deleted_by": mapped_column(String(255), nullable=True),
        # disabled: set while the record is out of use (still listed, greyed; never a match target), cleared by enable
        "disabled_at": mapped_column(TIMESTAMP, nullable=True),
        "disabled_by": mapped_column(String(255), nullable=True),
        "__table_args__": (UniqueConstraint(*(spec.field(k).column_name for k in spec.natural_key)),),
        "__annotations__": annotations,
    }
    return type(_model_class_name(spec), (Base,), namespace)


ENTITY_MODELS: dict[str, type[Base]] = {name: build_entity_model(spec) for name, spec in ENTITY_SPECS.items()}


class ListingComponent(Base):
    """One part of a listing (its GPU, a Wi-Fi card...), with the record it names when one matches.

    The reference columns are one per entity a component type names
    (``COMPONENT_ENTITIES``); at most one is set. The rows of a listing are
    replaced as a whole when an import changes its component list.
    """

    __tablename__ = COMPONENTS_TABLE

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    listing_id: Mapped[int] = mapped_column(Integer, ForeignKey("listing.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    component_type: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(255))
    quantity: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    cpu_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("cpu.id", ondelete="SET NULL"), index=True)
    gpu_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("gpu.id", ondelete="SET NULL"), index=True)
    ports_profile_id: Mapped[int | None] = mapped_column(
        Integer, ForeignKey("ports_profile.id", ondelete="SET NULL"), index=True
    )
    metadata_json: Mapped[dict[str, Any]] = mapped_column(
        JSONDocument, nullable=False, default=dict, server_default=EMPTY_JSON_OBJECT
    )
    created_at: Mapped[datetime] = mapped_column(TIMESTAMP, nullable=False, server_default=text("CURRENT_TIMESTAMP"))


COMPONENT_REFERENCE_COLUMNS: dict[str, str] = {kind: f"{entity}_id" for kind, entity in COMPONENT_ENTITIES.items()}
"""Component type -> the ``listing_component`` column holding the id of the record it names."""
