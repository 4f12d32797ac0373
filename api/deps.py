"""What every route shares, declared once: settings, the database engine and the acting user.

Routes take these as ``Annotated`` aliases (``settings: SettingsDep``,
``engine: EngineDep``, ``actor: ActorDep``); the app factory stores the
settings, the engine and the failed-token limiter on ``app.state``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Engine

from api.errors import TooManyAttempts, Unauthorized
from api.rate_limit import FailedTokenLimiter
from dealbrain.auth import Actor, AuthenticationError
from dealbrain.auth.environment_policy import within_environment
from dealbrain.auth.local_user import local_actor
from dealbrain.auth.users import authenticate
from dealbrain.settings import ImporterSettings

NO_TOKEN = (
    "Authentication is on: send your user token as 'Authorization: Bearer TOKEN'. An admin issues one with "
    "`importer users add` or `importer users token`."
)
bearer = HTTPBearer(auto_error=False, description="A user token issued by `importer users add` or `importer users token`.")


def get_settings(request: Request) -> ImporterSettings:
    return request.app.state.settings


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


SettingsDep = Annotated[ImporterSettings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def current_actor(
    request: Request,
    settings: SettingsDep,
    engine: EngineDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Actor:
    """Authentication off: the local user as admin. On: the user whose Bearer token was sent, or 401."""
    if not settings.auth_enabled:
        return local_actor(settings)
    limiter: FailedTokenLimiter = request.app.state.token_limiter
    address = client_address(request)
    wait = limiter.retry_after(address)
    if wait is not None:
        raise TooManyAttempts(
            f"Too many failed tokens from {address}; wait {wait} s before trying again.", retry_after=wait
        )
    if credentials is None or not credentials.credentials.strip():
        raise Unauthorized(NO_TOKEN)
    try:
        return within_environment(authenticate(engine, credentials.credentials.strip()), settings.environment)
    except AuthenticationError as error:
        limiter.record_failure(address)
        raise Unauthorized(f"{error} Send a valid token as 'Authorization: Bearer TOKEN'.") from None


ActorDep = Annotated[Actor, Depends(current_actor)]
