"""Reading an uploaded spreadsheet (xlsx, csv, tsv) or JSON source (json, jsonl) into sheets of text cells."""

from __future__ import annotations

from pathlib import Path

from dealbrain.ingest.batched_json_lines import read_json_lines_in_batches
from dealbrain.ingest.batched_text import read_delimited_in_batches, reads_in_batches
from dealbrain.ingest.csv_reader import read_delimited
from dealbrain.ingest.errors import FileRejected
from dealbrain.ingest.file_kind import format_for
from dealbrain.ingest.json_columns import expand_json_columns
from dealbrain.ingest.json_reader import read_json
from dealbrain.ingest.limits import ReadLimits
from dealbrain.ingest.names import sanitize_display_name
from dealbrain.ingest.raw_sheet import SOURCE_ROW, RawSheet, Workbook
from dealbrain.ingest.xlsx_reader import read_xlsx_sheets

__all__ = ["SOURCE_ROW", "RawSheet", "Workbook", "read_workbook"]


def read_workbook(
    path: Path,
    *,
    source_name: str | None = None,
    limits: ReadLimits = ReadLimits(),
    record_path: str | None = None,
) -> Workbook:
    """Read every sheet of an upload as text, with headers found and blanks dropped.

    The format comes from the extension (of ``path``, else of ``source_name``)
    and is confirmed from the content. ``source_name`` is the name shown in
    messages (default: the file's name), sanitized like the stored upload's
    name so no folder, control character or bidi override reaches a message.
    Anything an operator can get wrong raises ``FileRejected`` with a message
    saying what, where and what to do. ``record_path`` selects the records of
    a nested JSON document (see ``json_record_path``). Columns of JSON objects
    are expanded into dotted columns (see ``json_columns``).
    """
    path = Path(path)
    file = sanitize_display_name(source_name or path.name)
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise FileRejected(
            f"the file is {size:,} bytes; the limit is {limits.max_file_bytes:,}",
            reason="too_large",
            fix="split the data into smaller files, or remove sheets that are not needed "
            "(whoever runs the importer can raise the limit: IMPORTER_IMPORT_MAX_FILE_BYTES)",
            file=file,
        )
    declared = format_for(path, file)
    if size == 0:
        raise _empty(file)
    if declared == "xlsx":
        workbook = Workbook(file, "xlsx", read_xlsx_sheets(path, file, limits))
    elif declared == "jsonl" and record_path is None and size >= limits.batch_above_bytes and (
        batched := read_json_lines_in_batches(path, file, limits)
    ) is not None and not _expanded_columns(batched, limits, file):
        return batched
    elif declared in ("json", "jsonl"):
        sheet = read_json(path, file, limits, lines=declared == "jsonl", record_path=record_path)
        workbook = Workbook(file, declared, [sheet])
    else:
        batched = read_delimited_in_batches(path, file, declared, limits) if reads_in_batches(path, declared, limits) else None
        if batched is not None and _expanded_columns(batched, limits, file):
            batched = None  # a column of JSON objects expands into columns the first part cannot all show
        if batched is not None:
            return batched
        delimited = read_delimited(path, file, declared, limits)
        workbook = Workbook(file, delimited.format, [delimited.sheet])
    if all(sheet.is_empty for sheet in workbook.sheets):
        raise _empty(file)
    if all(sheet.is_empty or sheet.frame.height == 0 for sheet in workbook.sheets):
        raise _no_data_rows(workbook)
    workbook.sheets = [
        expand_json_columns(sheet, limits, file=file, sheet_label=sheet.name if declared == "xlsx" else None)
        for sheet in workbook.sheets
    ]
    return workbook


def _expanded_columns(workbook: Workbook, limits: ReadLimits, file: str) -> bool:
    (sheet,) = workbook.sheets
    return expand_json_columns(sheet, limits, file=file, sheet_label=None).frame.columns != sheet.frame.columns


def _no_data_rows(workbook: Workbook) -> FileRejected:
    """Headers but not one row under them, in every sheet: nothing to import, so say so."""
    headed = [sheet for sheet in workbook.sheets if not sheet.is_empty]
    first = headed[0]
    others = {1: "", 2: " (nor does the other sheet with a header)"}.get(
        len(headed), f" (nor do the other {len(headed) - 1:,} sheets with a header)"
    )
    return FileRejected(
        f"there are no data rows: the header on row {first.header_row} has nothing under it{others}",
        reason="no_data_rows",
        fix="add the rows to import under the header, or check that you uploaded the file with the data",
        file=workbook.source_name,
        sheet=first.name if workbook.format == "xlsx" else None,
    )


def _empty(file: str) -> FileRejected:
    return FileRejected(
        "the file has no data: every sheet is empty",
        reason="empty",
        fix="check that you uploaded the right file and that it was saved with its data",
        file=file,
    )
