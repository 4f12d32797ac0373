"""Recording, on each previewed session, the options it used and the profile version and source behind them."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from dealbrain.db.models import SessionProfileUse
from dealbrain.importing.request import ImportRequest
from dealbrain.importing.rerun_config import request_options


def request_document(request: ImportRequest) -> dict[str, Any]:
    """The request as an `ImportOptions` document (what a profile saved from the session holds)."""
    document = request_options(request)
    if request.record_path:
        document["record_path"] = request.record_path
    return document


def record_session_use(session: Session, request: ImportRequest, snapshot: dict[str, Any]) -> None:
    """Write (or replace, on a new preview) the session's options, profile version, source and drift snapshot."""
    row = session.get(SessionProfileUse, request.session_id) or SessionProfileUse(session_id=request.session_id)
    row.options_json = request_document(request)
    row.profile_name = request.profile
    row.profile_version = request.profile_version
    row.source_name = request.source
    row.snapshot_json = snapshot
    session.add(row)
