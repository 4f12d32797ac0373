"""How alike two normalized headers are, scored 0..100 for fuzzy suggestions.

Character-level scorers such as ``WRatio`` or ``token_set_ratio`` are too
generous on short headers: they give 90-100 to ``"secondary cores"`` vs
``"cores"`` and 88 to ``"gpu mark"`` vs ``"cpu mark"``. This scorer works on
words instead:

* filler words (``number``, ``of``, ``total``...) are set aside first, so
  ``"Number of Cores"`` compares as ``"cores"``;
* words of three letters or fewer (``cpu``, ``gpu``, ``ram``, ``tdp``, units)
  only pair with an identical word; longer words pair when
  ``rapidfuzz.fuzz.ratio`` finds them alike (typos, plurals);
* the score is the share of all characters that sit in paired words, each pair
  weighted by its own similarity, so word order does not matter and every
  unpaired word costs its length.
"""

from __future__ import annotations

from rapidfuzz import fuzz

FILLER_WORDS = frozenset({"a", "an", "the", "of", "number", "num", "no", "nr", "total"})
SHORT_WORD_LENGTH = 3
"""Words this short must match exactly to pair."""
MIN_WORD_SIMILARITY = 75.0
"""Longer words pair only when their ``fuzz.ratio`` reaches this."""


def content_words(normalized: str) -> list[str]:
    """The words of a normalized header without filler words (all of them if only fillers)."""
    words = normalized.split()
    kept = [word for word in words if word not in FILLER_WORDS]
    return kept or words


def word_similarity(left: str, right: str) -> float:
    """Similarity of two single words, 0..100."""
    if left == right:
        return 100.0
    if min(len(left), len(right)) <= SHORT_WORD_LENGTH:
        return 0.0
    score = fuzz.ratio(left, right)
    return score if score >= MIN_WORD_SIMILARITY else 0.0


def header_similarity(left: str, right: str) -> float:
    """Word-aligned similarity of two normalized headers, 0..100."""
    left_words, right_words = content_words(left), content_words(right)
    total_chars = sum(map(len, left_words)) + sum(map(len, right_words))
    if total_chars == 0:
        return 0.0
    candidates = sorted(
        (
            (word_similarity(lw, rw), -i, -j, i, j)
            for i, lw in enumerate(left_words)
            for j, rw in enumerate(right_words)
        ),
        reverse=True,
    )
    used_left: set[int] = set()
    used_right: set[int] = set()
    weighted_chars = 0.0
    for score, _, _, i, j in candidates:
        if score == 0.0:
            break
        if i in used_left or j in used_right:
            continue
        used_left.add(i)
        used_right.add(j)
        weighted_chars += score / 100 * (len(left_words[i]) + len(right_words[j]))
    return round(100 * weighted_chars / total_chars, 1)
