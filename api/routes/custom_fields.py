"""`/v1/reference/custom-fields`: the original product's custom-field routes over `CustomFieldService`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import Engine

from api.deps import ActorDep, EngineDep
from api.errors import ApiError, NotFound
from api.schemas.common import ERROR_RESPONSES
from api.schemas.custom_fields import (
    CustomField,
    CustomFieldCreate,
    CustomFieldList,
    CustomFieldUpdate,
)
from dealbrain.auth import Actor
from dealbrain.auth.users import as_utc
from dealbrain.customfields.definition import FieldDefinition, FieldStatus
from dealbrain.customfields.service import CustomFieldService

router = APIRouter(prefix="/v1/reference/custom-fields", tags=["custom fields"], responses=ERROR_RESPONSES)
RULES = ("minimum", "maximum", "max_length", "pattern")


def field_document(definition: FieldDefinition) -> dict[str, Any]:
    """A definition under the original API's names (``data_type``, ``default_value``, ``validation``...)."""
    data = definition.as_dict()
    return {
        "id": data["id"], "entity": data["entity"], "key": data["key"], "label": data["label"],
        "data_type": data["type"], "description": data["description"], "required": data["required"],
        "default_value": data["default"], "options": data["options"],
        "is_active": definition.status is FieldStatus.ACTIVE, "visibility": data["visibility"],
        "validation": {name: data[name] for name in RULES} | {"retired_options": data["retired_options"]},
        "display_order": data["display_order"], "status": data["status"], "created_by": data["created_by"],
        "created_at": as_utc(definition.created_at), "updated_at": as_utc(definition.updated_at),
        "deleted_at": as_utc(definition.deleted_at),
    }


def create_field(engine: Engine, actor: Actor, body: CustomFieldCreate) -> FieldDefinition:
    return CustomFieldService(engine, actor).create(body.entity, body.key, body.inputs())


def _by_id(service: CustomFieldService, field_id: int) -> FieldDefinition:
    found = next((d for d in service.list_fields(include_deleted=True) if d.id == field_id), None)
    if found is None:
        raise NotFound(f"There is no custom field with id {field_id}; GET /v1/reference/custom-fields lists them.")
    return found


@router.get("", response_model=CustomFieldList)
def list_fields(
    engine: EngineDep,
    actor: ActorDep,
    entity: str | None = None,
    include_inactive: bool = False,
    include_deleted: bool = False,
) -> Any:
    """Custom fields, optionally of one entity; pending (inactive) and deleted ones only when asked."""
    definitions = CustomFieldService(engine, actor).list_fields(entity or None, include_deleted=include_deleted)
    if not include_inactive:
        definitions = [d for d in definitions if d.status is not FieldStatus.PENDING]
    return {"fields": [field_document(d) for d in definitions]}


@router.post("", status_code=201, response_model=CustomField)
def create(body: CustomFieldCreate, engine: EngineDep, actor: ActorDep) -> Any:
    """Create a field (an operator's proposal waits for an admin's approval)."""
    return field_document(create_field(engine, actor, body))


@router.patch("/{field_id}", response_model=CustomField)
def update(field_id: int, body: CustomFieldUpdate, engine: EngineDep, actor: ActorDep) -> Any:
    """Change a field; a change that makes stored values invalid is a 409 until sent with ``confirm``."""
    service = CustomFieldService(engine, actor)
    current = _by_id(service, field_id)
    if body.is_active is False:
        raise ApiError("is_active: false is not a change this API makes; DELETE the field to hide it.")
    result = current
    if body.is_active and current.status is FieldStatus.PENDING:
        result = service.approve(current.entity, current.key)
    if body.changes_definition():
        result = service.update(current.entity, current.key, body.inputs().change(), confirm=body.confirm)
    return field_document(result)


@router.delete("/{field_id}", response_model=CustomField)
def delete(
    field_id: int, engine: EngineDep, actor: ActorDep, hard_delete: Annotated[bool, Query()] = False
) -> Any:
    """Soft delete (values kept, restorable), or with ``hard_delete`` remove the field and its values."""
    service = CustomFieldService(engine, actor)
    current = _by_id(service, field_id)
    return field_document(service.delete(current.entity, current.key, hard=hard_delete))


@router.post("/{field_id}/restore", response_model=CustomField)
def restore(field_id: int, engine: EngineDep, actor: ActorDep) -> Any:
    """Extension: bring back a soft-deleted field."""
    service = CustomFieldService(engine, actor)
    current = _by_id(service, field_id)
    return field_document(service.restore(current.entity, current.key))
