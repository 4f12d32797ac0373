"""The record path: which values of a nested JSON document are the records to import.

A record path is a list of steps separated by dots, read from the top of
the document:

- ``name``: go into the member ``name`` of an object. Applied to an array it
  applies to each element, so ``data`` and ``entities.Listing.valuation_buckets``
  read through arrays on the way.
- ``*``: every member of an object, every element of an array.
- ``{label}``: like ``*``, and the level is carried along as columns: a
  column ``label`` holds the member's key (or the element's position,
  1-based), and each other member of the object reached there becomes a
  column ``label.<key>`` (nested values as JSON text).
- ``{label=key}``: like ``{label}``, but the column ``label`` holds the value
  of the object's own member ``key`` (e.g. ``{field=id}``).

Where the path ends, an array's elements are the records (an object there is
one record, ``null`` none). With labelled levels every record also gets a ``record_key``
column: the labelled levels' values joined by `` / ``, a stable name for a
record that has none of its own (``Listing / cpu_id / 2``).

Example, the valuation rules reference (entities -> fields -> buckets)::

    entities.{entity}.{field=id}.valuation_buckets

Keys containing a dot, ``*`` or braces cannot be named in a path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

RECORD_KEY_COLUMN = "record_key"
"""The column holding a record's labelled levels joined by `` / ``."""

_NAME = re.compile(r"[^.*{}=]+")
_LABEL = re.compile(r"\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:=\s*([^.*{}=]+?)\s*)?\}")


class RecordPathError(ValueError):
    """A record path that cannot be read; the message says which step and why."""


@dataclass(frozen=True)
class PathStep:
    """One step of a record path."""

    name: str | None = None
    """The member to go into; None for a wildcard (``*`` or a label)."""
    label: str | None = None
    """For ``{label}`` steps: the column the level's key goes into."""
    key_member: str | None = None
    """For ``{label=key}`` steps: the member whose value names the level."""

    @property
    def is_wildcard(self) -> bool:
        return self.name is None

    def __str__(self) -> str:
        if self.name is not None:
            return self.name
        if self.label is None:
            return "*"
        return f"{{{self.label}={self.key_member}}}" if self.key_member else f"{{{self.label}}}"


@dataclass(frozen=True)
class RecordPath:
    """A parsed record path (see the module docstring for the syntax)."""

    text: str
    steps: tuple[PathStep, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(step.label for step in self.steps if step.label)


def parse_record_path(text: str) -> RecordPath:
    """Parse ``text`` (e.g. ``entities.{entity}.{field=id}.valuation_buckets``) or raise ``RecordPathError``."""
    source = text.strip()
    if not source:
        raise RecordPathError("the record path is empty; leave it out to read the top-level array")
    steps = []
    for position, part in enumerate(source.split("."), start=1):
        part = part.strip()
        steps.append(_step(part, position, source))
    labels = [step.label for step in steps if step.label]
    repeated = sorted({label for label in labels if labels.count(label) > 1})
    if repeated:
        raise RecordPathError(f"record path {source!r}: the label {repeated[0]!r} is used twice; give each level its own")
    if RECORD_KEY_COLUMN in labels:
        raise RecordPathError(f"record path {source!r}: {RECORD_KEY_COLUMN!r} is reserved; choose another label")
    return RecordPath(source, tuple(steps))


def _step(part: str, position: int, source: str) -> PathStep:
    if part == "*":
        return PathStep()
    labelled = _LABEL.fullmatch(part)
    if labelled:
        return PathStep(label=labelled.group(1), key_member=labelled.group(2))
    if _NAME.fullmatch(part):
        return PathStep(name=part)
    shown = part or "(empty)"
    raise RecordPathError(
        f"record path {source!r}: step {position} {shown!r} is not a member name, '*', '{{label}}' "
        "or '{label=key}' (labels use letters, digits and _)"
    )
