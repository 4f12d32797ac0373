"""``GET /v1/reference/{entity}/{id}/history``: where each stored value of a record came from.

A thin translation of `dealbrain.provenance.record_history` (which checks
the read permission): the session, file, sheet, source row and source column
(or the edit) that set each value, when, and what it replaced.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from api.deps import ActorDep, EngineDep
from api.routes.records import Entity
from api.schemas.common import ERROR_RESPONSES
from api.schemas.record_history import RecordHistoryOut
from dealbrain.provenance import record_history

router = APIRouter(prefix="/v1/reference/{entity}", tags=["records"], responses=ERROR_RESPONSES)


@router.get("/{id}/history", response_model=RecordHistoryOut)
def history(
    entity: Entity,
    engine: EngineDep,
    actor: ActorDep,
    key: Annotated[str, Path(alias="id", description="The record's name (a listing's title), letter case ignored, or its numeric id.")],
    field: Annotated[str | None, Query(max_length=200, description="Only this field (a custom field's key works too).")] = None,
) -> Any:
    """The provenance of every value of one record, oldest first, and which change set each current value."""
    return record_history(engine, actor, entity.value, key, field).as_dict()
