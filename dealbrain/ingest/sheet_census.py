"""What an xlsx sheet really holds, counted by streaming its XML in this process, outside the reader.

calamine (behind fastexcel) sizes a sheet's grid from the cells it finds,
so one real value in a far cell costs the whole rectangle, whatever the
sheet's ``<dimension>`` says (or whether it has one). And every cell that
refers to a shared string gets its own copy of the text. This module walks
each worksheet member in chunks, with the positions the reader would give
cells (``r`` attributes, or the next position when there is none), and adds
up the cells with content, the rectangle they span and the text they decode to.
"""

from __future__ import annotations

import re
import zipfile
from array import array
from dataclasses import dataclass

from dealbrain.ingest.errors import FileRejected

CHUNK_BYTES = 1024 * 1024
MAX_PENDING_BYTES = 64 * 1024 * 1024
"""The most XML held while waiting for one row or one cell to close."""
_ATTRS = rb"""((?:[^>"']|"[^"]*"|'[^']*')*?)"""
_ITEM = re.compile(
    rb"<(?:[\w.-]+:)?row\b" + _ATTRS + rb"/?>"
    rb"|<(?:[\w.-]+:)?c\b" + _ATTRS + rb"/>"
    rb"|<(?:[\w.-]+:)?c\b" + _ATTRS + rb">(.*?)</(?:[\w.-]+:)?c\s*>",
    re.DOTALL,
)
_REFERENCE = re.compile(rb"""(?:^|\s)r\s*=\s*["']\$?([A-Za-z]{0,4})\$?(\d{0,10})["']""")
_TYPE = re.compile(rb"""(?:^|\s)t\s*=\s*["']([\w]+)["']""")
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v\b[^>]*>\s*(\d+)\s*<")
_CELL_OPENINGS = (b"<c ", b"<c>", b"<c/", b"<c\n", b"<c\r", b"<c\t")
"""Every way a cell's start tag can begin; a plain block starts each with ``<c r="``."""
_PREFIXED_TAG = re.compile(rb":(?:c[\s/>]|row[\s/>]|v[\s>]|is[\s>])")
_ODD_TYPE = re.compile(rb"t(?:\s+=|=\s|=')")
"""A type attribute not spelled ``t="..."``; with a namespace prefix, the block is read element by element."""
_SHARED_INDEX = re.compile(rb't="s"[^>]*><v>(\d{1,12})</v>')
_PLAIN_REFERENCE = re.compile(rb'<c r="([A-Za-z]{0,4})(\d{1,10})"')
_ITEM_END = re.compile(rb"</(?:[\w.-]+:)?(?:c|row)\s*>|<(?:[\w.-]+:)?(?:c|row)\b" + _ATTRS + rb"/>")
"""Where a block of sheet XML may end: after a cell or row closes (never inside a cell)."""
_STRING_ITEM = re.compile(rb"<(?:[\w.-]+:)?si\b[^>]*?(?:/>|>(.*?)</(?:[\w.-]+:)?si\s*>)", re.DOTALL)
_STRING_END = re.compile(rb"</(?:[\w.-]+:)?si\s*>|<(?:[\w.-]+:)?si\b[^>]*/>")
_TAG = re.compile(rb"<[^>]*>")
_ENTITY = re.compile(rb"&#?\w+;")


@dataclass(frozen=True)
class SheetCensus:
    """Cells with content in one sheet, the rectangle they span, and the text they decode to."""

    name: str
    cells: int
    first_row: int
    last_row: int
    first_column: int
    last_column: int
    decoded_chars: int
    """Characters of shared strings the cells refer to, counted once per reference.

    Text stored in the cells themselves is not counted: it is already
    bounded by the size of the unpacked sheet (see ``zip_guard``).
    """

    @property
    def rows(self) -> int:
        return self.last_row - self.first_row + 1 if self.cells else 0

    @property
    def columns(self) -> int:
        return self.last_column - self.first_column + 1 if self.cells else 0

    @property
    def grid_cells(self) -> int:
        """Cells in the rectangle the reader allocates: rows × columns."""
        return self.rows * self.columns


def shared_string_lengths(archive: zipfile.ZipFile, member: str | None, file: str) -> array:
    """The length in characters of every shared string, in table order (an ``array('Q')``)."""
    lengths = array("Q")
    if member is None:
        return lengths
    for block in _complete_blocks(archive, member, _STRING_END, file, None):
        for match in _STRING_ITEM.finditer(block):
            body = match.group(1)
            lengths.append(_text_length(body) if body else 0)
    return lengths


def count_sheet(
    archive: zipfile.ZipFile, member: str, name: str, string_lengths: array, file: str
) -> SheetCensus:
    """Stream one worksheet member and count what it really holds."""
    tally = _Tally(string_lengths)
    for block in _complete_blocks(archive, member, _ITEM_END, file, name):
        if not tally.add_plain_block(block):
            tally.add_block(block)
    return tally.census(name)


class _Tally:
    """Running counts over the blocks of one sheet, and the position the next cell would take."""

    def __init__(self, string_lengths: array) -> None:
        self.lengths = string_lengths
        self.row = self.column = 0
        self.cells = self.decoded = 0
        self.first_row = self.first_column = 1 << 62
        self.last_row = self.last_column = 0
        self.letters: dict[bytes, int] = {}

    def census(self, name: str) -> SheetCensus:
        if not self.cells:
            return SheetCensus(name, 0, 1, 0, 1, 0, self.decoded)
        bounds = (self.first_row, self.last_row, self.first_column, self.last_column)
        return SheetCensus(name, self.cells, *bounds, self.decoded)

    def add_plain_block(self, block: bytes) -> bool:
        """Count a block written the usual way (every cell starts ``<c r="A1"``) with C-speed scans.

        Returns False, counting nothing, when the block is written any other
        way; ``add_block`` then reads it element by element. Empty cells are
        counted here too, which can only make the rectangle larger.
        """
        starts = block.count(b'<c r="')
        if block.count(b"<c") != starts and starts != sum(map(block.count, _CELL_OPENINGS)):
            return False  # (every "<c" a plain cell start settles it in one scan; other tags such as <col> need six)
        if _PREFIXED_TAG.search(block) or _ODD_TYPE.search(block):
            return False
        shared = _SHARED_INDEX.findall(block)
        if len(shared) != block.count(b't="s"'):
            return False
        if not starts:
            return True
        references = _PLAIN_REFERENCE.findall(block)
        if len(references) != starts:
            return False  # a reference such as r="$A$1" or r="A1x": read it element by element
        letters, numbers = set(), set()  # few distinct letters and rows: convert those, not every cell's
        for column, row_number in references:
            letters.add(column)
            numbers.add(row_number)
        rows = list(map(int, numbers))
        columns = list(map(self._column, letters))
        self.cells += starts
        self.first_row, self.last_row = min(self.first_row, *rows), max(self.last_row, *rows)
        self.first_column = min(self.first_column, *columns)
        self.last_column = max(self.last_column, *columns)
        last_column, last_row = references[-1]
        self.row, self.column = int(last_row), self._column(last_column)
        self.decoded += self._shared_chars(shared)
        return True

    def add_block(self, block: bytes) -> None:
        """Count a block element by element, placing cells without ``r`` as the reader does."""
        for match in _ITEM.finditer(block):
            row_attrs, empty_attrs, cell_attrs, body = match.groups()
            if row_attrs is not None:
                found = _REFERENCE.search(row_attrs)
                self.row = int(found.group(2)) if found and found.group(2) else self.row + 1
                self.column = 0
                continue
            attrs = empty_attrs if empty_attrs is not None else cell_attrs
            found = _REFERENCE.search(attrs)
            if found and found.group(1):
                self.column = self._column(found.group(1))
                if found.group(2):
                    self.row = int(found.group(2))
            else:
                self.column += 1
            self.cells += 1
            self.first_row, self.last_row = min(self.first_row, self.row), max(self.last_row, self.row)
            self.first_column = min(self.first_column, self.column)
            self.last_column = max(self.last_column, self.column)
            if body is None:
                continue
            kind = _TYPE.search(attrs)
            if kind is not None and kind.group(1) == b"s":
                value = _VALUE.search(body)
                self.decoded += self._shared_chars([value.group(1)] if value else [])

    def _shared_chars(self, indexes: list[bytes]) -> int:
        try:
            return sum(map(self.lengths.__getitem__, map(int, indexes)))
        except IndexError:  # the reader refuses a reference past the table; count what exists
            known = len(self.lengths)
            return sum(self.lengths[int(index)] for index in indexes if int(index) < known)

    def _column(self, letters: bytes) -> int:
        number = self.letters.get(letters)
        if number is None:
            number = self.letters[letters] = _column_number(letters)
        return number


def _complete_blocks(archive: zipfile.ZipFile, member: str, end: re.Pattern[bytes], file: str, sheet: str | None):
    """Decompressed XML in chunks that each end just after an element closes."""
    pending = b""
    with archive.open(member) as stream:
        while True:
            chunk = stream.read(CHUNK_BYTES)
            if not chunk:
                break
            pending += chunk
            cut = _last_end(pending, end)
            if cut:
                yield pending[:cut]
                pending = pending[cut:]
            if len(pending) > MAX_PENDING_BYTES:
                raise _element_too_large(file, sheet, member)
    if pending:
        yield pending


def _last_end(data: bytes, end: re.Pattern[bytes]) -> int:
    """Offset just after the last closing tag in ``data`` (0 when there is none).

    Only the tail is searched at first, widening until a closing tag is found.
    """
    window = 64 * 1024
    while True:
        start = max(0, len(data) - window)
        last = 0
        for match in end.finditer(data, start):
            last = match.end()
        if last or start == 0:
            return last
        window *= 8


def _text_length(body: bytes) -> int:
    if b"<![CDATA[" in body:  # markup inside CDATA is text: count every byte, an upper bound
        return len(body)
    text = _ENTITY.sub(b"&", _TAG.sub(b"", body))
    return len(text.decode("utf-8", "replace"))


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + (letter - 64)
    return number


def _element_too_large(file: str, sheet: str | None, member: str) -> FileRejected:
    return FileRejected(
        f"one row or cell of the workbook part '{member}' holds more than "
        f"{MAX_PENDING_BYTES:,} bytes of XML, far more than any real cell",
        reason="cell_too_large",
        fix="open the original in Excel, check the sheet, save it again as .xlsx and upload that copy",
        file=file,
        sheet=sheet,
    )
