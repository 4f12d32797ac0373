"""Suggestions that weigh the header's similarity together with the column's values.

A header that resembles a field's spelling (score at or above the fuzzy
threshold) is a suggestion that loads by default, unless its values plainly
do not fit the field: then it is not suggested, and the rationale says why. A header
only partly like a field (score ``SUPPORT_MIN`` up to the threshold, and two
words in common when it has several: "powerPerf" is no "power") becomes a
suggestion when its values fit the field well: "Single Thread Rating" with
values 500..5,000 is offered for ``cpu_mark_single``. Such suggestions wait for
acceptance (``accept_suggestions``), since name and values together are
still a guess. A column joining two fields ("Cores/Threads" holding ``8/16``)
is offered for the first of them, saying what accepting it loads.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from dealbrain.mapping.claims import Claim, ClaimSource
from dealbrain.mapping.headers import normalize_header
from dealbrain.mapping.type_inference import present_values
from dealbrain.mapping.value_fit import ValueFit, value_fit
from dealbrain.mapping.vocabulary import Term, TermMatch, exact_match
from dealbrain.mapping.similarity import content_words, header_similarity, word_similarity
from dealbrain.specs import FieldSpec

SUPPORT_MIN = 60.0
"""Below this name score, values alone never suggest a field (a column of MHz is no benchmark score)."""
FITS = 0.8
"""Share of fitting values that supports a suggestion."""
MISFITS = 0.5
"""Below this share a resembling header's values contradict it."""
_PAIR = re.compile(r"^\s*\d+\s*/\s*\d+\s*$")

FieldKey = tuple[bool, str]
"""``(custom, field name)``."""


def describe(term: Term) -> str:
    """How rationales name a spelling: ``field 'cores' via its alias 'core count'``."""
    kind = "custom field" if term.custom else "field"
    return f"{kind} '{term.field}' via its {term.describe()}"


def best_per_field(normalized: str, terms: Sequence[Term]) -> list[TermMatch]:
    """Each field's most similar spelling, best fields first (the earlier field wins ties)."""
    best: dict[FieldKey, TermMatch] = {}
    for term in terms:
        score = header_similarity(normalized, term.text)
        key = (term.custom, term.field)
        if score > 0 and (key not in best or score > best[key].score):
            best[key] = TermMatch(term, score, exact=False)
    return sorted(best.values(), key=lambda match: -match.score)


def _shared_words(header: str, spelling: str) -> int:
    """How many of the header's words pair with a word of the spelling ("power perf" and "power": one)."""
    words = content_words(spelling)
    return sum(any(word_similarity(word, other) > 0 for other in words) for word in content_words(header))


def _fit(match: TermMatch, specs: Mapping[FieldKey, FieldSpec], values: Sequence[str | None]) -> ValueFit | None:
    spec = specs.get((match.term.custom, match.term.field))
    return None if spec is None else value_fit(spec, values)


def _claim(index: int, column: str, match: TermMatch, rationale: str, *, tentative: bool, confidence: float) -> Claim:
    term = match.term
    return Claim(
        index, column, term.field, round(confidence, 3), ClaimSource.FUZZY, rationale,
        custom=term.custom, tentative=tentative,
    )


def weighed_claim(
    index: int,
    column: str,
    normalized: str,
    values: Sequence[str | None],
    terms: Sequence[Term],
    specs: Mapping[FieldKey, FieldSpec],
    threshold: float,
) -> Claim | None:
    """The suggestion for a column no spelling matches exactly, or None (see module docstring)."""
    ranked = best_per_field(normalized, terms)
    if not ranked:
        return None
    best = ranked[0]
    named = f"'{column}' resembles {describe(best.term)} (score {best.score:.0f}"
    fit = _fit(best, specs, values)
    if best.score >= threshold and (fit is None or fit.score >= MISFITS):
        rationale = f"{named})" + (f"; {fit.summary}" if fit is not None else "")
        return _claim(index, column, best, rationale, tentative=False, confidence=best.score / 100)
    for candidate in ranked:
        if candidate.score < SUPPORT_MIN:
            break
        if _shared_words(normalized, candidate.term.text) < min(2, len(content_words(normalized))):
            continue
        candidate_fit = _fit(candidate, specs, values)
        if candidate_fit is not None and candidate_fit.score >= FITS:
            rationale = (
                f"'{column}' resembles {describe(candidate.term)} (score {candidate.score:.0f}, below {threshold:.0f}) "
                f"and {candidate_fit.summary}; accept the suggestion to load it"
            )
            return _claim(index, column, candidate, rationale, tentative=True, confidence=candidate.score / 100)
    if best.score >= threshold and fit is not None:
        rationale = f"{named}), but {fit.summary}, so it is not suggested"
        return Claim(index, column, None, 0.0, ClaimSource.FUZZY, rationale, closest=best)
    return None


def pair_claim(index: int, column: str, values: Sequence[str | None], terms: Sequence[Term]) -> Claim | None:
    """A column like "Cores/Threads" holding ``8/16``: offered for the first field, the second named in the rationale."""
    parts = [normalize_header(part) for part in column.split("/")]
    if len(parts) != 2 or not all(parts):
        return None
    first, second = (exact_match(part, terms) for part in parts)
    present = present_values(values)
    if first is None or second is None or first.term.field == second.term.field:
        return None
    if present and sum(bool(_PAIR.match(value)) for value in present) / len(present) < FITS:
        return None
    example = next((value for value in present if _PAIR.match(value)), "")
    shown = f" ('{example}')" if example else ""
    rationale = (
        f"'{column}' joins {describe(first.term)} and {describe(second.term)}{shown}; accepting loads the number "
        f"before '/' into '{first.term.field}' and the number after it into '{second.term.field}'"
    )
    return Claim(
        index, column, first.term.field, 0.75, ClaimSource.FUZZY, rationale, custom=first.term.custom, tentative=True, joined=True,
        second=second.term.field if second.term.custom == first.term.custom else None,
    )
