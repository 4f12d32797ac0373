"""``MatchIndex``: a candidate set prepared once, then matched against many names.

Building the index normalizes every candidate name once; ``match`` then
looks each *distinct* name up by exact name, then by normalized key, and
sends only the distinct keys still unresolved to the batch fuzzy search. A
100k-row listing sheet usually names a few thousand distinct parts, so the
cost follows the distinct keys, not the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from dealbrain.coercion.missing import MISSING_TOKENS
from dealbrain.matching.fuzzy_search import nearest_keys, sorted_words
from dealbrain.matching.key_groups import KeyGroup
from dealbrain.matching.model_guard import model_tokens
from dealbrain.matching.normalize import normalize_component_name
from dealbrain.matching.results import Candidate, ComponentMatch
from dealbrain.matching.scoring import score_pair
from dealbrain.matching.verdicts import (
    RankedKey,
    Thresholds,
    empty_verdict,
    exact_verdict,
    fuzzy_verdict,
    normalized_verdict,
    unmatched_verdict,
)

DEFAULT_AUTO_THRESHOLD = 0.92
DEFAULT_REVIEW_THRESHOLD = 0.75
DEFAULT_LIMIT = 3
POOL_SIZE = 25
"""Keys taken from the fuzzy search per name before the model guard re-ranks them.

Wide enough that the right model survives even when many near-identical
models (``8700``, ``8700k``, ``8700t``, ``8700b``...) outscore it on characters.
"""
ALTERNATIVE_FLOOR = 0.3
"""Keys less similar than this (before the guard) are not worth showing as alternatives."""


def _exact_key(name: str) -> str:
    return name.strip().lower()


class MatchIndex:
    """A candidate set indexed for matching: build once, call ``match`` as often as needed.

    When several candidates have the same name (ignoring case and outer
    spaces), the first one given stands for all of them in every tier.
    """

    def __init__(self, candidates: Iterable[Candidate]) -> None:
        self._by_exact: dict[str, Candidate] = {}
        members: dict[str, list[Candidate]] = {}
        for candidate in candidates:
            exact = _exact_key(candidate.name)
            if not exact or exact in self._by_exact:
                continue
            self._by_exact[exact] = candidate
            key = normalize_component_name(candidate.name)
            if key:
                members.setdefault(key, []).append(candidate)
        self._groups = [KeyGroup(key, tuple(group)) for key, group in members.items()]
        self._by_key = {group.key: group for group in self._groups}
        self._sorted_keys = [sorted_words(group.key) for group in self._groups]
        self._tokens = [model_tokens(group.key) for group in self._groups]

    def __len__(self) -> int:
        """How many distinct candidate names the index holds."""
        return len(self._by_exact)

    def match(
        self,
        names: Sequence[str | None],
        *,
        auto_threshold: float = DEFAULT_AUTO_THRESHOLD,
        review_threshold: float = DEFAULT_REVIEW_THRESHOLD,
        limit: int = DEFAULT_LIMIT,
    ) -> list[ComponentMatch]:
        """One verdict per name, in the order given (see ``dealbrain.matching.verdicts`` for the tiers)."""
        thresholds = Thresholds(auto_threshold, review_threshold, limit)
        verdicts: dict[str | None, ComponentMatch] = {}
        pending: dict[str, list[str]] = {}
        for name in dict.fromkeys(names):
            verdict, key = self._match_without_fuzzy(name, thresholds)
            if verdict is not None:
                verdicts[name] = verdict
            elif name is not None and key is not None:
                pending.setdefault(key, []).append(name)
        verdicts.update(self._match_fuzzy(pending, thresholds))
        return [verdicts[name] for name in names]

    def _match_without_fuzzy(
        self, name: str | None, thresholds: Thresholds
    ) -> tuple[ComponentMatch | None, str | None]:
        """The verdict of the cheap tiers, or None and the key to search fuzzily."""
        if name is None or _exact_key(name) in MISSING_TOKENS or not name.strip():
            return empty_verdict(name), None
        exact = self._by_exact.get(_exact_key(name))
        if exact is not None:
            return exact_verdict(name, exact), None
        key = normalize_component_name(name)
        if not key:
            return unmatched_verdict(name), None
        group = self._by_key.get(key)
        if group is not None:
            return normalized_verdict(name, group, thresholds), None
        return None, key

    def _match_fuzzy(
        self, pending: dict[str, list[str]], thresholds: Thresholds
    ) -> dict[str, ComponentMatch]:
        """Verdicts for the names whose keys matched no candidate key exactly."""
        keys = list(pending)
        pools = nearest_keys(
            [sorted_words(key) for key in keys],
            self._sorted_keys,
            pool_size=max(POOL_SIZE, thresholds.limit),
            min_score=ALTERNATIVE_FLOOR,
        )
        verdicts: dict[str, ComponentMatch] = {}
        for key, pool in zip(keys, pools):
            ranked = self._rank(key, pool)
            for name in pending[key]:
                verdicts[name] = fuzzy_verdict(name, ranked, thresholds)
        return verdicts

    def _rank(self, key: str, pool: list[tuple[int, float]]) -> list[RankedKey]:
        """The pooled keys re-scored by the model guard, best first."""
        tokens = model_tokens(key)
        ranked = []
        for position, similarity in pool:
            group = self._groups[position]
            score, agreement = score_pair(key, group.key, tokens, self._tokens[position], similarity)
            ranked.append(RankedKey(group, score, agreement))
        ranked.sort(key=lambda entry: entry.score, reverse=True)
        return ranked
