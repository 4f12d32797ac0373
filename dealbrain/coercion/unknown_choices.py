"""Incoming values of a choice column that match no option, each with the closest option and its row count.

Coercion refuses such a cell (no fuzzy matching, see ``choices``); this is
what the operator is shown instead, so a decision can be written once in
``value_mappings`` ("Refurbished" -> ``refurb``, 12 rows) rather than fixed
row by row. The closest option is found among the options' own spellings and
their synonyms, comparing the same keys matching uses (case and separators
ignored), by whole-word and partial similarity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl
from rapidfuzz import fuzz

from dealbrain.coercion.choices import MULTI_VALUE_SEPARATORS, matches_option, option_key
from dealbrain.coercion.missing import MISSING_TOKENS
from dealbrain.specs.fields import FieldSpec, FieldType

MIN_PROPOSAL_SCORE = 60.0
"""Below this similarity no option is proposed: the operator names one."""
PARTIAL_MIN_LENGTH = 4
"""Partial similarity ("refurb" inside "refurbished") only for spellings at least this long."""
_SEPARATORS = re.compile("[" + re.escape(MULTI_VALUE_SEPARATORS) + "]")


@dataclass(frozen=True)
class UnknownChoice:
    """One distinct value no option matches, in one column."""

    value: str
    rows: int
    closest: str | None
    """The proposed option, or None when nothing is close."""
    score: float


def _similarity(value_key: str, spelling_key: str) -> float:
    left, right = value_key.replace("_", " "), spelling_key.replace("_", " ")
    score = fuzz.token_set_ratio(left, right)
    if min(len(left), len(right)) >= PARTIAL_MIN_LENGTH:
        score = max(score, fuzz.partial_ratio(left, right))
    return float(score)


def closest_option(value: str, field: FieldSpec) -> tuple[str | None, float]:
    """The option most like ``value`` (through its own spelling or a synonym) and the score, 0..100."""
    spellings = [(option, option) for option in field.options] + list(field.synonyms.items())
    key = option_key(value)
    best: tuple[str | None, float] = (None, 0.0)
    for spelling, option in spellings:
        score = _similarity(key, option_key(spelling))
        if score > best[1]:
            best = (option, score)
    return best if best[1] >= MIN_PROPOSAL_SCORE else (None, best[1])


def _items(cells: pl.Series, field: FieldSpec) -> list[str]:
    """Each row's distinct values (items of a multi_enum cell), blanks and placeholders left out."""
    per_row: list[str] = []
    for cell in cells.cast(pl.String).to_list():
        if cell is None:
            continue
        parts = _SEPARATORS.split(cell) if field.type is FieldType.MULTI_ENUM else [cell]
        seen: set[str] = set()
        for part in (part.strip() for part in parts):
            if part and part.casefold() not in MISSING_TOKENS and option_key(part) not in seen:
                seen.add(option_key(part))
                per_row.append(part)
    return per_row


def unknown_choices(cells: pl.Series, field: FieldSpec) -> list[UnknownChoice]:
    """The distinct values of ``cells`` that no option or synonym of ``field`` matches, most rows first."""
    if field.type not in (FieldType.ENUM, FieldType.MULTI_ENUM):
        return []
    counts: dict[str, int] = {}
    first_spelling: dict[str, str] = {}
    for item in _items(cells, field):
        if matches_option(item, field):
            continue
        key = option_key(item)
        first_spelling.setdefault(key, item)
        counts[key] = counts.get(key, 0) + 1
    found = []
    for key, rows in counts.items():
        value = first_spelling[key]
        closest, score = closest_option(value, field)
        found.append(UnknownChoice(value, rows, closest, round(score, 1)))
    return sorted(found, key=lambda choice: (-choice.rows, choice.value))
