"""Writers for the hostile corpus: real workbooks, and the surgery that turns them into hostile ones."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from html import escape
from pathlib import Path
from typing import Any

import openpyxl

from dealbrain.ingest.file_kind import OLE2_SIGNATURE

MB = 1024 * 1024
CPU_HEADER = ["CPU Name", "Manufacturer", "Cores", "Threads"]
CPU_ROW = ["Intel Core i7-8700", "Intel", 6, 12]
SHEET_NAMES_THAT_FIGHT_BACK = ("../../etc/passwd", "a\\b/c", "..", "CON", "\u202eslx.exe", "\U0001f4bb CPUs")
"""Sheet names a crafted xlsx can hold: Excel refuses '/' and '\\', but nothing stops a hand-made workbook.xml."""


def write_workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def cpu_rows(count: int) -> list[list[Any]]:
    """``count`` distinct, valid CPU rows."""
    return [[f"Intel Core i7-{8700 + n}", "Intel", 6, 12] for n in range(count)]


def cpu_workbook(path: Path, rows: int = 3) -> Path:
    return write_workbook(path, {"CPUs": [CPU_HEADER, *cpu_rows(rows)]})


def rewrite_members(source: Path, target: Path, change: Callable[[str, bytes], bytes], extra: dict[str, bytes] | None = None) -> Path:
    """Copy a zip member by member through ``change``, adding ``extra`` members at the end."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        for member in original.infolist():
            copy.writestr(member.filename, change(member.filename, original.read(member.filename)))
        for name, data in (extra or {}).items():
            copy.writestr(name, data)
    return target


def padded_sheet(padding: int) -> Callable[[bytes], bytes]:
    """The sheet XML with ``padding`` bytes of whitespace before its end tag: valid, and a zip bomb."""
    return lambda xml: xml.replace(b"</worksheet>", b" " * padding + b"</worksheet>")


def billion_laughs(xml: bytes) -> bytes:
    entities = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
    doctype = f'<!DOCTYPE worksheet [<!ENTITY lol0 "lol">{entities}]>'.encode()
    return doctype + xml.replace(b"Intel Core i7-8700", b"&lol9;", 1)


def external_entity(xml: bytes) -> bytes:
    doctype = b'<!DOCTYPE worksheet [<!ENTITY leak SYSTEM "file:///etc/passwd">]>'
    return doctype + xml.replace(b"Intel Core i7-8700", b"&leak;", 1)


def stray_last_cell(folder: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "CPUs"
    sheet.append(CPU_HEADER)
    sheet.append(CPU_ROW)
    sheet["XFD1048576"] = "oops"
    path = folder / "stray.xlsx"
    workbook.save(path)
    return path


def ole2(marker: bytes) -> bytes:
    """An OLE2 compound-file header followed by junk, with ``marker`` (a stream name) inside."""
    return OLE2_SIGNATURE + bytes(range(256)) * 2 + marker + b"\xff\x00junk" * 64


def zip_marked_encrypted(data: bytes) -> bytes:
    """The zip with every central-directory entry flagged as encrypted (bit 0 of its flags)."""
    patched = bytearray(data)
    entry = patched.find(b"PK\x01\x02")
    while entry >= 0:
        patched[entry + 8] |= 0x01
        entry = patched.find(b"PK\x01\x02", entry + 4)
    return bytes(patched)


def word_document(folder: Path) -> Path:
    path = folder / "cpus.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return path


def with_sheet_names(folder: Path, name: str, sheets: dict[str, list[list[Any]]]) -> Path:
    """A workbook whose sheets get the given names in workbook.xml, whatever Excel would allow."""
    placeholders = {f"Sheet{n}": title for n, title in enumerate(sheets)}
    plain = write_workbook(folder / f"plain-{name}", dict(zip(placeholders, sheets.values())))

    def rename(member: str, data: bytes) -> bytes:
        if member != "xl/workbook.xml":
            return data
        for placeholder, title in placeholders.items():
            data = data.replace(f'name="{placeholder}"'.encode(), f'name="{_xml_attribute(title)}"'.encode())
        return data

    return rewrite_members(plain, folder / name, rename)


def _xml_attribute(text: str) -> str:
    """``text`` escaped for an XML attribute, control characters as references so they survive parsing."""
    return "".join(f"&#{ord(char)};" if ord(char) < 32 else char for char in escape(text, quote=True))
