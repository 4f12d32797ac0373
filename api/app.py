"""The app factory: `create_app(settings)` builds the HTTP API over the importer's services.

One settings object (the same `ImporterSettings` the CLI reads) gives the
database and the Dagster instance. With authentication off every request acts
as the local user and every response says so in ``X-Importer-Auth``.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from types import ModuleType

from fastapi import FastAPI, Request, Response

from api.change_reporting import ReportTableChanges
from api.errors import install_error_handlers
from api.openapi_links import install_links
from api.rate_limit import FailedTokenLimiter
from api.routes import audit, custom_fields, exports, health, imports, profiles, record_history, records
from dealbrain.db.connect import open_database
from dealbrain.settings import ImporterSettings, load_settings

AUTH_HEADER = "X-Importer-Auth"
RUN_WORKERS = 2
"""Import runs executing at once in the background (the machine's cores)."""
DESCRIPTION = """\
The Deal Brain importer's HTTP API: import sessions (the original product's routes and shapes),
custom fields, reference records, import profiles, the audit log and exports.

Authentication: send a user token as `Authorization: Bearer TOKEN` when the server runs with
`IMPORTER_AUTH_ENABLED=true`. Otherwise every request acts as the local user with the admin role,
and each response carries the header `X-Importer-Auth: off; acting as NAME (admin)`.
Errors are JSON: `{"detail": "what was wrong and what to do", "error": "kind", ...}`.
"""


LEGACY_ROUTERS = (imports, custom_fields)
"""The original product's routes (import sessions, custom fields): served while `legacy_api_routes` is on."""


def routers_for(settings: ImporterSettings) -> list[ModuleType]:
    """The route modules this deployment serves: the legacy ones only where the environment keeps them."""
    legacy = list(LEGACY_ROUTERS) if settings.environment.switches.legacy_api_routes else []
    return [health, *legacy, records, record_history, exports, audit, profiles]


def create_app(settings: ImporterSettings | None = None) -> FastAPI:
    """The API on ``settings`` (default: read from the environment)."""
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.runs.shutdown(wait=True)
        app.state.engine.dispose()

    app = FastAPI(title="Deal Brain importer", version="1", description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.engine = open_database(settings)
    app.state.token_limiter = FailedTokenLimiter()
    app.state.confirmation_secret = secrets.token_bytes(32)
    app.state.runs = ThreadPoolExecutor(max_workers=RUN_WORKERS, thread_name_prefix="import-run")
    app.state.pending = {}
    install_error_handlers(app)
    for module in routers_for(settings):
        app.include_router(module.router)
    app.add_middleware(ReportTableChanges, settings=settings, engine=app.state.engine)
    install_links(app)
    if not settings.auth_enabled:
        notice = f"off; acting as {settings.actor} (admin)"

        @app.middleware("http")
        async def say_auth_is_off(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
            response = await call_next(request)
            response.headers[AUTH_HEADER] = notice
            return response

    return app
