"""Two extra ways a column finds its field: a JSON key's own name, and a field's suggesting spellings.

- A dotted column made from a JSON-object column (``attributes.memory_gb``,
  see ``dealbrain.ingest.json_columns``) is matched on the key after the
  first dot when the whole header matches nothing: it maps exactly like a
  column named ``memory_gb`` would, at a confidence just below a whole-header
  match so a column spelled out in full wins the field.
- ``FieldSpec.suggested_by`` spellings (PassMark's ``date`` for
  ``release_year``) make a SUGGESTED claim: applied by default, shown for
  the operator to confirm or override.
"""

from __future__ import annotations

from collections.abc import Sequence

from dealbrain.mapping.claims import Claim, ClaimSource
from dealbrain.mapping.headers import normalize_header
from dealbrain.mapping.vocabulary import Term, TermSource, exact_match
from dealbrain.specs import EntitySpec, FieldSpec

KEY_CONFIDENCE = 0.99
HINT_CONFIDENCE = 0.85

Hint = tuple[str, str, bool]
"""``(normalized spelling, field name, custom)``."""


def field_hints(entity: EntitySpec, custom_fields: Sequence[FieldSpec]) -> tuple[Hint, ...]:
    """Every suggesting spelling of the entity's standard and custom fields."""
    fields = [*entity.fields, *custom_fields]
    return tuple(
        (normalize_header(spelling), field.name, field.custom) for field in fields for spelling in field.suggested_by
    )


def json_key_claim(index: int, column: str, terms: Sequence[Term]) -> Claim | None:
    """The claim of ``prefix.key`` by the key alone, if the key matches a field exactly."""
    prefix, dot, key = column.partition(".")
    if not dot or not prefix.strip() or not key.strip():
        return None
    match = exact_match(normalize_header(key), terms)
    if match is None:
        return None
    term = match.term
    source = ClaimSource.EXACT_ALIAS if term.source is TermSource.ALIAS else ClaimSource.EXACT_NAME
    kind = "custom field" if term.custom else "field"
    rationale = f"key '{key}' of JSON column '{prefix}' matches {kind} '{term.field}' via its {term.describe()}"
    return Claim(index, column, term.field, KEY_CONFIDENCE, source, rationale, custom=term.custom)


def hint_claim(index: int, column: str, normalized: str, hints: Sequence[Hint]) -> Claim | None:
    """A SUGGESTED claim when the header is one of a field's suggesting spellings."""
    for spelling, field, custom in hints:
        if spelling == normalized:
            kind = "custom field" if custom else "field"
            rationale = f"'{column}' is a usual spelling for {kind} '{field}'; check the suggestion"
            return Claim(index, column, field, HINT_CONFIDENCE, ClaimSource.FUZZY, rationale, custom=custom)
    return None
