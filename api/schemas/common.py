"""Bodies shared by every resource: errors and health."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class ErrorBody(BaseModel):
    """Every refusal: a sentence saying what was wrong and what to do, and a short machine-readable kind."""

    model_config = ConfigDict(extra="allow")

    detail: str
    error: str


class Health(BaseModel):
    status: str


class Readiness(BaseModel):
    status: str
    checks: dict[str, Any]


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in {
        400: "The request cannot be understood; the detail says which part.",
        401: "No token, or a token that is not valid (authentication on).",
        403: "The user's role lacks the permission named in the body.",
        404: "No such session, record, field or entity.",
        409: "The request conflicts with the stored state (stale preview, duplicate, confirmation needed).",
        413: "The upload is larger than the server accepts.",
        422: "The values or the file were refused; the detail says where.",
        429: "Too many failed tokens from this address.",
    }.items()
}
