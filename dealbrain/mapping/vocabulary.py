"""The spellings each field goes by, and matching a header against them.

A field is known by its name, its label and its aliases (custom fields by
their key, label and any aliases). Matching has two tiers: an *exact* match
(equal normalized text, or equal once spaces are removed so ``"CPUMark"``
meets ``"cpumark"``) and a *fuzzy* match scored by
:func:`dealbrain.mapping.similarity.header_similarity`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import IntEnum

from dealbrain.mapping.headers import compact_header, normalize_header
from dealbrain.mapping.similarity import header_similarity
from dealbrain.specs import EntitySpec, FieldSpec

DEFAULT_FUZZY_THRESHOLD = 80.0


class TermSource(IntEnum):
    """Where a spelling comes from; higher values are stronger evidence."""

    ALIAS = 1
    LABEL = 2
    NAME = 3


@dataclass(frozen=True)
class Term:
    """One normalized spelling of one field."""

    field: str
    text: str
    source: TermSource
    custom: bool = False

    @property
    def compact(self) -> str:
        return compact_header(self.text)

    def describe(self) -> str:
        """How a rationale names this spelling, e.g. ``alias 'thread mark'``."""
        return f"{self.source.name.lower()} '{self.text}'"


@dataclass(frozen=True)
class TermMatch:
    """A header matched to a spelling, with a 0..100 score."""

    term: Term
    score: float
    exact: bool


def field_terms(field: FieldSpec) -> list[Term]:
    """Every distinct normalized spelling of a field, strongest source first."""
    spellings = [(field.name, TermSource.NAME), (field.label, TermSource.LABEL)]
    spellings += [(alias, TermSource.ALIAS) for alias in field.aliases]
    terms: list[Term] = []
    seen: set[str] = set()
    for raw, source in spellings:
        text = normalize_header(raw)
        if text and text not in seen:
            seen.add(text)
            terms.append(Term(field.name, text, source, custom=field.custom))
    return terms


def entity_terms(entity: EntitySpec, custom_fields: Sequence[FieldSpec] = ()) -> list[Term]:
    """Spellings of an entity's standard fields, then of its custom fields."""
    terms = [term for field in entity.fields for term in field_terms(field)]
    for field in custom_fields:
        terms += [
            Term(term.field, term.text, term.source, custom=True) for term in field_terms(field)
        ]
    return terms


def exact_match(normalized: str, terms: Iterable[Term]) -> TermMatch | None:
    """The first term spelled like the header (strongest source wins), if any."""
    if not normalized:
        return None
    compact = compact_header(normalized)
    hits = [term for term in terms if term.text == normalized or term.compact == compact]
    if not hits:
        return None
    best = max(hits, key=lambda term: term.source)  # max keeps the first among equals
    return TermMatch(best, 100.0, exact=True)


def closest_match(normalized: str, terms: Iterable[Term]) -> TermMatch | None:
    """The most similar term by fuzzy score (first one wins ties), if any scores above 0."""
    best: TermMatch | None = None
    for term in terms:
        score = header_similarity(normalized, term.text)
        if score > 0 and (best is None or score > best.score):
            best = TermMatch(term, score, exact=False)
    return best


def match_header(
    normalized: str, terms: Sequence[Term], fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD
) -> TermMatch | None:
    """An exact match if there is one, else a fuzzy match reaching the threshold."""
    exact = exact_match(normalized, terms)
    if exact is not None:
        return exact
    closest = closest_match(normalized, terms)
    if closest is not None and closest.score >= fuzzy_threshold:
        return closest
    return None
