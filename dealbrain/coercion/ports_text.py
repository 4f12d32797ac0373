"""Parsing one PORTS cell into ``{type, count, spec_notes}`` dictionaries.

Two spellings are accepted:

* JSON, as the original templates export it:
  ``[{"type": "usb_a", "count": 4}, {"type": "usb_c", "count": 2, "spec_notes": "USB 3.2 Gen2"}]``
* a compact list: ``usb_a x4, usb_c x2 (USB 3.2 Gen2), hdmi`` (``4x usb_a``
  works too; the count defaults to 1).

Port types are lower-cased with spaces and dashes turned into underscores
(``USB-A`` becomes ``usb_a``); callers are told when that happened.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

PORT_KEYS: tuple[str, ...] = ("type", "count", "spec_notes")

_COMPACT_ITEM = re.compile(
    r"^(?:(?P<lead>\d+)\s*[x×]\s*)?(?P<type>[^()]+?)"
    r"(?:\s*[x×]\s*(?P<trail>\d+))?\s*(?:\((?P<notes>[^()]*)\))?$",
    re.IGNORECASE,
)


class PortsError(ValueError):
    """A ports cell that cannot be read; the message completes "'<cell>' ..."."""


@dataclass(frozen=True)
class ParsedPorts:
    ports: list[dict[str, Any]]
    respelled: bool
    """True when a port type was normalised (``USB-A`` -> ``usb_a``)."""


def port_type_key(raw_type: str) -> str:
    """The stored spelling of a port type."""
    return re.sub(r"[\s-]+", "_", raw_type.strip().lower())


def parse_ports(cell: str) -> ParsedPorts:
    """Read one non-empty ports cell; raises PortsError with a human reason."""
    cell = cell.strip()
    if cell.startswith(("[", "{")):
        decoded = _json_list(cell)
        items = [_from_json_item(item, position) for position, item in enumerate(decoded, 1)]
    else:
        items = [_from_compact_item(item) for item in _split_compact(cell)]
    respelled = any(port["type"] != original for port, original in items)
    return ParsedPorts([port for port, _ in items], respelled)


def _json_list(cell: str) -> list[Any]:
    try:
        decoded = json.loads(cell)
    except json.JSONDecodeError as error:
        raise PortsError(f"is not valid JSON ({error.msg} at character {error.pos + 1})") from None
    if not isinstance(decoded, list):
        raise PortsError("is JSON but not a list of ports (wrap the objects in [ ])")
    return decoded


def _from_json_item(item: Any, position: int) -> tuple[dict[str, Any], str]:
    if not isinstance(item, dict):
        raise PortsError(f"has item {position} that is not an object with a 'type'")
    unexpected = sorted(set(item) - set(PORT_KEYS))
    if unexpected:
        names = ", ".join(repr(key) for key in unexpected)
        allowed = ", ".join(PORT_KEYS)
        raise PortsError(f"has item {position} with unexpected keys {names} (allowed: {allowed})")
    raw_type = item.get("type")
    if not isinstance(raw_type, str) or not raw_type.strip():
        raise PortsError(f"has item {position} without a 'type'")
    count = _json_count(item.get("count", 1), position)
    notes = item.get("spec_notes")
    if notes is not None and not isinstance(notes, str):
        raise PortsError(f"has item {position} whose 'spec_notes' is not text")
    return _port(raw_type, count, notes), raw_type


def _json_count(count: Any, position: int) -> int:
    if count is None:
        return 1
    whole = isinstance(count, int) or (isinstance(count, float) and count.is_integer())
    if isinstance(count, bool) or not whole or count < 1:
        raise PortsError(
            f"has item {position} whose count {count!r} is not a positive whole number"
        )
    return int(count)


def _split_compact(cell: str) -> list[str]:
    """Split on commas that are not inside parentheses; blank items are dropped."""
    items, current, depth = [], [], 0
    for char in cell:
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                raise PortsError("has a ')' without a matching '('")
        if char == "," and depth == 0:
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    if depth:
        raise PortsError("has a '(' that is never closed")
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def _from_compact_item(item: str) -> tuple[dict[str, Any], str]:
    match = _COMPACT_ITEM.match(item)
    if match is None:
        raise PortsError(f"has '{item}' which is not like 'usb_a x4' or 'usb_c x2 (USB 3.2 Gen2)'")
    lead, trail = match["lead"], match["trail"]
    if lead and trail:
        raise PortsError(f"has '{item}' with two counts")
    count = int(lead or trail or 1)
    if count < 1:
        raise PortsError(f"has '{item}' whose count is not a positive whole number")
    return _port(match["type"], count, match["notes"]), match["type"].strip()


def _port(raw_type: str, count: int, notes: str | None) -> dict[str, Any]:
    notes = notes.strip() if notes else None
    return {"type": port_type_key(raw_type), "count": count, "spec_notes": notes or None}
