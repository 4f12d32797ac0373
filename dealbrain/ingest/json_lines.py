"""JSON Lines: one JSON value per line, each decoded strictly and on its own.

Lines are read one at a time with a bounded length, so a file of any size
costs the memory of one line; a line longer than the limit is refused
rather than read whole. Blank lines are skipped. Errors name the line.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dealbrain.ingest.errors import FileRejected
from dealbrain.ingest.json_values import DECODER, JsonValueError, check_depth

_RESAVE_UTF8 = "save the file as UTF-8 (JSON Lines files must be UTF-8) and upload it again"


def each_line_value(path: Path, file: str, max_line_chars: int) -> Iterator[tuple[int, Any]]:
    """``(line number, decoded value)`` for every non-blank line of a JSON Lines file."""
    offset = 0
    with path.open("rb") as handle:
        for number, raw in enumerate(_bounded_lines(handle, max_line_chars, file), start=1):
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw, offset = raw[len(codecs.BOM_UTF8):], len(codecs.BOM_UTF8)
            text = _decoded(raw, number, offset, file)
            offset += len(raw)
            if not text.strip():
                continue
            yield number, _value(text, number, file)


def _bounded_lines(handle: Any, max_line_chars: int, file: str) -> Iterator[bytes]:
    # A UTF-8 character is at most 4 bytes, so this many bytes always hold a line within the limit.
    limit = max_line_chars * 4 + 2
    number = 0
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit:
            raise FileRejected(
                f"line {number:,} is longer than {max_line_chars:,} characters",
                reason="value_too_large", fix="split the data into smaller records", file=file,
            )
        yield line


def _decoded(raw: bytes, number: int, offset: int, file: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise FileRejected(
            f"line {number:,}: the text is not UTF-8 (byte 0x{raw[error.start]:02X} at byte offset "
            f"{offset + error.start:,} cannot be decoded)",
            reason="bad_encoding", fix=_RESAVE_UTF8, file=file,
        ) from None


def _value(text: str, number: int, file: str) -> Any:
    try:
        value = DECODER.decode(text)
        check_depth(value)
        return value
    except json.JSONDecodeError as error:
        problem, reason = f"the line is not valid JSON: {error.msg} (column {error.colno})", "corrupt"
    except RecursionError:
        problem, reason = "the line nests objects or arrays too deeply to be read", "too_deep"
    except JsonValueError as error:
        problem, reason = f"the line is refused: {error.problem}", error.reason
    raise FileRejected(
        f"line {number:,}: {problem}", reason=reason,
        fix="fix that line (each line must be one JSON object) and upload the file again", file=file,
    )
