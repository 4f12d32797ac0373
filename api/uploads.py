"""Receiving an uploaded file: its name made safe, its size capped while it streams in, kept once.

The bytes stream into a temporary file under the upload store, which then
keeps them under their sha256 (``<upload dir>/<sha[:2]>/<sha>.<ext>``), as
every import does. The session's import config names that stored file (and
the uploaded name as ``source_name``), so re-previews and the commit read the
very same bytes and the import stage refers to the stored file instead of
storing it a second time. The import run checks the file with the importer's
hostile-file guards.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from fastapi import UploadFile

from api.errors import PayloadTooLarge
from dealbrain.ingest import (
    FileRejected,
    StoredUpload,
    UploadStore,
    sanitize_display_name,
)
from dealbrain.ingest.file_kind import FORMAT_BY_EXTENSION
from dealbrain.settings import ImporterSettings

CHUNK = 1024 * 1024
SUPPORTED_SUFFIXES = frozenset(FORMAT_BY_EXTENSION)
"""Every extension the importer reads (the one list, in `dealbrain.ingest.file_kind`)."""
RECEIVING_DIR = ".receiving"
"""Under the upload directory: uploads still streaming in (never read by an import)."""


def upload_store(settings: ImporterSettings) -> UploadStore:
    return UploadStore(settings.effective_upload_dir)


def checked_name(upload: UploadFile) -> str:
    """The upload's display name; a bad name or an unknown type is refused before any byte is read."""
    name = sanitize_display_name(upload.filename or "")
    if Path(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        raise FileRejected(
            f"{name!r} is not a file the importer reads", reason="unsupported_type",
            fix=f"Upload one of {', '.join(sorted(SUPPORTED_SUFFIXES))} (got {Path(name).suffix or 'no extension'}).", file=name,
        )
    return name


async def save_upload(settings: ImporterSettings, upload: UploadFile) -> StoredUpload:
    """Keep ``upload`` in the upload store; refuse a bad name, an unknown type or too many bytes."""
    name = checked_name(upload)
    receiving = settings.effective_upload_dir / RECEIVING_DIR
    receiving.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=receiving, suffix=Path(name).suffix.lower())
    temp, written, limit = Path(temp_name), 0, settings.api_max_upload_bytes
    try:
        with os.fdopen(handle, "wb") as out:
            while chunk := await upload.read(CHUNK):
                written += len(chunk)
                if written > limit:
                    raise PayloadTooLarge(
                        f"The upload {name!r} is larger than the {limit // (1024 * 1024)} MB this server accepts; "
                        "split it into smaller files or ask the operator to raise IMPORTER_API_MAX_UPLOAD_BYTES.",
                        limit_bytes=limit,
                    )
                out.write(chunk)
        return upload_store(settings).store(temp, original_name=name)
    finally:
        temp.unlink(missing_ok=True)


def discard_new_upload(settings: ImporterSettings, stored: StoredUpload) -> None:
    """Forget an upload no session kept (its import was refused), unless the same bytes were stored before."""
    if not stored.already_present:
        upload_store(settings).discard(stored.sha256)
