"""Handing sheets from the reading child back to the parent as plain data, never as pickles.

The reply is a sequence of frames, each an 8-byte big-endian length and its
bytes. The first frame is JSON (the outcome, sheet names, header rows,
notes, a refusal's fields, the child's peak memory); each further frame is
one sheet's cells in the Arrow IPC stream format, which polars reads back
without running anything the child sent.
"""

from __future__ import annotations

import io
import json
import struct
from collections.abc import Iterator
from typing import Any, BinaryIO

import polars as pl

from dealbrain.ingest.errors import FileRejected
from dealbrain.ingest.raw_sheet import RawSheet

_LENGTH = struct.Struct(">Q")
REFUSAL_FIELDS = ("problem", "reason", "fix", "file", "sheet", "row", "column")


def write_frame(stream: BinaryIO, payload: bytes) -> None:
    """Write one length-prefixed frame."""
    stream.write(_LENGTH.pack(len(payload)))
    stream.write(payload)


def read_frame(stream: BinaryIO) -> bytes | None:
    """Read one length-prefixed frame (short reads of pipes included); None at the end of the stream."""
    header = _read_exactly(stream, _LENGTH.size)
    if header is None:
        return None
    (length,) = _LENGTH.unpack(header)
    return _read_exactly(stream, length)


def _read_exactly(stream: BinaryIO, size: int) -> bytes | None:
    parts, missing = [], size
    while missing:
        part = stream.read(missing)
        if not part:
            return None
        parts.append(part)
        missing -= len(part)
    return b"".join(parts)


def write_sheets(stream: BinaryIO, sheets: list[RawSheet], peak_rss_bytes: int) -> None:
    """The reply for sheets read successfully."""
    meta = {
        "outcome": "sheets",
        "peak_rss_bytes": peak_rss_bytes,
        "sheets": [{"name": s.name, "header_row": s.header_row, "notes": s.notes} for s in sheets],
    }
    write_frame(stream, json.dumps(meta).encode("utf-8"))
    for sheet in sheets:
        buffer = io.BytesIO()
        sheet.frame.write_ipc_stream(buffer, compression="uncompressed")
        write_frame(stream, buffer.getbuffer())


def write_outcome(stream: BinaryIO, outcome: str, peak_rss_bytes: int, **fields: Any) -> None:
    """A reply without sheets: ``refused`` (with a refusal's fields), ``out_of_memory`` or ``failed``."""
    write_frame(stream, json.dumps({"outcome": outcome, "peak_rss_bytes": peak_rss_bytes, **fields}).encode("utf-8"))


def refusal_fields(error: FileRejected) -> dict[str, Any]:
    """A refusal as plain JSON-ready fields."""
    return {name: getattr(error, name) for name in REFUSAL_FIELDS}


def rebuild_refusal(fields: dict[str, Any]) -> FileRejected:
    """The refusal the child raised, rebuilt from its fields."""
    return FileRejected(
        str(fields["problem"]),
        reason=str(fields["reason"]),
        fix=str(fields.get("fix") or ""),
        file=fields.get("file"),
        sheet=fields.get("sheet"),
        row=fields.get("row"),
        column=fields.get("column"),
    )


def read_reply(data: bytes) -> tuple[dict[str, Any], list[RawSheet]]:
    """Split the child's output into its JSON outcome and, when it read them, its sheets."""
    frames = list(_frames(memoryview(data)))
    if not frames:
        raise ValueError("the reader gave no reply")
    meta = json.loads(bytes(frames[0]))
    if meta.get("outcome") != "sheets":
        return meta, []
    described = meta["sheets"]
    if len(described) != len(frames) - 1:
        raise ValueError(f"the reader described {len(described)} sheets but sent {len(frames) - 1}")
    sheets = [
        RawSheet(item["name"], pl.read_ipc_stream(io.BytesIO(frame)), int(item["header_row"]), list(item["notes"]))
        for item, frame in zip(described, frames[1:])
    ]
    return meta, sheets


def _frames(data: memoryview) -> Iterator[memoryview]:
    position = 0
    while position < len(data):
        if position + _LENGTH.size > len(data):
            raise ValueError("the reader's reply was cut off")
        (length,) = _LENGTH.unpack_from(data, position)
        start = position + _LENGTH.size
        if start + length > len(data):
            raise ValueError("the reader's reply was cut off")
        yield data[start : start + length]
        position = start + length
