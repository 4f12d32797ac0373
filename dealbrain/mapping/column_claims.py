"""Which field one column asks for, before conflicts between columns are settled.

Precedence per column: operator override, then remembered mapping, then an
exact spelling match, then a JSON key's or a suggesting spelling's match
(``key_claims``), then a column joining two fields (``Cores/Threads``), then a
suggestion weighing name similarity and values (``value_claims``). An accepted
suggestion (``accept_suggestions``) loads like a mapped column.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field

from dealbrain.mapping.claims import NO_MATCH, Claim, ClaimSource
from dealbrain.mapping.headers import normalize_header
from dealbrain.mapping.key_claims import Hint, field_hints, hint_claim, json_key_claim
from dealbrain.mapping.overrides import ColumnLookup
from dealbrain.mapping.value_claims import MISFITS, FieldKey, pair_claim, weighed_claim
from dealbrain.mapping.value_fit import value_fit
from dealbrain.mapping.vocabulary import (
    Term,
    TermMatch,
    TermSource,
    closest_match,
    entity_terms,
    exact_match,
)
from dealbrain.specs import EntitySpec, FieldSpec

RECALL_CONFIDENCE = 0.9
"""A column an earlier import loaded into a field: a strong suggestion, still shown for the operator to check."""


@dataclass(frozen=True)
class FieldTargets:
    """The fields a column may feed: an entity's standard fields and its custom fields.

    A custom field sharing a standard field's name is still matched by its
    own spellings, but in overrides and remembered mappings the name means
    the standard field.
    """

    terms: tuple[Term, ...]
    field_names: tuple[str, ...]
    custom_names: frozenset[str]
    hints: tuple[Hint, ...] = ()
    """Spellings that suggest a field without settling it (``FieldSpec.suggested_by``)."""
    specs: dict[FieldKey, FieldSpec] = dataclass_field(default_factory=dict)
    """Each target's spec, to judge whether a column's values fit it."""

    @classmethod
    def of(cls, entity: EntitySpec, custom_fields: Sequence[FieldSpec]) -> FieldTargets:
        standard = entity.field_names
        custom = [field.name for field in custom_fields if field.name not in standard]
        return cls(
            terms=tuple(entity_terms(entity, custom_fields)),
            field_names=tuple(dict.fromkeys([*standard, *custom])),
            custom_names=frozenset(custom),
            hints=field_hints(entity, custom_fields),
            specs={(False, spec.name): spec for spec in entity.fields} | {(True, spec.name): spec for spec in custom_fields},
        )


class RecallLookup:
    """Column -> (field, session) remembered from any earlier sheet of the entity, found like overrides."""

    def __init__(self, table: Mapping[str, tuple[str, str]] | None) -> None:
        self._lookup = ColumnLookup({column: f"{field}\x1f{session}" for column, (field, session) in (table or {}).items()})

    def find(self, column: str) -> tuple[str, str] | None:
        found, packed = self._lookup.find(column)
        if not found or not packed:
            return None
        field, _, session = packed.partition("\x1f")
        return field, session


@dataclass(frozen=True)
class ClaimContext:
    """Everything besides the column itself that decides its claim."""

    targets: FieldTargets
    overrides: ColumnLookup
    remembered: ColumnLookup
    session: str
    """How rationales name the remembered session, e.g. ``session 42``."""
    fuzzy_threshold: float
    recalled: RecallLookup = dataclass_field(default_factory=lambda: RecallLookup(None))
    """What earlier imports of the entity, with other headers, loaded each column into."""
    accept_all: bool = False
    """``accept_suggestions: true``: every suggestion loads."""
    accepted: frozenset[str] = frozenset()
    """Columns whose suggestion the operator accepted."""

    def accepts(self, column: str) -> bool:
        return self.accept_all or column in self.accepted


def claim_column(index: int, column: str, values: Sequence[str | None], context: ClaimContext) -> Claim:
    """The claim of the column at ``index`` (see module docstring for precedence)."""
    claim = (
        _operator_claim(index, column, context)
        or _remembered_claim(index, column, context)
        or _matched_claim(index, column, values, context)
    )
    if claim.source is ClaimSource.FUZZY and claim.field is not None and context.accepts(column):
        rationale = f"suggestion accepted by operator: {claim.rationale}"
        claim = replace(claim, source=ClaimSource.ACCEPTED, confidence=1.0, rationale=rationale, tentative=False)
    return _joined(claim, values, context)


def _joined(claim: Claim, values: Sequence[str | None], context: ClaimContext) -> Claim:
    """A column joining two fields stays split however it got its field (override, memory, acceptance)."""
    if claim.field is None or claim.joined:
        return claim
    pair = pair_claim(claim.index, claim.column, values, context.targets.terms)
    if pair is None or pair.target != claim.target:
        return claim
    return replace(claim, joined=True, second=pair.second)


def _operator_claim(index: int, column: str, context: ClaimContext) -> Claim | None:
    found, target = context.overrides.find(column)
    if not found:
        return None
    return _directed_claim(index, column, target, ClaimSource.OPERATOR, "by operator", context)


def _remembered_claim(index: int, column: str, context: ClaimContext) -> Claim | None:
    found, target = context.remembered.find(column)
    if not found or (target is not None and target not in context.targets.field_names):
        return None
    where = f"in {context.session}"
    return _directed_claim(index, column, target, ClaimSource.REMEMBERED, where, context)


def _recalled_claim(index: int, column: str, context: ClaimContext) -> Claim | None:
    """A suggestion from an earlier import that loaded this column into a field that still exists."""
    found = context.recalled.find(column)
    if found is None or found[0] not in context.targets.field_names:
        return None
    target, session = found
    custom = target in context.targets.custom_names
    rationale = f"'{column}' was loaded into field '{target}' in session {session} (a sheet with other headers)"
    return Claim(index, column, target, RECALL_CONFIDENCE, ClaimSource.FUZZY, rationale, custom=custom)


def _directed_claim(
    index: int,
    column: str,
    target: str | None,
    source: ClaimSource,
    where: str,
    context: ClaimContext,
) -> Claim:
    """A claim someone decided: map to ``target``, or ignore the column when it is None."""
    if target is None:
        return Claim(index, column, None, 1.0, source, f"ignored {where}", ignored=True)
    verb = "set" if source is ClaimSource.OPERATOR else "confirmed"
    custom = target in context.targets.custom_names
    return Claim(index, column, target, 1.0, source, f"{verb} {where}", custom=custom)


def _matched_claim(index: int, column: str, values: Sequence[str | None], context: ClaimContext) -> Claim:
    normalized = normalize_header(column)
    if not normalized:
        rationale = "blank header: nothing to map"
        return Claim(index, column, None, 1.0, ClaimSource.FUZZY, rationale, ignored=True)
    terms = context.targets.terms
    exact = exact_match(normalized, terms)
    if exact is not None:
        return _exact_claim(index, column, exact, values, context)
    by_key = (
        _recalled_claim(index, column, context)
        or json_key_claim(index, column, terms)
        or hint_claim(index, column, normalized, context.targets.hints)
    )
    if by_key is not None:
        return by_key
    weighed = pair_claim(index, column, values, terms) or weighed_claim(
        index, column, normalized, values, terms, context.targets.specs, context.fuzzy_threshold
    )
    if weighed is not None:
        return weighed
    closest = closest_match(normalized, terms)
    return Claim(index, column, None, 0.0, ClaimSource.FUZZY, NO_MATCH, closest=closest)


def _exact_claim(index: int, column: str, match: TermMatch, values: Sequence[str | None], context: ClaimContext) -> Claim:
    """An exact spelling match; values that plainly do not fit the field are said, not overruled."""
    claim = _term_claim(index, column, match)
    spec = context.targets.specs.get((match.term.custom, match.term.field))
    fit = value_fit(spec, values) if spec is not None else None
    if fit is not None and fit.score < MISFITS:
        return replace(claim, rationale=f"{claim.rationale}; check it: {fit.summary}")
    return claim


def _term_claim(index: int, column: str, match: TermMatch) -> Claim:
    """The MAPPED claim of an exact spelling match (fuzzy ones are weighed in ``value_claims``)."""
    term = match.term
    source = ClaimSource.EXACT_ALIAS if term.source is TermSource.ALIAS else ClaimSource.EXACT_NAME
    rationale = f"'{column}' matches {describe_term(term)} exactly"
    return Claim(index, column, term.field, round(match.score / 100, 3), source, rationale, custom=term.custom)


def describe_term(term: Term) -> str:
    """How rationales name a spelling: ``field 'cores' via its alias 'core count'``."""
    kind = "custom field" if term.custom else "field"
    return f"{kind} '{term.field}' via its {term.describe()}"
