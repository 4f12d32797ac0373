"""Reading a JSON document piece by piece, so a large array never sits in memory at once.

``JsonStream`` decodes the file as UTF-8 in chunks and hands out one value at
a time (a record, a key, a small container) with the strict decoder of
``json_values``. Only the unread part of the current chunk and the value
being decoded are held; a single value larger than ``max_value_chars`` is
refused rather than buffered. Every refusal names the line (and, for
undecodable bytes, the byte offset) where the problem is.
"""

from __future__ import annotations

import codecs
import json
import re
from pathlib import Path
from typing import Any, BinaryIO

from dealbrain.ingest.errors import FileRejected
from dealbrain.ingest.json_values import DECODER, JsonValueError, check_depth

CHUNK_BYTES = 4 * 1024 * 1024
_WHITESPACE = re.compile(r"[ \t\n\r]*")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)
_RESAVE_UTF8 = "save the file as UTF-8 (JSON files must be UTF-8) and upload it again"


class JsonStream:
    """A cursor over a JSON file: peek at the next character, take the next value."""

    def __init__(self, handle: BinaryIO, file: str, max_value_chars: int) -> None:
        self.file = file
        self.max_value_chars = max_value_chars
        self._handle = handle
        self._decoder = codecs.getincrementaldecoder("utf-8")("strict")
        self._buffer = ""
        self._pos = 0
        self._lines_dropped = 0
        self._bytes_read = 0
        self._eof = False
        self._first = True

    @classmethod
    def open(cls, path: Path, file: str, max_value_chars: int) -> JsonStream:
        return cls(path.open("rb"), file, max_value_chars)

    def close(self) -> None:
        self._handle.close()

    def line(self) -> int:
        """1-based line of the cursor (counted on demand: call it for messages only)."""
        return self._lines_dropped + self._buffer.count("\n", 0, self._pos) + 1

    def peek(self) -> str:
        """The next character that is not whitespace ('' at the end of the file), without taking it."""
        while True:
            self._pos = _WHITESPACE.match(self._buffer, self._pos).end()
            if self._pos < len(self._buffer) or self._eof:
                return self._buffer[self._pos : self._pos + 1]
            self._refill()

    def take(self, char: str, what: str) -> None:
        """Consume ``char`` (after whitespace) or refuse, saying ``what`` was expected."""
        if self.peek() != char:
            self.refuse_syntax(f"expected {what}")
        self._pos += 1

    def at_end(self) -> bool:
        return self.peek() == ""

    def value(self) -> Any:
        """Decode the next complete value and move past it."""
        if not self.peek():
            self.refuse_syntax("expected a value")
        while True:
            try:
                value, end = DECODER.raw_decode(self._buffer, self._pos)
            except json.JSONDecodeError as error:
                if self._cut_off(error) and self._can_grow():
                    self._refill()
                    continue
                self._refuse_value(error)
            except RecursionError:
                raise self.rejected(
                    "the value starting here nests objects or arrays too deeply to be read", "too_deep", self.line()
                ) from None
            except JsonValueError as error:
                raise self.rejected(f"the value starting here is refused: {error.problem}", error.reason, self.line()) from None
            if end == len(self._buffer) and not self._eof:
                self._refill()  # a number at the chunk's end may continue in the next chunk
                continue
            if end - self._pos > self.max_value_chars:
                raise self.rejected(
                    f"the value starting here is larger than {self.max_value_chars:,} characters",
                    "value_too_large", self.line(),
                )
            try:
                check_depth(value)
            except JsonValueError as error:
                raise self.rejected(f"the value starting here is refused: {error.problem}", error.reason, self.line()) from None
            self._pos = end
            return value

    def refuse_syntax(self, problem: str) -> None:
        found = self.peek()
        shown = f"found {found!r}" if found else "the file ends"
        raise self.rejected(f"the file is not valid JSON: {problem}, but {shown}", "corrupt", self.line())

    def rejected(self, problem: str, reason: str, line: int) -> FileRejected:
        """A refusal naming the file and the line."""
        fix = _RESAVE_UTF8 if reason == "bad_encoding" else _fix_for(reason)
        return FileRejected(f"line {line:,}: {problem}", reason=reason, fix=fix, file=self.file)

    def _can_grow(self) -> bool:
        return not self._eof and len(self._buffer) - self._pos <= self.max_value_chars

    def _cut_off(self, error: json.JSONDecodeError) -> bool:
        """True when the value may simply continue past the text read so far."""
        return error.pos >= len(self._buffer) - 1 or error.msg.startswith("Unterminated string")

    def _refuse_value(self, error: json.JSONDecodeError) -> None:
        if self._cut_off(error) and not self._eof:  # growing stopped at the size limit, not at the end
            raise self.rejected(
                f"the value starting here is larger than {self.max_value_chars:,} characters",
                "value_too_large", self.line(),
            ) from None
        line = self._lines_dropped + self._buffer.count("\n", 0, error.pos) + 1
        raise self.rejected(f"the file is not valid JSON: {error.msg}", "corrupt", line) from None

    def _refill(self) -> None:
        if self._pos:
            self._lines_dropped += self._buffer.count("\n", 0, self._pos)
            self._buffer = self._buffer[self._pos :]
            self._pos = 0
        chunk = self._handle.read(CHUNK_BYTES)
        if self._first:
            self._first = False
            self._check_start(chunk)
            if chunk.startswith(codecs.BOM_UTF8):
                chunk = chunk[len(codecs.BOM_UTF8) :]
                self._bytes_read += len(codecs.BOM_UTF8)
        final = not chunk
        try:
            text = self._decoder.decode(chunk, final=final)
        except UnicodeDecodeError as error:
            offset = self._bytes_read + error.start
            line = self._lines_dropped + self._buffer.count("\n") + chunk.count(b"\n", 0, error.start) + 1
            raise self.rejected(
                f"the text is not UTF-8 (byte 0x{chunk[error.start]:02X} at byte offset {offset:,} cannot be decoded)",
                "bad_encoding", line,
            ) from None
        self._bytes_read += len(chunk)
        self._buffer += text
        self._eof = final

    def _check_start(self, chunk: bytes) -> None:
        if chunk.startswith(_UTF16_BOMS):
            raise FileRejected(
                "the file is UTF-16 or UTF-32 text; JSON files must be UTF-8",
                reason="bad_encoding", fix=_RESAVE_UTF8, file=self.file,
            )


def _fix_for(reason: str) -> str:
    return {
        "corrupt": "check the file with a JSON validator, fix the place named, and upload it again",
        "too_deep": "flatten the data: records should be objects of values, not deeply nested structures",
        "value_too_large": "split the data into smaller records or files",
        "duplicate_key": "give every member of an object its own key, then upload again",
        "non_finite_number": "write missing numbers as null (or \"NA\") instead of NaN or Infinity",
    }.get(reason, "fix the place named and upload the file again")
