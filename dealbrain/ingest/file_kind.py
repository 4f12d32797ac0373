"""What kind of file an upload really is: its extension and its first bytes."""

from __future__ import annotations

from pathlib import Path

from dealbrain.ingest.errors import FileRejected

ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED_OOXML_MARKER = "EncryptedPackage".encode("utf-16-le")

FORMAT_BY_EXTENSION = {
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".txt": "text",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
"""Formats we read; ``text`` means delimited text whose separator is sniffed; ``json``/``jsonl`` are records."""

_ADVICE_BY_EXTENSION = {
    ".xls": "this is the old Excel 97-2003 format; open it in Excel and save it as .xlsx",
    ".xlsb": "this is Excel's binary format; open it in Excel and save it as .xlsx",
    ".ods": "this is an OpenDocument spreadsheet; save it as .xlsx from LibreOffice",
    ".numbers": "this is an Apple Numbers file; export it to Excel (.xlsx)",
}


def format_for(path: Path, source_name: str) -> str:
    """The reader to use (``xlsx``, ``csv``, ``tsv`` or ``text``) from the file's extension."""
    extension = path.suffix.lower() or Path(source_name).suffix.lower()
    try:
        return FORMAT_BY_EXTENSION[extension]
    except KeyError:
        accepted = ", ".join(sorted(FORMAT_BY_EXTENSION))
        advice = _ADVICE_BY_EXTENSION.get(extension, f"upload one of: {accepted}")
        shown = extension or "no extension"
        raise FileRejected(
            f"files of type '{shown}' cannot be imported",
            reason="unsupported_extension",
            fix=advice,
            file=source_name,
        ) from None


def read_signature(path: Path, size: int = 8) -> bytes:
    """The first ``size`` bytes of a file."""
    with path.open("rb") as handle:
        return handle.read(size)


def is_zip(signature: bytes) -> bool:
    """True when the bytes start like a zip archive (xlsx files are zip archives)."""
    return signature.startswith(ZIP_SIGNATURES)


def is_ole2(signature: bytes) -> bool:
    """True for an OLE2 compound file: legacy .xls or a password-protected workbook."""
    return signature.startswith(OLE2_SIGNATURE)


def reject_ole2(path: Path, file: str) -> FileRejected:
    """The error for an OLE2 file: encrypted workbooks and legacy .xls need different fixes."""
    if _ENCRYPTED_OOXML_MARKER in path.read_bytes():
        return FileRejected(
            "the workbook is password-protected (encrypted), so it cannot be read",
            reason="password_protected",
            fix="open it in Excel, remove the password (File > Info > Protect Workbook > "
            "Encrypt with Password, clear it), save, and upload it again",
            file=file,
        )
    return FileRejected(
        "the file is in the old Excel 97-2003 (.xls) format, not .xlsx",
        reason="legacy_format",
        fix="open it in Excel and save it as an Excel Workbook (.xlsx)",
        file=file,
    )


def looks_like_text(head: bytes) -> bool:
    """True when a file's first bytes look like readable text rather than binary data."""
    if not head:
        return False
    if b"\x00" in head:
        return False
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 13))
    return controls <= len(head) // 100
