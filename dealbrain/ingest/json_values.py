"""Decoding JSON values strictly, and turning them into sheet cells of raw text.

The decoder keeps numbers exactly as written (``5830``, ``60.23``, ``1e5``):
they become ``JsonNumber`` strings, so a JSON source reaches coercion as the
same raw text a spreadsheet cell would, and huge integers never go through
``int``. ``NaN``/``Infinity`` literals and repeated keys in one object are
refused (``JsonValueError``), since neither has one meaning a reader can
rely on. Nested values are limited in depth before anything walks them.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DEPTH = 64
"""Objects and arrays nested deeper than this inside one record are refused."""


class JsonNumber(str):
    """A JSON number kept as the text it was written with."""

    __slots__ = ()


class JsonValueError(ValueError):
    """A JSON value the importer refuses, with a sentence saying why (no location yet)."""

    def __init__(self, problem: str, reason: str) -> None:
        super().__init__(problem)
        self.problem = problem
        self.reason = reason


def _refuse_constant(name: str) -> Any:
    raise JsonValueError(
        f"it contains the literal {name}, which is not valid JSON (a number must be finite)",
        reason="non_finite_number",
    )


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for key, value in pairs:
        if key in document:
            raise JsonValueError(
                f"an object has the key {json.dumps(key, ensure_ascii=False)[:80]} twice, "
                "so it is unclear which value is meant",
                reason="duplicate_key",
            )
        document[key] = value
    return document


DECODER = json.JSONDecoder(
    object_pairs_hook=_unique_keys,
    parse_int=JsonNumber,
    parse_float=JsonNumber,
    parse_constant=_refuse_constant,
)
"""The one strict decoder every JSON reader uses."""


def check_depth(value: Any, limit: int = MAX_DEPTH) -> None:
    """Refuse ``value`` if its objects and arrays nest more than ``limit`` levels (walked without recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        current, depth = stack.pop()
        if isinstance(current, dict):
            children = current.values()
        elif isinstance(current, list):
            children = current
        else:
            continue
        if depth > limit:
            raise JsonValueError(
                f"it nests objects or arrays more than {limit} levels deep", reason="too_deep"
            )
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))


def cell_text(value: Any) -> str | None:
    """A decoded value as a sheet cell: text trimmed, ``true``/``false``, numbers as written, JSON for containers.

    ``null`` and blank text are empty cells (None), exactly like blank
    spreadsheet cells.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value.strip() or None
    return to_json_text(value)


def to_json_text(value: Any) -> str:
    """Compact JSON text of a decoded value, numbers as they were written (depth already checked)."""
    if isinstance(value, JsonNumber):
        return str.__str__(value)
    if isinstance(value, dict):
        members = (f"{json.dumps(key, ensure_ascii=False)}: {to_json_text(item)}" for key, item in value.items())
        return "{" + ", ".join(members) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(to_json_text(item) for item in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def kind_of(value: Any) -> str:
    """How a message names the kind of a decoded value."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, JsonNumber):
        return "a number"
    if value is None:
        return "null"
    return "a string"
