"""Following a record path through a JSON document, streamed or already decoded.

The streamed walk reads through arrays and objects one member at a time, so
``{"data": [...millions...]}`` is never decoded whole. A labelled step needs
the whole object it labels (its other members become columns, and they may
come after the records in the file), so from there on each member is
decoded and the rest of the path is walked in memory.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dealbrain.ingest.errors import FileRejected
from dealbrain.ingest.json_record_path import RECORD_KEY_COLUMN, PathStep, RecordPath
from dealbrain.ingest.json_sheet_builder import RecordSheetBuilder
from dealbrain.ingest.json_stream import JsonStream
from dealbrain.ingest.json_values import cell_text, kind_of


@dataclass
class _Level:
    """What the levels above a record contribute: carried columns and the labelled keys."""

    carried: tuple[tuple[str, Any], ...] = ()
    keys: tuple[str, ...] = ()


@dataclass
class RecordWalk:
    """One walk of a record path, adding every record it reaches to ``builder``."""

    path: RecordPath
    builder: RecordSheetBuilder
    file: str
    labelled: bool = field(init=False)

    def __post_init__(self) -> None:
        self.labelled = bool(self.path.labels)

    # --- streamed -----------------------------------------------------------------

    def stream(self, stream: JsonStream) -> None:
        """Walk the whole document under the cursor."""
        self._stream(stream, self.path.steps, _Level(), "the top level")

    def _stream(self, stream: JsonStream, steps: tuple[PathStep, ...], level: _Level, where: str) -> None:
        if not steps:
            self._stream_records(stream, level, where)
            return
        step, rest = steps[0], steps[1:]
        opening = stream.peek()
        if step.label:
            each_member(stream, lambda key, at: self._labelled(step, rest, key, stream.value(), level, at), where)
        elif opening == "{":
            def member(key: str, at: str) -> None:
                if step.is_wildcard or key == step.name:
                    self._stream(stream, rest, level, at)
                else:
                    stream.value()
            each_member(stream, member, where)
        elif opening == "[":
            inner = steps if not step.is_wildcard else rest
            each_member(stream, lambda _key, at: self._stream(stream, inner, level, at), where)
        else:
            stream.value()

    def _stream_records(self, stream: JsonStream, level: _Level, where: str) -> None:
        if stream.peek() == "[":
            each_member(stream, lambda key, at: self._record(stream.value(), level, at, key), where)
            return
        value = stream.value()
        if value is not None:
            self._record(value, level, where, None)

    # --- in memory ----------------------------------------------------------------

    def walk(self, value: Any, where: str) -> None:
        """Walk a decoded value (a JSON Lines record, or a labelled member)."""
        self._walk(value, self.path.steps, _Level(), where)

    def _walk(self, value: Any, steps: tuple[PathStep, ...], level: _Level, where: str) -> None:
        if not steps:
            if value is None:
                return  # null where records would be: none here (e.g. a field without buckets)
            if isinstance(value, list):
                for position, element in enumerate(value, start=1):
                    self._record(element, level, f"{where}[{position}]", str(position))
            else:
                self._record(value, level, where, None)
            return
        step, rest = steps[0], steps[1:]
        for key, child, at in _children(value, where):
            if step.label:
                self._labelled(step, rest, key, child, level, at)
            elif step.is_wildcard:
                self._walk(child, rest, level, at)
            elif isinstance(value, list):
                self._walk(child, steps, level, at)
            elif key == step.name:
                self._walk(child, rest, level, at)

    # --- shared ---------------------------------------------------------------------

    def _labelled(self, step: PathStep, rest: tuple[PathStep, ...], key: str, child: Any, level: _Level, where: str) -> None:
        name = key
        if step.key_member is not None:
            if not isinstance(child, dict) or cell_text(child.get(step.key_member)) is None:
                raise FileRejected(
                    f"{where}: the record path step {step} needs a member {step.key_member!r} here, "
                    f"but {kind_of(child)} without it was found",
                    reason="bad_record_path",
                    fix="check the record path against the file, or use {" + str(step.label) + "} to number the elements",
                    file=self.file,
                )
            name = cell_text(child[step.key_member]) or key
        carried = [(str(step.label), name)]
        if rest and isinstance(child, dict):
            followed = rest[0].name
            carried += [
                (f"{step.label}.{member}", value)
                for member, value in child.items()
                if member != followed and member != step.key_member
            ]
        inner = _Level((*level.carried, *carried), (*level.keys, name))
        if rest:
            self._walk(child, rest, inner, where)
        else:
            self._record(child, inner, where, None)

    def _record(self, value: Any, level: _Level, where: str, position: str | None) -> None:
        if not isinstance(value, dict):
            raise FileRejected(
                f"{where}: the record path leads to {kind_of(value)} here, but every record must be an object",
                reason="not_records",
                fix="point the record path at an array of objects (see the record path syntax)",
                file=self.file,
            )
        carried = level.carried
        if self.labelled:
            keys = level.keys if position is None else (*level.keys, position)
            carried = ((RECORD_KEY_COLUMN, " / ".join(keys)), *carried)
        self.builder.add(value, carried, where)


def _children(value: Any, where: str) -> list[tuple[str, Any, str]]:
    if isinstance(value, dict):
        return [(key, child, f"{where}.{key}" if where != "the top level" else key) for key, child in value.items()]
    if isinstance(value, list):
        return [(str(index), child, f"{where}[{index}]") for index, child in enumerate(value, start=1)]
    return []


def each_member(stream: JsonStream, visit: Callable[[str, str], None], where: str) -> None:
    """Call ``visit(key, where)`` at each member of the object or array under the cursor.

    For objects ``key`` is the member name and ``visit`` must consume its
    value; for arrays it is the 1-based position. Repeated member names are
    refused.
    """
    opening = stream.peek()
    if opening not in ("{", "["):
        stream.refuse_syntax("expected an object or an array")
    closing = "}" if opening == "{" else "]"
    stream.take(opening, repr(opening))
    if stream.peek() == closing:
        stream.take(closing, repr(closing))
        return
    seen: set[str] = set()
    position = 0
    while True:
        position += 1
        if opening == "{":
            if stream.peek() != '"':
                stream.refuse_syntax("expected a member name in double quotes")
            key = stream.value()
            if key in seen:
                raise stream.rejected(
                    f"{where} has the member {key!r} twice, so it is unclear which one is meant",
                    "duplicate_key", stream.line(),
                )
            seen.add(key)
            stream.take(":", "':' after a member name")
            at = key if where == "the top level" else f"{where}.{key}"
        else:
            key = str(position)
            at = f"{where}[{position}]" if where != "the top level" else f"record {position}"
        visit(key, at)
        separator = stream.peek()
        if separator == ",":
            stream.take(",", "','")
            continue
        stream.take(closing, f"',' or {closing!r}")
        return
