"""Stage 1: keep the upload, parse every sheet, open the import session."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from dealbrain.db.engine import transaction
from dealbrain.importing.request import ImportRequest, ImportRequestError
from dealbrain.ingest import RawSheet, ReadLimits, StoredUpload, UploadStore, read_workbook
from dealbrain.store.sessions import open_import_session, sessions_with_checksum, update_import_session


@dataclass
class ParsedUpload:
    """The stored upload and every sheet of it as text."""

    request: ImportRequest
    upload: StoredUpload
    sheets: list[RawSheet]
    warnings: list[str] = field(default_factory=list)

    def sheet_summary(self) -> list[dict[str, object]]:
        return [
            {
                "sheet": sheet.name,
                "rows": sheet.frame.height,
                "columns": sheet.frame.width - 1,
                "header_row": sheet.header_row,
                "notes": " ".join(sheet.notes),
            }
            for sheet in self.sheets
        ]


def readable_file(path: Path) -> Path:
    """``path`` if it is a file this process can read; otherwise an `ImportRequestError` saying which and what to do."""
    if not path.exists():
        problem = "does not exist"
    elif not path.is_file():
        problem = "is a folder, not a file"
    else:
        try:
            with path.open("rb"):
                return path
        except OSError as error:
            problem = f"cannot be read ({error.strerror or error})"
    raise ImportRequestError(
        f"The file {str(path)!r} named in the import config {problem}; give the path of a spreadsheet the importer "
        "can read (for example one in the inbox folder)."
    )


def parse_upload(
    request: ImportRequest, engine: Engine, store: UploadStore, limits: ReadLimits | None = None
) -> ParsedUpload:
    """Read the file (refusing hostile input before anything is kept), store it by sha256, open the session."""
    workbook = read_workbook(
        readable_file(request.file_path), source_name=request.source_name, limits=limits or ReadLimits(),
        record_path=request.record_path,
    )
    upload = store.already_stored(request.file_path, request.source_name) or store.store(
        request.file_path, original_name=request.source_name
    )
    parsed = ParsedUpload(request=request, upload=upload, sheets=list(workbook.sheets))
    with transaction(engine) as session:
        open_import_session(
            session, session_id=request.session_id, source_filename=upload.original_name,
            checksum=upload.sha256, actor=request.actor,
        )
        earlier = sessions_with_checksum(session, upload.sha256, excluding=request.session_id)
        update_import_session(session, request.session_id, sheet_meta_json=parsed.sheet_summary())
    if upload.already_present or earlier:
        seen_in = f" (sessions {', '.join(earlier)})" if earlier else ""
        parsed.warnings.append(f"This exact file (sha256 {upload.sha256[:12]}…) was uploaded before{seen_in}.")
    return parsed
