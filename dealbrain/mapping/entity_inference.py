"""Guess which entity a sheet holds from its headers and its name.

Each entity gets a confidence in 0..1 built from three parts:

* **header evidence** (weight ``HEADER_WEIGHT``): every recognised header
  casts one vote. A header that matches some entity exactly votes only for
  the entities it matches exactly, split evenly between them (``name`` is
  shared by all five, so it tells little); a header with only fuzzy matches
  splits its vote in proportion to the fuzzy scores. The part is the
  entity's share of all votes.
* **key fields** (weight ``KEY_FIELD_WEIGHT``): the share of the entity's
  required and natural-key fields that some header matches.
* **sheet name** (weight ``SHEET_NAME_WEIGHT``): 1 when the sheet name
  contains one of the entity's ``sheet_keywords``, its name or its label.

The highest confidence wins (ties go to the entity declared first in
``ENTITY_SPECS``); if it does not reach ``ENTITY_FLOOR`` the entity is None.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dealbrain.mapping.headers import compact_header, normalize_header
from dealbrain.mapping.vocabulary import TermMatch, entity_terms, match_header
from dealbrain.specs import ENTITY_SPECS, EntitySpec

HEADER_WEIGHT = 0.6
KEY_FIELD_WEIGHT = 0.2
SHEET_NAME_WEIGHT = 0.2
ENTITY_FLOOR = 0.4
"""Below this confidence no entity is inferred."""
_MAX_KEYWORD_WORDS = 3


@dataclass(frozen=True)
class EntityInference:
    """Which entity a sheet most likely holds, and why."""

    entity: str | None
    confidence: float
    """Confidence in ``entity`` (0..1); 0.0 when no entity is inferred."""
    scores: dict[str, float]
    """Confidence for every entity, keyed by entity name."""
    rationale: str


def infer_entity(sheet_name: str, headers: Sequence[str]) -> EntityInference:
    """Score every entity against a sheet's headers and name and pick the best."""
    normalized = [normalize_header(header) for header in headers]
    matches: dict[str, list[TermMatch | None]] = {}
    for name, spec in ENTITY_SPECS.items():
        terms = entity_terms(spec)
        matches[name] = [match_header(header, terms) for header in normalized]
    votes = _header_votes(matches, len(normalized))
    total_votes = sum(votes.values())
    sheet_hits = {name: _sheet_keyword(sheet_name, spec) for name, spec in ENTITY_SPECS.items()}
    scores: dict[str, float] = {}
    for name, spec in ENTITY_SPECS.items():
        header_part = votes[name] / total_votes if total_votes else 0.0
        key_part = _key_field_coverage(spec, matches[name])
        sheet_part = 1.0 if sheet_hits[name] else 0.0
        score = HEADER_WEIGHT * header_part + KEY_FIELD_WEIGHT * key_part
        scores[name] = round(score + SHEET_NAME_WEIGHT * sheet_part, 4)
    best = max(scores, key=lambda name: scores[name])  # first entity wins ties
    entity = best if scores[best] >= ENTITY_FLOOR else None
    rationale = _rationale(entity, best, scores, headers, matches, sheet_name, sheet_hits)
    return EntityInference(entity, scores[best] if entity else 0.0, scores, rationale)


def _header_votes(matches: dict[str, list[TermMatch | None]], count: int) -> dict[str, float]:
    """Each recognised header's single vote, shared among the entities it matches."""
    votes = dict.fromkeys(matches, 0.0)
    for index in range(count):
        found = {name: row[index] for name, row in matches.items() if row[index] is not None}
        exact = [name for name, match in found.items() if match.exact]
        if exact:
            for name in exact:
                votes[name] += 1 / len(exact)
            continue
        total = sum(match.score for match in found.values())
        for name, match in found.items():
            votes[name] += match.score / total
    return votes


def _key_field_coverage(spec: EntitySpec, matches: Sequence[TermMatch | None]) -> float:
    """Share of required and natural-key fields that some header matches (fuzzy counts partly)."""
    key_fields = [f.name for f in spec.fields if f.required or f.name in spec.natural_key]
    if not key_fields:
        return 0.0
    best: dict[str, float] = {}
    for match in matches:
        if match is not None:
            field = match.term.field
            best[field] = max(best.get(field, 0.0), match.score / 100)
    return sum(best.get(field, 0.0) for field in key_fields) / len(key_fields)


def _sheet_keyword(sheet_name: str, spec: EntitySpec) -> str | None:
    """The first keyword of the entity found as whole words in the sheet name."""
    words = normalize_header(sheet_name).split()
    phrases = {
        compact_header("".join(words[start : start + size]))
        for size in range(1, _MAX_KEYWORD_WORDS + 1)
        for start in range(len(words) - size + 1)
    }
    for keyword in (*spec.sheet_keywords, spec.name, spec.label):
        if compact_header(normalize_header(keyword)) in phrases:
            return keyword
    return None


def _rationale(
    entity: str | None,
    best: str,
    scores: dict[str, float],
    headers: Sequence[str],
    matches: dict[str, list[TermMatch | None]],
    sheet_name: str,
    sheet_hits: dict[str, str | None],
) -> str:
    """Operator-facing explanation: evidence for the winner and the runner-up."""
    label = ENTITY_SPECS[best].label
    if not any(scores.values()):
        return (
            f"None of the {len(headers)} headers matches a field of any entity and the "
            f"sheet name '{sheet_name}' names none. Declare the entity explicitly."
        )
    if entity is None:
        return (
            f"No entity reaches {ENTITY_FLOOR:.2f}; the closest is {label} at "
            f"{scores[best]:.2f}. Declare the entity of sheet '{sheet_name}' explicitly."
        )
    matched = [header for header, match in zip(headers, matches[best]) if match]
    parts = [f"{label} ({scores[best]:.2f}): {len(matched)} of {len(headers)} headers match"]
    if matched:
        parts[0] += " (" + ", ".join(matched[:6]) + (", ..." if len(matched) > 6 else "") + ")"
    if sheet_hits[best]:
        parts.append(f"sheet name '{sheet_name}' contains '{sheet_hits[best]}'")
    others = sorted((name for name in scores if name != best), key=lambda n: -scores[n])
    if others:
        runner_up = others[0]
        parts.append(f"next is {ENTITY_SPECS[runner_up].label} at {scores[runner_up]:.2f}")
    return "; ".join(parts) + "."
