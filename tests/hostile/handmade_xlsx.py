"""Workbooks zipped up from hand-written XML, for shapes no spreadsheet program would write.

``HandmadeSheet`` says what the one sheet holds and how its XML is dressed:
where its ``<dimension>`` sits (or whether it has one), which quote the
attributes use, and where in the zip the sheet is stored (it is found only
through ``xl/_rels/workbook.xml.rels``).
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from tests.hostile.builders import CPU_HEADER, cpu_rows

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_SHEET_TYPE = f"{_RELS}/worksheet"
_STRINGS_TYPE = f"{_RELS}/sharedStrings"


@dataclass(frozen=True)
class HandmadeSheet:
    """One sheet's XML: ``rows`` of cell XML strings, dressed as the fields below say."""

    rows: Sequence[str]
    dimension: str | None = None
    """The ``ref`` of the ``<dimension>`` element; None leaves the element out."""
    head_padding: int = 0
    """Bytes of XML comment placed before ``<dimension>``, pushing it away from the head."""
    quote: str = '"'
    part: str = "xl/worksheets/sheet1.xml"
    name: str = "CPUs"
    shared_strings: Sequence[str] = field(default_factory=tuple)


def cell(reference: str, value: object, quote: str = '"') -> str:
    """One cell: numbers as numbers, anything else as an inline string."""
    q = quote
    if isinstance(value, int | float):
        return f"<c r={q}{reference}{q}><v>{value}</v></c>"
    return f"<c r={q}{reference}{q} t={q}inlineStr{q}><is><t>{escape(str(value))}</t></is></c>"


def shared_cell(reference: str, index: int, quote: str = '"') -> str:
    """One cell showing shared string number ``index``."""
    return f"<c r={quote}{reference}{quote} t={quote}s{quote}><v>{index}</v></c>"


def row(number: int, cells: Iterable[str], quote: str = '"') -> str:
    return f"<row r={quote}{number}{quote}>{''.join(cells)}</row>"


def cpu_sheet_rows(count: int = 3, quote: str = '"') -> list[str]:
    """The CPU header and ``count`` CPU rows, from row 1, as row XML.

    The CPU rows all have one shape, so ``row`` and ``cell`` dress the first with
    placeholders and every row is formatted from that: the same XML as dressing
    each cell, a million rows in a second instead of a minute.
    """
    letters = "ABCD"
    header = row(1, (cell(f"{letter}1", value, quote) for letter, value in zip(letters, CPU_HEADER)), quote)
    table = cpu_rows(count)
    if not table:
        return [header]
    template = row("{0}", (_placeholder_cell(f"{letter}{{0}}", value, index, quote)
                           for index, (letter, value) in enumerate(zip(letters, table[0]), start=1)), quote)
    return [header, *(template.format(number, *map(_cell_text, values)) for number, values in enumerate(table, start=2))]


def _placeholder_cell(reference: str, value: object, index: int, quote: str) -> str:
    """``cell`` for a value of ``value``'s kind, with ``{index}`` where the value goes."""
    if isinstance(value, int | float):
        return cell(reference, 0, quote).replace("<v>0</v>", f"<v>{{{index}}}</v>")
    return cell(reference, f"{{{index}}}", quote)


def _cell_text(value: object) -> str:
    return str(value) if isinstance(value, int | float) else escape(str(value))


def write_handmade(path: Path, sheet: HandmadeSheet) -> Path:
    """Zip the sheet into a minimal but complete workbook at ``path``."""
    q = sheet.quote
    target = sheet.part.removeprefix("xl/")
    relationships = [f"<Relationship Id={q}rId1{q} Type={q}{_SHEET_TYPE}{q} Target={q}{target}{q}/>"]
    if sheet.shared_strings:
        relationships.append(f"<Relationship Id={q}rId2{q} Type={q}{_STRINGS_TYPE}{q} Target={q}sharedStrings.xml{q}/>")
    parts = {
        "[Content_Types].xml": _content_types(sheet),
        "_rels/.rels": f'<Relationships xmlns="{_PACKAGE_RELS}"><Relationship Id="rId1" '
        f'Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f"<workbook xmlns={q}{_MAIN}{q} xmlns:r={q}{_RELS}{q}><sheets>"
        f"<sheet name={q}{escape(sheet.name)}{q} sheetId={q}1{q} r:id={q}rId1{q}/></sheets></workbook>",
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PACKAGE_RELS}">{"".join(relationships)}</Relationships>',
        sheet.part: _sheet_xml(sheet),
    }
    if sheet.shared_strings:
        items = "".join(f"<si><t>{escape(text)}</t></si>" for text in sheet.shared_strings)
        count = len(sheet.shared_strings)
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{_MAIN}" count="{count}" uniqueCount="{count}">{items}</sst>'
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:  # fast: files run to 100s of MB
        for name, text in parts.items():
            archive.writestr(name, text)
    return path


def _sheet_xml(sheet: HandmadeSheet) -> str:
    q = sheet.quote
    padding = f"<!--{' ' * sheet.head_padding}-->" if sheet.head_padding else ""
    dimension = f"<dimension ref={q}{sheet.dimension}{q}/>" if sheet.dimension else ""
    return (
        f"<?xml version={q}1.0{q} encoding={q}UTF-8{q} standalone={q}yes{q}?>"
        f"<worksheet xmlns={q}{_MAIN}{q}>{padding}{dimension}<sheetData>{''.join(sheet.rows)}</sheetData></worksheet>"
    )


def _content_types(sheet: HandmadeSheet) -> str:
    overrides = [
        ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
        (f"/{sheet.part}", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"),
    ]
    if sheet.shared_strings:
        overrides.append(("/xl/sharedStrings.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"))
    body = "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides)
    return (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>{body}</Types>'
    )
