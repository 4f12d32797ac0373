"""Making sure a delimited file's records all arrive: lone carriage returns and long header lines.

A carriage return with no line feed after it, in a file whose lines end
with line feeds, is ambiguous outside quotes (a line break typed in a value,
or the end of a record written on an old Mac): such a file is refused,
naming the line, rather than guessed at. Inside a quoted value it is a
character of that value: it is kept, the lines are named in a note, and the
number of records the parser produced is checked against an independent,
quote-aware count, so no record can be merged into another in silence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dealbrain.ingest.errors import FileRejected

MAX_HEADER_LINE_BYTES = 64 * 1024
"""The longest first line read as a header; real headers are a few hundred bytes."""
_LONE_CR = re.compile(rb"\r(?!\n)")
_SHOWN_LINES = 5


@dataclass(frozen=True)
class LoneCarriageReturns:
    """Lines (1-based, by line feeds) holding a carriage return not followed by a line feed."""

    quoted: list[int]
    """Lines where it sits inside a quoted value: a character of that value."""
    unquoted: list[int]
    """Lines where it sits outside quotes: a line break in a value, or the end of a record?"""


def find_lone_carriage_returns(data: bytes) -> LoneCarriageReturns:
    """Where the text holds carriage returns on their own, and whether each is inside quotes."""
    quoted: list[int] = []
    unquoted: list[int] = []
    previous, line, quotes = 0, 1, 0
    for match in _LONE_CR.finditer(data):
        line += data.count(b"\n", previous, match.start())
        quotes += data.count(b'"', previous, match.start())
        previous = match.start()
        found = quoted if quotes % 2 else unquoted
        if not found or found[-1] != line:
            found.append(line)
    return LoneCarriageReturns(quoted, unquoted)


def refuse_unquoted_carriage_return(line: int, file: str) -> FileRejected:
    """The refusal for a carriage return outside quotes: guessing could merge or split records."""
    return FileRejected(
        "the line holds a carriage return on its own, outside quotes: it could be a line break "
        "inside a value or the end of a record, so the records cannot be told apart reliably",
        reason="stray_carriage_return",
        fix="if it is a line break inside a value, put that value in double quotes (or remove the "
        "line break); otherwise save the file again as 'CSV UTF-8' and upload it again",
        file=file,
        row=line,
    )


def lone_carriage_return_note(lines: list[int]) -> str:
    """The note saying which lines kept a carriage return inside a value."""
    shown = ", ".join(str(line) for line in lines[:_SHOWN_LINES])
    more = f" and {len(lines) - _SHOWN_LINES} more" if len(lines) > _SHOWN_LINES else ""
    noun = "line" if len(lines) == 1 else "lines"
    return f"a carriage return inside a value was kept as part of the value ({noun} {shown}{more})"


def expected_records(data: bytes) -> int | None:
    """Records in the text by counting line feeds outside quoted values (None if quotes are unbalanced)."""
    segments = data.split(b'"')
    if len(segments) % 2 == 0:
        return None
    records = sum(segment.count(b"\n") for segment in segments[::2])
    return records + (0 if not data or data.endswith(b"\n") else 1)


def check_record_count(data: bytes, parsed: int, lines: list[int], file: str) -> None:
    """Refuse when the parser produced a different number of records than the text holds."""
    expected = expected_records(data)
    if expected is None or expected == parsed:
        return
    raise FileRejected(
        f"the text holds {expected:,} records but {parsed:,} were read, counting from the first "
        "carriage return inside a value",
        reason="stray_carriage_return",
        fix="open the file in a spreadsheet program, check the rows from there on, save it again "
        "as 'CSV UTF-8', and upload it again",
        file=file,
        row=lines[0] if lines else None,
    )


def check_header_line(data: bytes, file: str) -> None:
    """Refuse a file whose first non-blank line is longer than ``MAX_HEADER_LINE_BYTES``."""
    start = len(data) - len(data.lstrip(b"\r\n"))
    end = data.find(b"\n", start, start + MAX_HEADER_LINE_BYTES + 1)
    if end >= 0 or len(data) - start <= MAX_HEADER_LINE_BYTES:
        return
    line = data.count(b"\n", 0, start) + 1
    length = data.find(b"\n", start)
    shown = f"{(length if length >= 0 else len(data)) - start:,} bytes"
    raise FileRejected(
        f"the first line, read as the header, is {shown} long; the limit is {MAX_HEADER_LINE_BYTES:,} bytes",
        reason="header_too_long",
        fix="check that the file is CSV with one record per line and short column names, "
        "and that the first line really is the header",
        file=file,
        row=line,
    )
