"""Refusing xlsx sheets whose used range is too large to allocate, before reading them.

calamine (behind fastexcel) allocates a sheet's whole used range at once: a
single value typed in XFD1048576 asks for ~17 billion cells and aborts the
process. Excel and most writers record the used range in a ``<dimension>``
element at the top of each sheet's XML, so only that head is decompressed.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
import zlib
from pathlib import Path

from dealbrain.ingest.errors import FileRejected
from dealbrain.ingest.limits import ReadLimits

_HEAD_BYTES = 64 * 1024
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="\$?([A-Z]{1,3})\$?(\d{1,7})(?::\$?([A-Z]{1,3})\$?(\d{1,7}))?"')
_SHEET = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")
_ATTRIBUTE = re.compile(rb'([\w:]+)="([^"]*)"')


def check_declared_sheet_sizes(path: Path, limits: ReadLimits, file: str) -> None:
    """Refuse the workbook if any sheet declares more cells than ``limits.max_cells``."""
    try:
        with zipfile.ZipFile(path) as archive:
            sheet_names = _sheet_names_by_part(archive)
            for member in archive.infolist():
                name = member.filename
                if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                    continue
                with archive.open(member) as stream:
                    head = stream.read(_HEAD_BYTES)
                _check_extent(head, sheet_names.get(name, name), limits, file)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError):
        raise FileRejected(
            "the workbook is damaged or incomplete (a sheet cannot be unpacked)",
            reason="corrupt",
            fix="open the original in Excel, save it again as .xlsx, and upload that copy",
            file=file,
        ) from None


def _check_extent(head: bytes, sheet: str, limits: ReadLimits, file: str) -> None:
    match = _DIMENSION.search(head)
    if match is None:
        return
    first_col, first_row, last_col, last_row = match.groups()
    last_col, last_row = last_col or first_col, last_row or first_row
    rows = abs(int(last_row) - int(first_row)) + 1
    columns = abs(_column_number(last_col) - _column_number(first_col)) + 1
    if rows * columns <= limits.max_cells:
        return
    top_left = f"{first_col.decode()}{int(first_row)}"
    bottom_right = f"{last_col.decode()}{int(last_row)}"
    raise FileRejected(
        f"the sheet's used range is {top_left}:{bottom_right} ({rows:,} rows × {columns:,} "
        f"columns = {rows * columns:,} cells); the limit is {limits.max_cells:,} cells",
        reason="too_many_cells",
        fix="this usually means a stray value far below or to the right of the data: press "
        "Ctrl+End in Excel to find it, delete the unused rows and columns, save, and upload again",
        file=file,
        sheet=sheet,
    )


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - ord("A") + 1)
    return number


def _sheet_names_by_part(archive: zipfile.ZipFile) -> dict[str, str]:
    """Map worksheet part paths (``xl/worksheets/sheet1.xml``) to the sheet names users see."""
    try:
        workbook = archive.read("xl/workbook.xml")
        relationships = archive.read("xl/_rels/workbook.xml.rels")
    except KeyError:
        return {}
    targets = {}
    for element in _RELATIONSHIP.findall(relationships):
        attributes = _attributes(element)
        if "Id" in attributes and "Target" in attributes:
            target = attributes["Target"]
            part = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            targets[attributes["Id"]] = part
    names = {}
    for element in _SHEET.findall(workbook):
        attributes = _attributes(element)
        relation = next((value for key, value in attributes.items() if key.endswith(":id")), None)
        if relation in targets and "name" in attributes:
            names[targets[relation]] = attributes["name"]
    return names


def _attributes(element: bytes) -> dict[str, str]:
    return {
        key.decode("utf-8", "replace"): html.unescape(value.decode("utf-8", "replace"))
        for key, value in _ATTRIBUTE.findall(element)
    }


__all__ = ["check_declared_sheet_sizes"]
