"""The records a commit would create for unknown components, and whether the policy lets it.

Every such record is created flagged ``needs_review``. ``on_unknown_component``
decides whether it may be created at all: ``create`` creates them, ``block``
blocks the commit on any of them, and unset (the default) creates those that
carry something besides their name (a component's metadata, such as
``gpu_mark`` 8540) and blocks on those that would carry nothing but a name.
A blocked preview names the listing rows and the names, and the config line
that unblocks it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from dealbrain.importing.policies import UnknownComponentPolicy
from dealbrain.specs import get_entity_spec

CREATE, BLOCKED = "create", "blocked"
LISTED = 10


@dataclass(frozen=True)
class CreationPolicy:
    """``on_unknown_component`` as given (None: block only records that would carry nothing but a name)."""

    policy: UnknownComponentPolicy | None

    def __post_init__(self) -> None:
        if self.policy is not None:
            object.__setattr__(self, "policy", UnknownComponentPolicy(self.policy))

    def decision(self, entry: dict[str, Any]) -> str:
        """``create`` or ``blocked`` for one planned record."""
        if self.policy is UnknownComponentPolicy.CREATE:
            return CREATE
        if self.policy is UnknownComponentPolicy.BLOCK:
            return BLOCKED
        return CREATE if entry.get("values") else BLOCKED


def rows_text(rows: dict[str, list[int]]) -> str:
    """``sheet 'listing' row 2, 5`` for the rows naming a record."""
    return "; ".join(f"sheet {sheet!r} row(s) {', '.join(map(str, numbers[:LISTED]))}" for sheet, numbers in rows.items())


def creation_blocking(policy: UnknownComponentPolicy | None, creations: Sequence[dict[str, Any]]) -> list[str]:
    """One blocking reason per entity whose records the policy does not let the commit create."""
    decide = CreationPolicy(policy)
    policy = decide.policy
    blocked: dict[str, list[dict[str, Any]]] = {}
    for entry in creations:
        if decide.decision(entry) == BLOCKED:
            blocked.setdefault(str(entry["entity"]), []).append(entry)
    reasons = []
    for entity, entries in blocked.items():
        label = get_entity_spec(entity).label
        named = "; ".join(f"{entry['name']!r} ({rows_text(entry['rows'])})" for entry in entries[:LISTED])
        more = f" and {len(entries) - LISTED} more" if len(entries) > LISTED else ""
        why = ("on_unknown_component is block" if policy is UnknownComponentPolicy.BLOCK
               else "they would carry nothing but a name")
        reasons.append(
            f"{len(entries)} unknown {label} record(s) would be created from listings ({why}): {named}{more}. "
            f"Import them on a {label} sheet first, fix the names (a set_component override), "
            "or let the commit create them flagged for review with `on_unknown_component: create`."
        )
    return reasons
