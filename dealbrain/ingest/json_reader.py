"""Reading a JSON or JSON Lines file as one sheet of text cells.

What counts as the records:

- ``.json`` holding an array of objects: each object is a record;
- ``.json`` holding an object with exactly one array of objects among its
  members (PassMark's ``{"data": [...]}``): that array's objects; other
  members are left out, and the notes say so;
- ``.jsonl`` / ``.ndjson``: one object per line (blank lines are skipped);
- with a record path (``json_record_path``), whatever the path selects, in
  both formats.

Values keep the text they were written with, exactly like spreadsheet cells:
``"5,830"``, ``"NA"``, ``"$60.23*"`` and ``1e5`` reach coercion unchanged;
``true``/``false`` become those words, ``null`` an empty cell, nested
objects and arrays their JSON text (a column of objects is then expanded
into dotted columns by ``json_columns``). The sheet is named after the file;
rows are numbered by record. Files that are not UTF-8, not valid JSON,
nested too deeply, repeat a key in an object, hold ``NaN``/``Infinity`` or
break a read limit are refused with the line where it happens.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from dealbrain.ingest.errors import FileRejected
from dealbrain.ingest.json_lines import each_line_value
from dealbrain.ingest.json_record_path import RecordPath, RecordPathError, parse_record_path
from dealbrain.ingest.json_record_walk import RecordWalk, each_member
from dealbrain.ingest.json_sheet_builder import RecordSheetBuilder
from dealbrain.ingest.json_stream import JsonStream
from dealbrain.ingest.json_values import kind_of
from dealbrain.ingest.limits import ReadLimits
from dealbrain.ingest.raw_sheet import RawSheet

_POINT_THE_PATH = "give a record_path in the import config naming where the records are, e.g. 'entities.*'"


def max_value_chars(limits: ReadLimits) -> int:
    """The largest single JSON value (one record, or one labelled member) decoded at once."""
    return limits.max_columns * limits.max_cell_chars


def read_json(
    path: Path, file: str, limits: ReadLimits, *, lines: bool = False, record_path: str | None = None
) -> RawSheet:
    """The records of a JSON (``lines=False``) or JSON Lines file as one sheet; see the module docstring."""
    parsed = _parsed_path(record_path, file)
    builder = RecordSheetBuilder(file, Path(file).stem or file, limits)
    notes = ["JSON Lines: one record per line" if lines else "read as JSON"]
    if lines:
        walk = RecordWalk(parsed, builder, file) if parsed else None
        for line, value in each_line_value(path, file, max_value_chars(limits)):
            where = f"line {line:,}"
            if walk is not None:
                walk.walk(value, where)
            else:
                _add_line_record(builder, value, where, file)
    else:
        stream = JsonStream.open(path, file, max_value_chars(limits))
        try:
            if parsed is not None:
                RecordWalk(parsed, builder, file).stream(stream)
            else:
                notes += _read_top_level(stream, builder, file)
            if not stream.at_end():
                stream.refuse_syntax("expected the end of the file after the top-level value")
        finally:
            stream.close()
    if parsed is not None:
        notes.append(f"records selected by the record path {parsed.text!r}")
        if builder.rows == 0:
            raise FileRejected(
                f"the record path {parsed.text!r} selects no records in this file",
                reason="no_records",
                fix="check each step of the record path against the file's structure",
                file=file,
            )
    return builder.build(notes)


def _parsed_path(record_path: str | None, file: str) -> RecordPath | None:
    if record_path is None or not record_path.strip():
        return None
    try:
        return parse_record_path(record_path)
    except RecordPathError as error:
        raise FileRejected(str(error), reason="bad_record_path", fix="see the record path syntax", file=file) from None


def _add_line_record(builder: RecordSheetBuilder, value: Any, where: str, file: str) -> None:
    if not isinstance(value, dict):
        raise FileRejected(
            f"{where} holds {kind_of(value)}, but each line of a JSON Lines file must be one record (an object)",
            reason="not_records",
            fix="write one JSON object per line, or give a record_path",
            file=file,
        )
    builder.add(value, (), where)


def _read_top_level(stream: JsonStream, builder: RecordSheetBuilder, file: str) -> list[str]:
    """Records from a top-level array, or from the one array of records inside a top-level object."""
    opening = stream.peek()
    if opening == "[":
        each_member(stream, lambda key, at: _add_record(builder, stream.value(), at, file), "the top level")
        return []
    if opening != "{":
        found = kind_of(stream.value()) if opening else "nothing"
        raise FileRejected(
            f"the file holds {found}, not records (an array of objects)",
            reason="not_records",
            fix="export the data as an array of objects, or as JSON Lines",
            file=file,
        )
    found = _MemberScan(stream, builder, file)
    each_member(stream, found.member, "the top level")
    return found.finish()


class _MemberScan:
    """Walks a top-level object: the first array of objects is streamed as the records."""

    def __init__(self, stream: JsonStream, builder: RecordSheetBuilder, file: str) -> None:
        self.stream, self.builder, self.file = stream, builder, file
        self.records_member: str | None = None
        self.others: list[str] = []

    def member(self, key: str, at: str) -> None:
        if self.stream.peek() != "[":
            self.others.append(f"'{key}' ({kind_of(self.stream.value())})")
            return
        state = {"records": False, "position": 0}

        def element(_position: str, where: str) -> None:
            value = self.stream.value()
            state["position"] += 1
            if state["position"] == 1 and isinstance(value, dict):
                if self.records_member is not None:
                    raise FileRejected(
                        f"the top-level object holds more than one array of records ('{self.records_member}' and '{key}')",
                        reason="ambiguous_records", fix=_POINT_THE_PATH.replace("'entities.*'", f"'{key}'"), file=self.file,
                    )
                self.records_member, state["records"] = key, True
            if state["records"]:
                _add_record(self.builder, value, where, self.file)

        each_member(self.stream, element, at)
        if not state["records"]:
            self.others.append(f"'{key}' (an array of {'values' if state['position'] else 'nothing'})")

    def finish(self) -> list[str]:
        if self.records_member is None:
            members = ", ".join(self.others) or "none"
            raise FileRejected(
                f"the top-level object has no array of records; its members are {members}",
                reason="no_records", fix=_POINT_THE_PATH, file=self.file,
            )
        notes = [f"records read from the top-level member '{self.records_member}'"]
        if self.others:
            notes.append(f"other top-level members were not imported: {', '.join(self.others)}")
        return notes


def _add_record(builder: RecordSheetBuilder, value: Any, where: str, file: str) -> None:
    if not isinstance(value, dict):
        raise FileRejected(
            f"{where} is {kind_of(value)}, but every record must be an object",
            reason="not_records",
            fix="make every element of the array an object of named values",
            file=file,
        )
    builder.add(value, (), where)
