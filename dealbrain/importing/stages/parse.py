"""Stage 1: keep the upload, parse every sheet, open the import session."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from dealbrain.db.engine import transaction
from dealbrain.importing.request import ImportRequest
from dealbrain.importing.session_store import open_import_session, sessions_with_checksum, update_import_session
from dealbrain.ingest import ReadLimits, StoredUpload, UploadStore, Workbook, read_workbook


@dataclass
class ParsedUpload:
    request: ImportRequest
    upload: StoredUpload
    workbook: Workbook
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
            for sheet in self.workbook.sheets
        ]


def parse_upload(
    request: ImportRequest, engine: Engine, store: UploadStore, limits: ReadLimits | None = None
) -> ParsedUpload:
    """Read the file (refusing hostile input before anything is kept), store it by sha256, open the session."""
    workbook = read_workbook(
        request.file_path, source_name=request.source_name, limits=limits or ReadLimits(), record_path=request.record_path
    )
    upload = store.store(request.file_path, original_name=request.source_name)
    warnings = []
    with transaction(engine) as session:
        open_import_session(
            session, session_id=request.session_id, source_filename=upload.original_name,
            checksum=upload.sha256, actor=request.actor,
        )
        earlier = sessions_with_checksum(session, upload.sha256, excluding=request.session_id)
        parsed = ParsedUpload(request=request, upload=upload, workbook=workbook, warnings=warnings)
        update_import_session(session, request.session_id, sheet_meta_json=parsed.sheet_summary())
    if upload.already_present or earlier:
        seen_in = f" (sessions {', '.join(earlier)})" if earlier else ""
        warnings.append(f"This exact file (sha256 {upload.sha256[:12]}…) was uploaded before{seen_in}.")
    return parsed
