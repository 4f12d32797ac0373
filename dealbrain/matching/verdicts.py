"""Turning what each tier found into a ``ComponentMatch``.

The tiers, strongest first:

1. exact: the name equals a candidate's name, ignoring case and outer spaces
   -> AUTO, score 1.0;
2. normalized: the normalized keys are equal -> AUTO, score 0.99, unless
   several candidates share the key: then only a clock written in the name
   can designate one (its rivals score ``CLOCK_RIVAL_SCORE``); without one
   the candidates tie at 0.99 and a person decides (NEEDS_REVIEW);
3. fuzzy: word-sorted similarity of the keys, lowered by the model guard ->
   AUTO at ``auto_threshold`` when the model tokens agree fully, the choice is
   unambiguous and no other key scores within ``AMBIGUITY_MARGIN`` (a tie
   such as 0.99/0.99 is never automatic);
   NEEDS_REVIEW at ``review_threshold``; UNMATCHED below, with the nearest
   names as alternatives.
"""

from __future__ import annotations

from dataclasses import dataclass

from dealbrain.matching.key_groups import KeyGroup, choose_in_group
from dealbrain.matching.model_guard import ModelAgreement
from dealbrain.matching.normalize import clock_mhz
from dealbrain.matching.results import Candidate, ComponentMatch, MatchMethod, MatchStatus

EXACT_SCORE = 1.0
NORMALIZED_SCORE = 0.99
AMBIGUITY_MARGIN = 0.02
"""A match is not automatic when its best two candidates score this close: a tie needs a person."""
CLOCK_RIVAL_SCORE = 0.95
"""Score of the members of a shared key whose clock differs from the one the name gives."""


@dataclass(frozen=True)
class Thresholds:
    """Score limits for AUTO and NEEDS_REVIEW, and how many alternatives to report."""

    auto: float
    review: float
    limit: int

    def __post_init__(self) -> None:
        if not 0.0 <= self.review <= self.auto <= 1.0:
            raise ValueError(
                f"thresholds must satisfy 0 <= review_threshold <= auto_threshold <= 1; "
                f"got review_threshold={self.review}, auto_threshold={self.auto}"
            )
        if self.limit < 1:
            raise ValueError(f"limit must be at least 1; got {self.limit}")


@dataclass(frozen=True)
class RankedKey:
    """A candidate key found by fuzzy search, with its guarded score and model agreement."""

    group: KeyGroup
    score: float
    agreement: ModelAgreement


def empty_verdict(name: str | None) -> ComponentMatch:
    """The verdict on a blank, missing or placeholder name."""
    return ComponentMatch(name, MatchStatus.EMPTY, None, 0.0, MatchMethod.NONE)


def unmatched_verdict(
    name: str, score: float = 0.0, alternatives: tuple[tuple[str, float], ...] = ()
) -> ComponentMatch:
    """The verdict on a name no candidate is close enough to."""
    return ComponentMatch(name, MatchStatus.UNMATCHED, None, score, MatchMethod.NONE, alternatives)


def exact_verdict(name: str, candidate: Candidate) -> ComponentMatch:
    """The verdict on a name equal to a candidate's name."""
    return ComponentMatch(
        name, MatchStatus.AUTO, candidate, EXACT_SCORE, MatchMethod.EXACT, ((candidate.name, EXACT_SCORE),)
    )


def normalized_verdict(name: str, group: KeyGroup, thresholds: Thresholds) -> ComponentMatch:
    """The verdict on a name whose key equals the key of ``group``.

    One member: AUTO. Several: AUTO only when the name's clock designates one
    (the others then score ``CLOCK_RIVAL_SCORE``); otherwise they tie at
    ``NORMALIZED_SCORE`` and the match needs review, with the closest member
    suggested.
    """
    choice = choose_in_group(group, name)
    decided_by_clock = choice.chosen is not None and (len(group.candidates) == 1 or clock_mhz(name) is not None)
    status = MatchStatus.AUTO if decided_by_clock else MatchStatus.NEEDS_REVIEW
    suggestion = choice.suggestion
    ranked = (suggestion, *(candidate for candidate in choice.ranked if candidate is not suggestion))
    alternatives = tuple(
        (candidate.name, NORMALIZED_SCORE if candidate is suggestion or not decided_by_clock else CLOCK_RIVAL_SCORE)
        for candidate in ranked[: thresholds.limit]
    )
    return ComponentMatch(name, status, suggestion, NORMALIZED_SCORE, MatchMethod.NORMALIZED, alternatives)


def fuzzy_verdict(name: str, ranked: list[RankedKey], thresholds: Thresholds) -> ComponentMatch:
    """The verdict on a name from its fuzzy search results, best first."""
    if not ranked:
        return unmatched_verdict(name)
    best = ranked[0]
    choice = choose_in_group(best.group, name)
    score = round(best.score, 4)
    alternatives = _alternatives(ranked, choice.ranked, thresholds.limit)
    if score >= thresholds.auto and _is_certain(ranked, choice.chosen):
        return ComponentMatch(name, MatchStatus.AUTO, choice.chosen, score, MatchMethod.FUZZY, alternatives)
    if score >= thresholds.review:
        return ComponentMatch(
            name, MatchStatus.NEEDS_REVIEW, choice.suggestion, score, MatchMethod.FUZZY, alternatives
        )
    return unmatched_verdict(name, score, alternatives)


def _is_certain(ranked: list[RankedKey], chosen: Candidate | None) -> bool:
    """Whether the best key may be taken without asking: full model agreement, one member, no close rival.

    Any rival counts, whatever its model agreement: two candidates scoring
    within ``AMBIGUITY_MARGIN`` of each other are a tie a person must break.
    """
    best = ranked[0]
    if best.agreement is not ModelAgreement.SAME or chosen is None or len(best.group.candidates) > 1:
        return False
    rival = ranked[1] if len(ranked) > 1 else None
    return rival is None or best.score - rival.score > AMBIGUITY_MARGIN


def _alternatives(
    ranked: list[RankedKey], best_members: tuple[Candidate, ...], limit: int
) -> tuple[tuple[str, float], ...]:
    """The best ``limit`` candidate names with their scores; the best key's members come first."""
    found: dict[str, float] = {}
    members = [(candidate, ranked[0].score) for candidate in best_members]
    members += [(candidate, entry.score) for entry in ranked[1:] for candidate in entry.group.candidates]
    for candidate, score in members:
        if len(found) == limit:
            break
        found.setdefault(candidate.name, round(score, 4))
    return tuple(found.items())
