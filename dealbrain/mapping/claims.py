"""Columns claiming fields, and settling two columns that claim the same one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from dealbrain.mapping.vocabulary import TermMatch


NO_MATCH = "no match"
"""The rationale of a claim no spelling matched; the mapping explains it with the closest spelling."""


class ClaimSource(IntEnum):
    """Why a column claims a field; higher values win ties on confidence."""

    FUZZY = 0
    """A suggestion: a similar spelling, a suggesting spelling, or a partial name match supported by the values."""
    ACCEPTED = 1
    """A suggestion the operator accepted (``accept_suggestions``); an exact match of another column still wins."""
    EXACT_ALIAS = 2
    EXACT_NAME = 3
    """Exact match on a field's name or label."""
    REMEMBERED = 4
    OPERATOR = 5
    """Operator overrides beat every other claim, whatever the confidence."""


@dataclass(frozen=True)
class Claim:
    """What one column asks for before conflicts are settled.

    ``field`` is None when the column claims nothing: it is ignored
    (``ignored`` is True) or no field matched (then ``closest`` holds the best
    fuzzy match below the threshold, if any).
    """

    index: int
    column: str
    field: str | None
    confidence: float
    source: ClaimSource
    rationale: str
    custom: bool = False
    ignored: bool = False
    closest: TermMatch | None = None
    tentative: bool = False
    """A suggestion too weak to load without the operator's acceptance (``accept_suggestions``)."""
    joined: bool = False
    """A column joining two fields (``Cores/Threads`` holding ``8/16``): ``field`` takes the number before ``/``."""
    second: str | None = None
    """For a joined column: the field fed by the number after ``/`` (None when another column holds it)."""

    @property
    def target(self) -> tuple[bool, str]:
        """The claimed field; a custom field may share a standard field's name."""
        return (self.custom, self.field or "")

    def summary(self) -> str:
        """A short reason for a rationale naming this claim, e.g. ``exact match``."""
        if self.source in (ClaimSource.OPERATOR, ClaimSource.REMEMBERED):
            return self.rationale
        if self.source is ClaimSource.FUZZY:
            return f"score {self.confidence * 100:.0f}"
        if self.source is ClaimSource.ACCEPTED:
            return "suggestion accepted"
        return "exact match"

    def priority(self) -> tuple[bool, bool, float, int, int]:
        """Sort key: operator first, then claims that load without acceptance, confidence, source, and earlier columns."""
        operator = self.source is ClaimSource.OPERATOR
        return (operator, not self.tentative, self.confidence, int(self.source), -self.index)


def settle_claims(claims: Sequence[Claim]) -> dict[int, Claim]:
    """For every column that lost its field to another column, the claim that won it.

    Keyed by the losing column's index; columns that keep their field (or
    claimed none) are absent.
    """
    winners: dict[tuple[bool, str], Claim] = {}
    for claim in claims:
        if claim.field is None:
            continue
        holder = winners.get(claim.target)
        if holder is None or claim.priority() > holder.priority():
            winners[claim.target] = claim
    return {
        claim.index: winners[claim.target]
        for claim in claims
        if claim.field is not None and winners[claim.target].index != claim.index
    }
