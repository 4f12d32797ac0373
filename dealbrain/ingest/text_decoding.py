"""Bringing delimited text to UTF-8 bytes, whatever encoding Excel or a script saved it in."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from dealbrain.ingest.errors import FileRejected

_CHUNK_BYTES = 8 * 1024 * 1024
_UTF8_BOM = codecs.BOM_UTF8
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_RESAVE = "save the file again as 'CSV UTF-8' (Excel: File > Save As > CSV UTF-8) and upload that"


@dataclass(frozen=True)
class DecodedText:
    """Text as UTF-8 bytes without a byte-order mark, and the encoding it arrived in."""

    data: bytes
    encoding: str
    """Human name of the source encoding, e.g. ``"UTF-8 with BOM"`` or ``"Windows-1252"``."""


def decode_to_utf8(raw: bytes, file: str) -> DecodedText:
    """Detect the encoding of ``raw`` and return the same text as UTF-8.

    UTF-8 (with or without BOM) is used as is; UTF-16 with a BOM and
    Windows-1252 are transcoded. Text that is none of these is refused with
    the line of the first undecodable byte.
    """
    if raw.startswith(_UTF8_BOM):
        body = raw[len(_UTF8_BOM):]
        _require_utf8(body, file)
        return DecodedText(body, "UTF-8 with BOM")
    if raw.startswith(_UTF16_BOMS):
        return DecodedText(_utf16_to_utf8(raw, file), "UTF-16")
    if raw.isascii():
        return DecodedText(raw, "UTF-8")
    if _first_invalid_utf8(raw) is None:
        return DecodedText(raw, "UTF-8")
    try:
        return DecodedText(raw.decode("cp1252").encode("utf-8"), "Windows-1252")
    except UnicodeDecodeError as error:
        raise _undecodable(raw, error.start, file) from None


def reject_nul_bytes(data: bytes, file: str) -> None:
    """Refuse text containing NUL bytes, naming the line of the first one."""
    position = data.find(b"\x00")
    if position < 0:
        return
    line = data.count(b"\n", 0, position) + 1
    raise FileRejected(
        "the file contains NUL bytes, so it is binary data or UTF-16 text without a "
        "byte-order mark rather than CSV text",
        reason="nul_bytes",
        fix=_RESAVE,
        file=file,
        row=line,
    )


def _require_utf8(body: bytes, file: str) -> None:
    invalid_at = _first_invalid_utf8(body)
    if invalid_at is not None:
        raise _undecodable(body, invalid_at, file)


def _first_invalid_utf8(raw: bytes) -> int | None:
    """Offset of the first byte that is not valid UTF-8, decoding in chunks to bound memory."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    view = memoryview(raw)
    for start in range(0, len(raw), _CHUNK_BYTES):
        chunk = view[start : start + _CHUNK_BYTES]
        try:
            decoder.decode(chunk, final=start + _CHUNK_BYTES >= len(raw))
        except UnicodeDecodeError as error:
            return max(start + error.start, 0)
    return None


def _utf16_to_utf8(raw: bytes, file: str) -> bytes:
    try:
        return raw.decode("utf-16").encode("utf-8")
    except UnicodeDecodeError as error:
        raise FileRejected(
            f"the file starts like UTF-16 text but byte {error.start:,} cannot be decoded",
            reason="bad_encoding",
            fix=_RESAVE,
            file=file,
        ) from None


def _undecodable(raw: bytes, position: int, file: str) -> FileRejected:
    line = raw.count(b"\n", 0, position) + 1
    return FileRejected(
        f"the text is neither UTF-8 nor Windows-1252 (byte 0x{raw[position]:02X} cannot be decoded)",
        reason="bad_encoding",
        fix=_RESAVE,
        file=file,
        row=line,
    )
