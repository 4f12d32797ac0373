"""`/v1/profiles`: import profiles listed, shown with their history, and saved (from a committed session or a body).

Thin over `ProfileService`, which checks the permissions (reading for
everyone who may read, saving for those who may commit imports) and audits
each new version. Saving content equal to the current version writes
nothing and answers 200 with ``created: false``; a new version is 201.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Path, Response

from api.deps import ActorDep, EngineDep
from api.schemas.common import ERROR_RESPONSES
from api.schemas.profiles import (
    ProfileDetailOut,
    ProfileFromSession,
    ProfileList,
    ProfileVersionIn,
    SavedProfileOut,
)
from dealbrain.profiles import ProfileService, SavedProfile

router = APIRouter(prefix="/v1/profiles", tags=["profiles"], responses=ERROR_RESPONSES)
ProfileName = Annotated[str, Path(min_length=1, max_length=128, description="The profile's name (see `GET /v1/profiles`).")]


def _saved(response: Response, saved: SavedProfile) -> dict[str, Any]:
    response.status_code = 201 if saved.created else 200
    return asdict(saved)


@router.get("", response_model=ProfileList)
def list_profiles(engine: EngineDep, actor: ActorDep) -> Any:
    """Every profile with its current version and how many sessions used it."""
    return {"profiles": [asdict(p) for p in ProfileService(engine).list(actor)]}


@router.get("/{name}", response_model=ProfileDetailOut)
def show_profile(name: ProfileName, engine: EngineDep, actor: ActorDep) -> Any:
    """One profile: its current options, then every version with who saved it, from where, and what it changed."""
    detail = ProfileService(engine).show(actor, name)
    return {"name": detail.name, "current_version": detail.current_version, "current": asdict(detail.current),
            "versions": [asdict(v) for v in detail.versions]}


@router.post("/{name}/from-session", status_code=201, response_model=SavedProfileOut, responses={200: {"model": SavedProfileOut}})
def save_from_session(name: ProfileName, body: ProfileFromSession, response: Response, engine: EngineDep, actor: ActorDep) -> Any:
    """Save the decisions of a committed session as the profile's next version (the profile is created if new)."""
    return _saved(response, ProfileService(engine).save_from_session(actor, name, body.session_id, note=body.note))


@router.post("/{name}/versions", status_code=201, response_model=SavedProfileOut, responses={200: {"model": SavedProfileOut}})
def save_version(name: ProfileName, body: ProfileVersionIn, response: Response, engine: EngineDep, actor: ActorDep) -> Any:
    """Save the options sent as the profile's next version (the profile is created if new)."""
    document = body.options.model_dump(mode="json", exclude_unset=True)
    saved = ProfileService(engine).save_from_config(actor, name, document, origin="API request body", note=body.note)
    return _saved(response, saved)
