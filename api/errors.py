"""The one translation of the domain's refusals into JSON HTTP responses.

Every error a client can cause already derives from an error class of the
package it belongs to and carries a message saying what was wrong and what to
do. This module only picks the status code for each family; the body is always
``{"detail": message, "error": kind}`` plus a few fields that help a program
(the permission needed, the file location, the failing values). Anything else
is logged on the server and answered with a 500 that holds no stack trace.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from dealbrain.auth import AuthenticationError, PermissionDeniedError, UserError
from dealbrain.auth.local_user import AuthenticationRequiredError
from dealbrain.customfields.errors import (
    DuplicateField,
    FieldNotFound,
    ImpactConfirmationRequired,
    InvalidFieldState,
)
from dealbrain.db.migrate import SchemaOutdatedError
from dealbrain.importing.errors import OPERATOR_ERRORS
from dealbrain.importing.promotion import PromotionConflictError
from dealbrain.importing.stages.commit import CommitRefusedError
from dealbrain.importing.undo import UndoRefusedError
from dealbrain.ingest import FileRejected
from dealbrain.profiles import ProfileError, ProfileNotFound, ProfileSessionNotCommitted
from dealbrain.records.errors import (
    NothingSelectedError,
    RecordEditError,
    RecordNotFoundError,
    RecordRefusedError,
    RecordValidationError,
)
from dealbrain.specs import UnknownEntityError

LOG = logging.getLogger("api")


class ApiError(Exception):
    """A refusal raised by the API layer itself (unknown session, stale confirmation token...)."""

    status_code = 400
    kind = "bad_request"

    def __init__(self, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.extra = extra


class NotFound(ApiError):
    status_code = 404
    kind = "not_found"


class Conflict(ApiError):
    status_code = 409
    kind = "conflict"


class Unauthorized(ApiError):
    status_code = 401
    kind = "unauthenticated"


class TooManyAttempts(ApiError):
    status_code = 429
    kind = "too_many_failed_tokens"


class PayloadTooLarge(ApiError):
    status_code = 413
    kind = "upload_too_large"


STATUS_BY_ERROR: tuple[tuple[type[Exception], int, str], ...] = (
    # Most specific first: the first matching class wins.
    (AuthenticationRequiredError, 503, "authentication_required"),
    (AuthenticationError, 401, "unauthenticated"),
    (PermissionDeniedError, 403, "permission_denied"),
    (RecordNotFoundError, 404, "not_found"),
    (FieldNotFound, 404, "not_found"),
    (UnknownEntityError, 404, "unknown_entity"),
    (DuplicateField, 409, "duplicate"),
    (InvalidFieldState, 409, "invalid_state"),
    (ImpactConfirmationRequired, 409, "confirmation_required"),
    (PromotionConflictError, 409, "conflict"),
    (CommitRefusedError, 409, "commit_refused"),
    (UndoRefusedError, 409, "undo_refused"),
    (NothingSelectedError, 409, "nothing_selected"),
    (ProfileNotFound, 404, "not_found"),
    (ProfileSessionNotCommitted, 409, "not_committed"),
    (ProfileError, 400, "bad_request"),
    (RecordValidationError, 422, "invalid_values"),
    (RecordRefusedError, 422, "refused"),
    (RecordEditError, 400, "bad_request"),
    (FileRejected, 422, "file_rejected"),
    (UserError, 400, "bad_request"),
    (SchemaOutdatedError, 503, "schema_outdated"),
    (ValueError, 400, "bad_request"),
)
DOMAIN_ERRORS: tuple[type[Exception], ...] = (
    *OPERATOR_ERRORS, AuthenticationError, UserError, RecordEditError, ProfileError,
)
"""Every refusal a client can cause; `install_error_handlers` registers one handler for all of them."""


def _status(error: Exception) -> tuple[int, str]:
    if isinstance(error, ApiError):
        return error.status_code, error.kind
    for kind, status, name in STATUS_BY_ERROR:
        if isinstance(error, kind):
            return status, name
    return 400, "bad_request"


def _extra(error: Exception) -> dict[str, Any]:
    if isinstance(error, ApiError):
        return dict(error.extra)
    if isinstance(error, PermissionDeniedError):
        return {"permission": error.permission.value, "role": error.actor.role.value}
    if isinstance(error, FileRejected):
        return {"reason": error.reason, "sheet": error.sheet, "row": error.row, "column": error.column}
    if isinstance(error, RecordValidationError):
        return {"failures": error.failures}
    if isinstance(error, ImpactConfirmationRequired):
        return {"impact": error.report.as_dict()}
    return {}


def error_response(error: Exception) -> JSONResponse:
    """The JSON answer to a refusal: status, message, kind and helpful fields."""
    status, kind = _status(error)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    if isinstance(error, TooManyAttempts):
        headers = {"Retry-After": str(error.extra.get("retry_after", 60))}
    body = {"detail": str(error), "error": kind, **_extra(error)}
    return JSONResponse(status_code=status, content=body, headers=headers)


async def _domain_error(_request: Request, error: Exception) -> JSONResponse:
    return error_response(error)


def _problem(item: dict[str, Any]) -> str:
    """Pydantic's message, naming the value sent when it is not one of the allowed choices."""
    if item.get("type") == "enum" and "expected" in item.get("ctx", {}):
        return f"{item.get('input')!r} is not one of {item['ctx']['expected']}"
    return str(item.get("msg", ""))


async def _invalid_request(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = [
        {"where": ".".join(str(part) for part in item.get("loc", ())), "problem": _problem(item)}
        for item in error.errors()
    ]
    message = "; ".join(f"{p['where']}: {p['problem']}" for p in problems) or "the request is not valid"
    return JSONResponse(
        status_code=422, content={"detail": f"Invalid request: {message}.", "error": "invalid_request", "problems": problems}
    )


async def _http_error(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    return JSONResponse(
        status_code=error.status_code, content={"detail": str(error.detail), "error": "http_error"}, headers=error.headers
    )


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    LOG.exception("unexpected error answering %s %s", request.method, request.url.path, exc_info=error)
    return JSONResponse(
        status_code=500,
        content={"detail": "The server failed to answer this request; the error is in the server's log.", "error": "internal"},
    )


def install_error_handlers(app: FastAPI) -> None:
    """Register the domain handler for every client-caused error family, and JSON for the rest."""
    for kind in (*DOMAIN_ERRORS, ApiError):
        app.add_exception_handler(kind, _domain_error)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
