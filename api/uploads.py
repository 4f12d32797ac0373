"""Receiving an uploaded file: its name made safe, its size capped while it streams in.

The file is kept in the session's own folder under the upload directory
(``sessions/<id>/<name>``) so that re-previews and the commit read the very
same bytes; the import run then checks it with the importer's hostile-file
guards and stores it under its sha256 as every import does.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from fastapi import UploadFile

from api.errors import PayloadTooLarge
from dealbrain.ingest import FileRejected, sanitize_display_name
from dealbrain.settings import ImporterSettings

CHUNK = 1024 * 1024
SUPPORTED_SUFFIXES = (".xlsx", ".csv", ".tsv", ".txt")


def session_folder(settings: ImporterSettings, session_id: str) -> Path:
    return settings.effective_upload_dir / "sessions" / session_id


async def save_upload(settings: ImporterSettings, session_id: str, upload: UploadFile) -> Path:
    """Write ``upload`` to the session folder; refuse a bad name, an unknown type or too many bytes."""
    name = sanitize_display_name(upload.filename or "")
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise FileRejected(
            f"{name!r} is not a file the importer reads", reason="unsupported_type",
            fix=f"Upload an .xlsx, .csv or .tsv file (got {Path(name).suffix or 'no extension'}).", file=name,
        )
    folder = session_folder(settings, session_id)
    folder.mkdir(parents=True, exist_ok=True)
    target, written, limit = folder / name, 0, settings.api_max_upload_bytes
    try:
        with target.open("wb") as out:
            while chunk := await upload.read(CHUNK):
                written += len(chunk)
                if written > limit:
                    raise PayloadTooLarge(
                        f"The upload {name!r} is larger than the {limit // (1024 * 1024)} MB this server accepts; "
                        "split it into smaller files or ask the operator to raise IMPORTER_API_MAX_UPLOAD_BYTES.",
                        limit_bytes=limit,
                    )
                out.write(chunk)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return target


def discard_session_folder(settings: ImporterSettings, session_id: str) -> None:
    shutil.rmtree(session_folder(settings, session_id), ignore_errors=True)
