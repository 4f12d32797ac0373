"""``match_components``: one call from names and candidates to verdicts."""

from __future__ import annotations

from collections.abc import Sequence

from dealbrain.matching.index import (
    DEFAULT_AUTO_THRESHOLD,
    DEFAULT_LIMIT,
    DEFAULT_REVIEW_THRESHOLD,
    MatchIndex,
)
from dealbrain.matching.results import Candidate, ComponentMatch


def match_components(
    names: Sequence[str | None],
    candidates: Sequence[Candidate],
    *,
    auto_threshold: float = DEFAULT_AUTO_THRESHOLD,
    review_threshold: float = DEFAULT_REVIEW_THRESHOLD,
    limit: int = DEFAULT_LIMIT,
) -> list[ComponentMatch]:
    """Match each name to a candidate record: one ``ComponentMatch`` per name, in order.

    Builds a ``MatchIndex`` for this call; build one yourself to match
    several batches of names against the same candidates.
    """
    return MatchIndex(candidates).match(
        names, auto_threshold=auto_threshold, review_threshold=review_threshold, limit=limit
    )
