"""Checks on an xlsx's zip container, made from its directory before anything is unpacked."""

from __future__ import annotations

import zipfile
from pathlib import Path

from dealbrain.ingest.errors import FileRejected
from dealbrain.ingest.file_kind import looks_like_text, read_signature
from dealbrain.ingest.limits import ReadLimits

_CONTENT_TYPES = "[content_types].xml"
_OTHER_OFFICE_DOCUMENTS = {
    "word/": "a Word document",
    "ppt/": "a PowerPoint presentation",
}
_REUPLOAD = "open the original in Excel, save it again as .xlsx, and upload that copy"


def check_xlsx_container(path: Path, limits: ReadLimits, file: str) -> None:
    """Refuse anything that is not a sound, reasonably sized xlsx zip container.

    Only the zip's central directory is read: member sizes and compression
    ratios are judged from what it claims, so a zip bomb is refused before
    a single byte is decompressed.
    """
    signature = read_signature(path, 512)
    if not signature.startswith(b"PK"):
        raise _not_a_workbook(file, looks_like_text(signature))
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise FileRejected(
            "the workbook is damaged or incomplete (its zip structure cannot be read; "
            "the upload may have been cut off)",
            reason="corrupt",
            fix=_REUPLOAD,
            file=file,
        ) from None
    _check_member_count(members, limits, file)
    _check_office_structure(members, file)
    _check_sizes(members, limits, file)


def _check_member_count(members: list[zipfile.ZipInfo], limits: ReadLimits, file: str) -> None:
    if len(members) > limits.max_zip_members:
        raise FileRejected(
            f"the workbook's zip archive holds {len(members):,} parts; "
            f"the limit is {limits.max_zip_members:,}, far more than a real workbook needs",
            reason="zip_bomb",
            fix=_REUPLOAD,
            file=file,
        )


def _check_office_structure(members: list[zipfile.ZipInfo], file: str) -> None:
    names = [member.filename.lower() for member in members]
    has_workbook = any(name.startswith("xl/") and name.endswith("workbook.xml") for name in names)
    if _CONTENT_TYPES in names and has_workbook:
        return
    for prefix, kind in _OTHER_OFFICE_DOCUMENTS.items():
        if any(name.startswith(prefix) for name in names):
            raise FileRejected(
                f"the file is {kind}, not an Excel workbook",
                reason="not_a_spreadsheet",
                fix="upload the spreadsheet itself (.xlsx, .csv or .tsv)",
                file=file,
            )
    raise FileRejected(
        "the file is a zip archive but not an Excel workbook (no xl/workbook.xml inside)",
        reason="not_a_spreadsheet",
        fix="upload the spreadsheet itself (.xlsx, .csv or .tsv), not an archive",
        file=file,
    )


def _check_sizes(members: list[zipfile.ZipInfo], limits: ReadLimits, file: str) -> None:
    if any(member.flag_bits & 0x1 for member in members):
        raise FileRejected(
            "parts of the workbook's zip archive are encrypted",
            reason="password_protected",
            fix="remove the password in Excel, save, and upload it again",
            file=file,
        )
    total = sum(member.file_size for member in members)
    if total > limits.max_uncompressed_bytes:
        raise FileRejected(
            f"the workbook would unpack to {total:,} bytes; "
            f"the limit is {limits.max_uncompressed_bytes:,}",
            reason="zip_bomb",
            fix="split the data into smaller workbooks, or save it as CSV",
            file=file,
        )
    for member in members:
        if member.file_size < limits.ratio_check_min_bytes:
            continue
        ratio = member.file_size / max(member.compress_size, 1)
        if ratio > limits.max_compression_ratio:
            raise FileRejected(
                f"the workbook part '{member.filename}' would expand {ratio:,.0f} times "
                f"(from {member.compress_size:,} to {member.file_size:,} bytes); "
                f"more than {limits.max_compression_ratio:,.0f} times is treated as a zip bomb",
                reason="zip_bomb",
                fix="if the file is genuine, save it as CSV and upload that instead",
                file=file,
            )


def _not_a_workbook(file: str, is_text: bool) -> FileRejected:
    if is_text:
        return FileRejected(
            "the file is named like an Excel workbook but contains plain text",
            reason="not_a_spreadsheet",
            fix="if it is comma- or tab-separated text, rename it to .csv or .tsv; "
            "otherwise save it from Excel as .xlsx",
            file=file,
        )
    return FileRejected(
        "the file is named like an Excel workbook but is not one",
        reason="not_a_spreadsheet",
        fix="open it in Excel, save it as an Excel Workbook (.xlsx), and upload that",
        file=file,
    )
