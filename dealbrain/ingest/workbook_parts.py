"""Which zip members of an xlsx hold its sheets and shared strings, as the reader will find them.

A workbook names its sheets in ``xl/workbook.xml`` and says where each one
is stored in ``xl/_rels/workbook.xml.rels``; nothing obliges a writer to use
``xl/worksheets/``. Attributes may be quoted with ``"`` or ``'``. The parts
are resolved here the way the xlsx reader resolves them, so every sheet it
will read is also the one that is checked.
"""

from __future__ import annotations

import html
import posixpath
import re
import zipfile
from dataclasses import dataclass

_WORKBOOK = "xl/workbook.xml"
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_DEFAULT_SHARED_STRINGS = "xl/sharedStrings.xml"
_MAX_INDEX_BYTES = 16 * 1024 * 1024
"""workbook.xml and its rels are small indexes; anything larger is not read whole."""
_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet\s[^>]*>")
_RELATIONSHIP = re.compile(rb"<(?:[\w.-]+:)?Relationship\s[^>]*>")
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


@dataclass(frozen=True)
class SheetPart:
    """One sheet as users see it, and the zip member holding its XML (None if it is missing)."""

    name: str
    member: str | None


@dataclass(frozen=True)
class WorkbookParts:
    """The sheets in workbook order and the shared-strings member (None when there is none)."""

    sheets: list[SheetPart]
    shared_strings: str | None


def attributes(element: bytes) -> dict[str, str]:
    """The attributes of one start tag, either quote style, entities decoded."""
    found = {}
    for key, double, single in _ATTRIBUTE.findall(element):
        value = double if double or not single else single
        found[key.decode("utf-8", "replace")] = html.unescape(value.decode("utf-8", "replace"))
    return found


def find_workbook_parts(archive: zipfile.ZipFile) -> WorkbookParts:
    """Resolve every sheet of the workbook to its zip member, through the workbook's relationships."""
    members = {info.filename for info in archive.infolist()}
    lowered = {name.lower(): name for name in members}
    workbook = _read_index(archive, lowered.get(_WORKBOOK))
    relationships = _read_index(archive, lowered.get(_WORKBOOK_RELS.lower()))
    targets: dict[str, str] = {}
    shared_strings = None
    for element in _RELATIONSHIP.findall(relationships):
        found = attributes(element)
        target = _resolve(found.get("Target", ""))
        if "Id" in found and target:
            targets[found["Id"]] = target
        if found.get("Type", "").endswith("/sharedStrings") and target:
            shared_strings = lowered.get(target.lower())
    if shared_strings is None:
        shared_strings = lowered.get(_DEFAULT_SHARED_STRINGS.lower())
    sheets = []
    for element in _SHEET.findall(workbook):
        found = attributes(element)
        relation = next((value for key, value in found.items() if key.endswith(":id")), None)
        target = targets.get(relation or "")
        sheets.append(SheetPart(found.get("name", "?"), lowered.get(target.lower()) if target else None))
    return WorkbookParts(_with_unlisted_worksheets(sheets, members), shared_strings)


def _with_unlisted_worksheets(sheets: list[SheetPart], members: set[str]) -> list[SheetPart]:
    """Worksheet members no relationship reaches are checked too, named by their path."""
    listed = {sheet.member for sheet in sheets}
    extra = [
        SheetPart(name, name)
        for name in sorted(members)
        if name.startswith("xl/worksheets/") and name.endswith(".xml") and name not in listed
    ]
    return sheets + extra


def _resolve(target: str) -> str:
    target = target.replace("\\", "/")
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(f"xl/{target}")


def _read_index(archive: zipfile.ZipFile, member: str | None) -> bytes:
    if member is None:
        return b""
    with archive.open(member) as stream:
        return stream.read(_MAX_INDEX_BYTES)
