"""What matching takes in and gives back: candidate records and one verdict per name."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class MatchStatus(StrEnum):
    """The verdict on one component name."""

    AUTO = "auto"
    """Matched with confidence: the reference can be set without asking."""
    NEEDS_REVIEW = "needs_review"
    """A likely match that a person should confirm."""
    UNMATCHED = "unmatched"
    """No candidate is close enough; ``alternatives`` holds the nearest ones."""
    EMPTY = "empty"
    """The name was blank, missing or a placeholder such as ``N/A``."""


class MatchMethod(StrEnum):
    """Which tier found the match (a ``str``, so it compares equal to its value)."""

    EXACT = "exact"
    NORMALIZED = "normalized"
    FUZZY = "fuzzy"
    NONE = "none"


@dataclass(frozen=True)
class Candidate:
    """A record a name may refer to.

    ``record_id`` is None for a record that the same import will create, so
    it has no key yet.
    """

    record_id: int | None
    name: str


@dataclass(frozen=True)
class ComponentMatch:
    """The verdict on one name.

    ``matched`` is the chosen candidate for AUTO and the suggested one for
    NEEDS_REVIEW; it is None otherwise. ``score`` is 0..1: 1.0 for an exact
    name, 0.99 for an equal normalized key, the guarded fuzzy similarity
    otherwise. ``method`` says which tier produced ``matched``: ``"exact"``,
    ``"normalized"``, ``"fuzzy"`` or ``"none"``. ``alternatives`` lists the
    best candidate names with their scores, best first.
    """

    name: str | None
    status: MatchStatus
    matched: Candidate | None
    score: float
    method: str
    alternatives: tuple[tuple[str, float], ...] = ()
