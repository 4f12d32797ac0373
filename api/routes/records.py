"""`/v1/reference/{entity}/...`: list, read, edit, bulk-edit, soft-delete, restore, disable, enable and review records through `RecordService`."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import Engine

from api.bulk_confirmation import confirmation_token, matches
from api.deps import ActorDep, EngineDep
from api.errors import ApiError, Conflict
from api.records_query import filter_for_keys, keys_for_ids, list_records
from api.schemas.common import ERROR_RESPONSES
from api.schemas.records import (
    BulkChangeOut,
    BulkDelete,
    BulkDisable,
    BulkReview,
    BulkUpdate,
    RecordChangeOut,
    RecordPage,
    RecordPatch,
)
from dealbrain.records.results import BulkChange
from dealbrain.records.service import RecordService
from dealbrain.specs import ENTITY_NAMES, get_entity_spec

Entity = StrEnum("Entity", {name: name for name in ENTITY_NAMES})  # type: ignore[misc]
router = APIRouter(prefix="/v1/reference/{entity}", tags=["records"], responses=ERROR_RESPONSES)
SHOWN_RECORDS = 200


def cell_text(value: Any) -> str | None:
    """A JSON value as the text a person would type in a cell (the services read typed-in text)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def changes_of(patch: RecordPatch) -> dict[str, str | None]:
    both = set(patch.fields) & set(patch.attributes)
    if both:
        raise ApiError(f"{', '.join(sorted(both))} given both in fields and attributes; give each once.")
    return {name: cell_text(value) for name, value in {**patch.fields, **patch.attributes}.items()}


@router.get("/records", response_model=RecordPage)
def list_(
    entity: Entity,
    engine: EngineDep,
    actor: ActorDep,
    where: Annotated[str | None, Query(max_length=2000, description="Filter, e.g. 'cores >= 8 and name contains \"Ryzen\"'.")] = None,
    sort: Annotated[str | None, Query(max_length=100, description="A field name; prefix '-' for descending.")] = None,
    fields: Annotated[str | None, Query(max_length=2000, description="Comma-separated fields to return (custom ones too).")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
    include_deleted: Annotated[bool, Query(description="List soft-deleted records too (each says deleted_at).")] = False,
    disabled: Annotated[bool | None, Query(description="true: only disabled records; false: only enabled ones.")] = None,
) -> Any:
    """Stored records, filtered, sorted and paged; soft-deleted ones only when asked; each says if it is disabled."""
    page = list_records(engine, actor, entity.value, where=where, sort=sort, limit=limit, offset=offset, fields=fields,
                        include_deleted=include_deleted, disabled=disabled)
    return {"entity": entity.value, "total": page.total, "limit": limit, "offset": offset, "records": page.records}


@router.get("/records/{key}", response_model=dict[str, Any])
def get(entity: Entity, key: str, engine: EngineDep, actor: ActorDep) -> Any:
    """One record by its name (a listing's title), letter case ignored."""
    return RecordService(engine, actor).get(entity.value, key)


@router.patch("/records/{key}", response_model=RecordChangeOut)
def patch(entity: Entity, key: str, body: RecordPatch, engine: EngineDep, actor: ActorDep) -> Any:
    """Change standard fields and custom attributes of one record; validated, audited, undoable."""
    changes = changes_of(body)
    if not changes:
        raise ApiError("Nothing to change: send fields and/or attributes.")
    return RecordService(engine, actor).update(entity.value, key, changes).as_dict()


@router.post("/bulk-update", response_model=BulkChangeOut)
def bulk_update(entity: Entity, body: BulkUpdate, request: Request, engine: EngineDep, actor: ActorDep) -> Any:
    """Change every record a filter (or a list of ids) selects: a dry run returns the token the real call needs."""
    where = _selection(engine, entity.value, body.where, body.ids)
    changes = changes_of(body.changes)
    if not changes:
        raise ApiError("Nothing to change: send changes.fields and/or changes.attributes.")
    service = RecordService(engine, actor)
    return _confirmed(request, "bulk update", body.dry_run, body.confirmation_token,
                      lambda dry_run: service.bulk_update(entity.value, where, changes, dry_run=dry_run))


@router.delete("/records/{key}", response_model=BulkChangeOut)
def delete(entity: Entity, key: str, engine: EngineDep, actor: ActorDep) -> Any:
    """Soft-delete one record: hidden from lists and exports until restored; audited, undoable."""
    return RecordService(engine, actor).delete(entity.value, key).as_dict()


@router.post("/records/{key}/restore", response_model=BulkChangeOut)
def restore(entity: Entity, key: str, engine: EngineDep, actor: ActorDep) -> Any:
    """Restore one soft-deleted record."""
    return RecordService(engine, actor).restore(entity.value, key).as_dict()


@router.post("/bulk-delete", response_model=BulkChangeOut)
def bulk_delete(entity: Entity, body: BulkDelete, request: Request, engine: EngineDep, actor: ActorDep) -> Any:
    """Soft-delete (or with ``restore`` restore) every record selected: dry run first, then its confirmation token."""
    where = _selection(engine, entity.value, body.where, body.ids)
    service = RecordService(engine, actor)
    return _confirmed(request, "bulk delete or restore", body.dry_run, body.confirmation_token,
                      lambda dry_run: service.bulk_delete(entity.value, where, restore=body.restore, dry_run=dry_run))


@router.post("/records/{key}/disable", response_model=BulkChangeOut)
def disable(entity: Entity, key: str, engine: EngineDep, actor: ActorDep) -> Any:
    """Disable one record: still listed, but imports do not enable it and listings are not matched to it; undoable."""
    return RecordService(engine, actor).disable(entity.value, key).as_dict()


@router.post("/records/{key}/enable", response_model=BulkChangeOut)
def enable(entity: Entity, key: str, engine: EngineDep, actor: ActorDep) -> Any:
    """Enable one disabled record again."""
    return RecordService(engine, actor).enable(entity.value, key).as_dict()


@router.post("/bulk-disable", response_model=BulkChangeOut)
def bulk_disable(entity: Entity, body: BulkDisable, request: Request, engine: EngineDep, actor: ActorDep) -> Any:
    """Disable (or with ``enable`` enable) every record selected: dry run first, then its confirmation token."""
    where = _selection(engine, entity.value, body.where, body.ids)
    service = RecordService(engine, actor)
    return _confirmed(request, "bulk disable or enable", body.dry_run, body.confirmation_token,
                      lambda dry_run: service.bulk_disable(entity.value, where, enable=body.enable, dry_run=dry_run))


@router.post("/records/{key}/review", response_model=BulkChangeOut)
def review(entity: Entity, key: str, engine: EngineDep, actor: ActorDep) -> Any:
    """Mark one record created from a listing's names (a CPU, GPU or ports profile) reviewed; audited, undoable."""
    return RecordService(engine, actor).mark_reviewed(entity.value, key).as_dict()


@router.post("/bulk-review", response_model=BulkChangeOut)
def bulk_review(entity: Entity, body: BulkReview, request: Request, engine: EngineDep, actor: ActorDep) -> Any:
    """Mark every record selected reviewed (or with ``needs_review`` flag them again): dry run first, then its token."""
    where = _selection(engine, entity.value, body.where, body.ids)
    service = RecordService(engine, actor)
    return _confirmed(request, "bulk review", body.dry_run, body.confirmation_token,
                      lambda dry_run: service.bulk_review(entity.value, where, needs_review=body.needs_review, dry_run=dry_run))


def _selection(engine: Engine, entity: str, where: str | None, ids: list[int] | None) -> str:
    """The filter a bulk call selects with: its ``where``, or its ``ids`` as a filter; exactly one of them."""
    if bool(where and where.strip()) == bool(ids):
        raise ApiError("Give either where (a filter) or ids, not both and not neither.")
    spec = get_entity_spec(entity)
    return where if where else filter_for_keys(spec, keys_for_ids(engine, spec, ids or []))


def _confirmed(
    request: Request, what: str, dry_run: bool, token: str | None, run: Callable[[bool], BulkChange]
) -> dict[str, Any]:
    """The dry-run-and-confirm contract: a dry run returns its token; the real call must present it."""
    secret = request.app.state.confirmation_secret
    planned = run(True)
    if dry_run:
        return planned.as_dict(SHOWN_RECORDS) | {"confirmation_token": confirmation_token(secret, planned)}
    if not token:
        raise Conflict(f"A {what} needs the confirmation_token of its dry run: send the same request with "
                       "dry_run true, check the records it lists, then send it again with that token.",
                       kind_hint="confirmation_required")
    if not matches(secret, planned, token):
        raise Conflict("The confirmation token does not match this change: the selection, the changes or the records "
                       "changed since the dry run. Do a new dry run and confirm what it shows.")
    return run(False).as_dict(SHOWN_RECORDS)
