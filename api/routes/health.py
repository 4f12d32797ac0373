"""`/healthz` (the process answers) and `/readyz` (database, migrations and Dagster instance usable)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from api import imports_runner
from api.deps import EngineDep, SettingsDep
from api.schemas.common import Health, Readiness
from dealbrain.db.migrate import current_revision, head_revision

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
def health() -> Any:
    """The server process is up."""
    return {"status": "ok"}


def _database(engine: EngineDep) -> str | None:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure means "not ready"
        return f"{type(error).__name__}: {error}"
    return None


@router.get("/readyz", response_model=Readiness, responses={503: {"model": Readiness}})
def readiness(settings: SettingsDep, engine: EngineDep) -> Any:
    """Ready when the database answers, is at the latest migration, and the Dagster instance answers."""
    checks: dict[str, Any] = {"database": {"ok": True}}
    problem = _database(engine)
    if problem:
        checks["database"] = {"ok": False, "problem": problem}
        checks["migrations"] = {"ok": False, "problem": "the database cannot be reached"}
    else:
        current, head = current_revision(engine), head_revision()
        checks["migrations"] = {"ok": current == head, "current": current, "head": head}
        if current != head:
            checks["migrations"]["problem"] = "run `importer db upgrade`"
    dagster_problem = imports_runner.instance_reachable(settings)
    checks["dagster_instance"] = {"ok": dagster_problem is None, **({"problem": dagster_problem} if dagster_problem else {})}
    ready = all(check["ok"] for check in checks.values())
    body = {"status": "ready" if ready else "not_ready", "checks": checks}
    return body if ready else JSONResponse(status_code=503, content=body)
