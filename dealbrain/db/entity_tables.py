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
    annotations |= {
        "attributes_json": Mapped[dict[str, Any]],
        "created_at": Mapped[datetime],
        "updated_at": Mapped[datetime],
        "deleted_at": Mapped[datetime | None],
        "deleted_by": Mapped[str | None],
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
        "__table_args__": (UniqueConstraint(*(spec.field(k).column_name for k in spec.natural_key)),),
        "__annotations__": annotations,
    }
    return type(_model_class_name(spec), (Base,), namespace)


ENTITY_MODELS: dict[str, type[Base]] = {name: build_entity_model(spec) for name, spec in ENTITY_SPECS.items()}
