"""Candidates that share one normalized key, and how a name picks among them.

Distinct records can normalize to the same key: PassMark lists
``"Intel Pentium 4 2.60GHz"`` and ``"Intel Pentium 4 3.00GHz"``, or both
``"Intel i7-1165G7"`` and ``"Intel Core i7-1165G7 @ 2.80GHz"``. The key drops
clocks, so the clock decides between them, and only between them: a name
with a clock picks the member with the nearest clock (within
``CLOCK_TOLERANCE_MHZ``), a name without one picks the only member without
one. Anything else is ambiguous and left to a person.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from dealbrain.matching.normalize import clock_mhz
from dealbrain.matching.results import Candidate

CLOCK_TOLERANCE_MHZ = 10
"""Clocks this close count as the same (``"2.13GHz"`` and ``"2133MHz"``)."""


@dataclass(frozen=True)
class KeyGroup:
    """The candidates whose names share one normalized key, in the order they were given."""

    key: str
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class GroupChoice:
    """The member a name designates (None when ambiguous) and all members, closest name first."""

    chosen: Candidate | None
    ranked: tuple[Candidate, ...]

    @property
    def suggestion(self) -> Candidate:
        """The chosen member, or the closest one to put before a person."""
        return self.chosen or self.ranked[0]


def choose_in_group(group: KeyGroup, name: str) -> GroupChoice:
    """Which member of ``group`` the name designates, decided by clock when there are several."""
    if len(group.candidates) == 1:
        return GroupChoice(group.candidates[0], group.candidates)
    lowered = name.strip().lower()
    ranked = tuple(
        sorted(group.candidates, key=lambda candidate: -fuzz.ratio(lowered, candidate.name.strip().lower()))
    )
    wanted = clock_mhz(name)
    clocks = [clock_mhz(candidate.name) for candidate in ranked]
    if wanted is None:
        fitting = [candidate for candidate, clock in zip(ranked, clocks) if clock is None]
    else:
        distances = {
            candidate: abs(clock - wanted) for candidate, clock in zip(ranked, clocks) if clock is not None
        }
        nearest = min(distances.values(), default=CLOCK_TOLERANCE_MHZ + 1)
        fitting = [
            candidate
            for candidate, distance in distances.items()
            if distance == nearest and distance <= CLOCK_TOLERANCE_MHZ
        ]
    return GroupChoice(fitting[0] if len(fitting) == 1 else None, ranked)
