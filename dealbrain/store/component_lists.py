"""The one text form of a listing's component list: what rows carry, the plan compares and the changeset keeps.

Items ``{component_type, name, quantity, metadata, record}`` sorted by type
and name, as compact JSON with sorted keys, so two spellings of the same
list compare equal. ``record`` is the name of the record the component names
(None for parts that name no entity, or before matching).
"""

from __future__ import annotations

import json
from typing import Any

from dealbrain.store.keys import fold


def canonical_components(items: list[dict[str, Any]]) -> str:
    """The canonical text of a component list (sorted, every key present)."""
    normalized = [
        {
            "component_type": item["component_type"],
            "name": item["name"],
            "quantity": int(item.get("quantity") or 1),
            "metadata": dict(item.get("metadata") or {}),
            "record": item.get("record"),
        }
        for item in items
    ]
    normalized.sort(key=lambda item: (item["component_type"], fold(item["name"]), item["quantity"]))
    return json.dumps(normalized, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def read_components(text: str | None) -> list[dict[str, Any]]:
    """The items of a canonical component list (empty for none)."""
    return json.loads(text) if text else []
