"""A delimited file's bytes in blocks that each end where a record ends, so each block parses on its own.

A line end ends a record unless it sits inside a quoted field, which is the
case exactly when an odd number of quote characters precede it since the
record began (a quote inside a quoted field is written twice, so it keeps
the count even). Each block starts where a record starts, so counting from
the block's start is enough. A block is about ``block_bytes`` long; the
bytes after its last record end are carried into the next one. Memory is a
block and the arrays of its quote and line-end positions, whatever the
file's size.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from dealbrain.ingest.errors import FileRejected

_LINE_END = ord("\n")


def record_blocks(path: Path, file: str, *, quote: str, max_record_bytes: int, block_bytes: int) -> Iterator[bytes]:
    """The bytes of ``path`` in blocks of whole records (see the module docstring).

    Raises `FileRejected` when one record would be longer than ``max_record_bytes``:
    a quote that is never closed makes the rest of the file one record.
    """
    quote_byte = ord(quote)
    carry, lines_before = b"", 0
    with path.open("rb") as stream:
        while data := stream.read(block_bytes):
            block = carry + data if carry else data
            cut, lines = _last_record_end(block, quote_byte)
            if cut == 0:
                if len(block) > max_record_bytes:
                    raise _unclosed_quote(file, lines_before + 1)
                carry = block
                continue
            yield block[:cut]
            carry, lines_before = block[cut:], lines_before + lines
    if carry:
        yield carry


def _last_record_end(block: bytes, quote: int) -> tuple[int, int]:
    """Where the block's last whole record ends (0: no record ends in it) and how many line ends precede that."""
    cells = np.frombuffer(block, dtype=np.uint8)
    line_ends = np.flatnonzero(cells == _LINE_END)
    quotes = np.flatnonzero(cells == quote)
    record_ends = line_ends[np.searchsorted(quotes, line_ends) % 2 == 0] if quotes.size else line_ends
    if record_ends.size == 0:
        return 0, 0
    last = record_ends[-1]
    return int(last) + 1, int(np.searchsorted(line_ends, last)) + 1


def _unclosed_quote(file: str, line: int) -> FileRejected:
    return FileRejected(
        "a quoted value is never closed, so the rest of the file reads as one value",
        reason="corrupt",
        fix="find the unmatched '\"' on or after that row, close it or remove it, and save the file again",
        file=file,
        row=line,
    )
