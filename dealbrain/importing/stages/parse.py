"""Stage 1: keep the upload, parse every sheet, open the import session."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from sqlalchemy import Engine

from dealbrain.db.engine import transaction
from dealbrain.importing.request import ImportRequest, ImportRequestError
from dealbrain.ingest import RawSheet, ReadLimits, StoredUpload, UploadStore, read_workbook
from dealbrain.ingest.non_data_rows import SET_ASIDE_COLUMNS, set_aside_non_data_rows
from dealbrain.store.frames import SHEET, SOURCE_ROW
from dealbrain.store.sessions import open_import_session, sessions_with_checksum, update_import_session


@dataclass
class ParsedUpload:
    """The stored upload and every sheet of it as text."""

    request: ImportRequest
    upload: StoredUpload
    sheets: list[RawSheet]
    warnings: list[str] = field(default_factory=list)
    set_aside: pl.DataFrame = field(default_factory=lambda: set_aside_frame([]))
    """Rows left out as not records (notes, totals, repeated headers): ``__sheet__``, ``__source_row__``, reason, text."""

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


def set_aside_frame(parts: list[pl.DataFrame]) -> pl.DataFrame:
    schema = {SHEET: pl.String(), **SET_ASIDE_COLUMNS}
    return pl.concat([pl.DataFrame(schema=schema), *(part.select(list(schema)) for part in parts)], how="vertical")


def _set_aside_non_data_rows(request: ImportRequest, sheets: list[RawSheet]) -> tuple[list[RawSheet], pl.DataFrame, list[str]]:
    """Every sheet without its non-data rows (but those ``keep_rows`` names), the rows left out, and warnings."""
    names = {sheet.name for sheet in sheets}
    for keep in request.keep_rows:
        if keep.sheet not in names:
            listed = ", ".join(repr(name) for name in names) or "none"
            raise ImportRequestError(f"keep_rows: the file has no sheet {keep.sheet!r} (its sheets: {listed}).")
    kept, parts, warnings = [], [], []
    for sheet in sheets:
        keep = request.keep_rows_for(sheet.name)
        cleaned, set_aside = set_aside_non_data_rows(sheet, keep)
        kept.append(cleaned)
        parts.append(set_aside.with_columns(pl.lit(sheet.name).alias(SHEET)))
        unused = sorted(keep - set(sheet.frame[SOURCE_ROW].to_list())) if keep else []
        if unused:
            warnings.append(f"keep_rows names row(s) {', '.join(map(str, unused[:10]))} of sheet {sheet.name!r}, which hold no data.")
    return kept, set_aside_frame(parts), warnings


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
    sheets, set_aside, warnings = _set_aside_non_data_rows(request, list(workbook.sheets))
    parsed = ParsedUpload(request=request, upload=upload, sheets=sheets, warnings=warnings, set_aside=set_aside)
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
