"""`/v1/reference/{entity}/export`: every (or a filtered subset of the) stored records as CSV or xlsx."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import ActorDep, EngineDep
from dealbrain.export.records import as_xlsx, export_rows
from dealbrain.export.safe_csv import as_csv
from api.routes.records import Entity
from api.schemas.common import ERROR_RESPONSES

router = APIRouter(prefix="/v1/reference/{entity}", tags=["exports"], responses=ERROR_RESPONSES)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/export", response_class=Response,
            responses={200: {"content": {"text/csv": {}, XLSX: {}}, "description": "The file."}})
def export(
    entity: Entity,
    engine: EngineDep,
    actor: ActorDep,
    format: Annotated[Literal["csv", "xlsx"], Query()] = "xlsx",  # noqa: A002 - the query parameter's name
    where: Annotated[str | None, Query(max_length=2000)] = None,
    include_deleted: Annotated[bool, Query(description="Export soft-deleted records too.")] = False,
) -> Response:
    """Download the records; importing the xlsx (or CSV) again changes nothing."""
    spec, header, rows = export_rows(engine, actor, entity.value, where, include_deleted=include_deleted)
    filename = f"{spec.name}.{format}"
    disposition = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if format == "csv":
        return Response(as_csv(header, rows), media_type="text/csv; charset=utf-8", headers=disposition)
    return Response(as_xlsx(spec.name, header, rows), media_type=XLSX, headers=disposition)
