"""The score of one candidate key for one query key: similarity, then the model guard.

Similarity is the word-sorted ratio found by the batch search, or the plain
ratio of the keys if higher: a typo can move a word in the sorted order
(``"aeo"`` sorts before ``"athlon"``, ``"neo"`` after), which the plain ratio
does not mind. Two more cases get a second look; all of this is computed
only for the few keys the search pooled:

* containment: when all words of one key appear in the other (``"rtx 3060
  12gb"`` and ``"rtx 3060"``, ``"i7 8700 coffee lake"`` and ``"i7 8700"``),
  the ratio punishes the extra words hard on such short names. Such a pair
  scores at least ``CONTAINMENT_SCORE``: enough for review, below the default
  AUTO threshold, because the extra words may matter.
* the model guard (``model_guard``): a PARTIAL agreement multiplies the score
  by ``PARTIAL_FACTOR``, a CONFLICT by ``CONFLICT_FACTOR``, which puts it
  below any sensible review threshold.
"""

from __future__ import annotations

from rapidfuzz import fuzz

from dealbrain.matching.model_guard import ModelAgreement, compare_models

CONTAINMENT_SCORE = 0.9
"""Floor of the similarity of two keys when one's words are all in the other."""

PARTIAL_FACTOR = 0.9
"""Multiplier when one key's model tokens are a strict subset of the other's."""

CONFLICT_FACTOR = 0.5
"""Multiplier when the model tokens disagree: a different model."""


def score_pair(
    query_key: str,
    choice_key: str,
    query_tokens: frozenset[str],
    choice_tokens: frozenset[str],
    similarity: float,
) -> tuple[float, ModelAgreement]:
    """The 0..1 score of a candidate key and how far the model tokens agree."""
    similarity = max(similarity, fuzz.ratio(query_key, choice_key) / 100)
    agreement = compare_models(query_tokens, choice_tokens)
    if agreement is ModelAgreement.CONFLICT:
        return similarity * CONFLICT_FACTOR, agreement
    if similarity < CONTAINMENT_SCORE and _one_contains_other(query_key, choice_key):
        similarity = CONTAINMENT_SCORE
    if agreement is ModelAgreement.PARTIAL:
        return similarity * PARTIAL_FACTOR, agreement
    return similarity, agreement


def _one_contains_other(left: str, right: str) -> bool:
    """Whether every word of one key is a word of the other."""
    left_words, right_words = set(left.split()), set(right.split())
    return left_words <= right_words or right_words <= left_words
