"""Map a sheet's columns to an entity's fields: mapped, suggested, new or ignored.

For each column, in order of precedence:

1. an operator override (a field -> MAPPED "set by operator"; None ->
   IGNORED "ignored by operator");
2. a remembered mapping from a confirmed session (MAPPED "confirmed in
   session <id>", or IGNORED when that session ignored the column); entries
   naming a field that no longer exists are skipped;
3. an exact match on a field's name, label or alias, or a custom field's
   key, label or alias (MAPPED);
4. a fuzzy match reaching ``fuzzy_threshold`` (SUGGESTED, confidence
   score/100, loaded by default unless the column's values contradict it), or
   a partial name match whose values fit the field, or a column joining two
   fields such as ``Cores/Threads`` (SUGGESTED, awaiting acceptance: not
   loaded until the operator accepts it, see ``value_claims``);
5. otherwise NEW, with the type a custom field would get.

``accept`` accepts suggestions: True for all of them, or a set of column
names; an accepted suggestion is MAPPED ("suggestion accepted by operator").
``recalled`` holds what earlier imports of the entity loaded each column into,
whatever their other headers (column -> (field, session)): a column no
spelling matches exactly is suggested for that field ahead of any fuzzy match.

A field feeds at most one column. When several columns claim it, the
operator's column wins, else the highest confidence, then the stronger
source (remembered, name/label, alias, fuzzy), then the earlier column; the
others become NEW with a rationale naming the column that took the field.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

from dealbrain.mapping.claims import NO_MATCH, Claim, ClaimSource, settle_claims
from dealbrain.mapping.column_claims import ClaimContext, FieldTargets, RecallLookup, claim_column, describe_term
from dealbrain.mapping.column_mapping import Bucket, ColumnMapping
from dealbrain.mapping.overrides import ColumnLookup, check_overrides
from dealbrain.mapping.type_inference import choice_options, infer_field_type, present_values
from dealbrain.mapping.vocabulary import DEFAULT_FUZZY_THRESHOLD
from dealbrain.specs import EntitySpec, FieldSpec

MAX_SAMPLES = 3


def suggest_mappings(
    entity: EntitySpec,
    headers: Sequence[str],
    samples: Mapping[str, Sequence[str | None]],
    *,
    custom_fields: Sequence[FieldSpec] = (),
    remembered: Mapping[str, str | None] | None = None,
    remembered_from: str | None = None,
    overrides: Mapping[str, str | None] | None = None,
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
    accept: bool | Collection[str] = False,
    recalled: Mapping[str, tuple[str, str]] | None = None,
) -> list[ColumnMapping]:
    """One ``ColumnMapping`` per header, in header order (see module docstring).

    ``samples`` maps a column to some of its values: up to three non-blank
    ones are kept for display, and all of them feed type inference for NEW
    columns. ``overrides`` and ``remembered`` are looked up by column name,
    then by normalized header; override entries for columns the sheet lacks
    are ignored. ``fuzzy_threshold`` is on the 0..100 scale of
    ``header_similarity``. Raises ``InvalidOverrideError`` when an override names a
    field the entity lacks or gives one field to two columns.
    """
    targets = FieldTargets.of(entity, custom_fields)
    operator = ColumnLookup(overrides)
    check_overrides(headers, operator, targets.field_names)
    context = ClaimContext(
        targets=targets,
        overrides=operator,
        remembered=ColumnLookup(remembered),
        session=f"session {remembered_from}" if remembered_from else "an earlier session",
        fuzzy_threshold=fuzzy_threshold,
        accept_all=accept is True,
        accepted=frozenset(accept) if not isinstance(accept, bool) else frozenset(),
        recalled=RecallLookup(recalled),
    )
    claims = [
        claim_column(index, column, samples.get(column, ()), context) for index, column in enumerate(headers)
    ]
    lost_to = settle_claims(claims)
    held = {claim.target: claim for claim in claims if claim.field is not None and claim.index not in lost_to}
    return [
        _to_mapping(_without_taken_second(claim, held), lost_to.get(claim.index), samples.get(claim.column, ()), context)
        for claim in claims
    ]


def _without_taken_second(claim: Claim, held: Mapping[tuple[bool, str], Claim]) -> Claim:
    """A joined column keeps its second field only when no other column holds it ("Threads" beside "Cores/Threads")."""
    if claim.second is None:
        return claim
    holder = held.get((claim.custom, claim.second))
    if holder is None or holder.index == claim.index:
        return claim
    rationale = f"{claim.rationale}; but column '{holder.column}' holds '{claim.second}', so only '{claim.field}' is loaded"
    return replace(claim, second=None, rationale=rationale)


def _to_mapping(
    claim: Claim, winner: Claim | None, values: Sequence[str | None], context: ClaimContext
) -> ColumnMapping:
    """Turn a settled claim into the column's mapping."""
    shown = tuple(present_values(values)[:MAX_SAMPLES])
    if claim.ignored:
        return ColumnMapping(
            claim.column, Bucket.IGNORED, None, claim.confidence, claim.rationale,
            shown, None, False,
        )
    if claim.field is not None and winner is None:
        bucket = Bucket.SUGGESTED if claim.source is ClaimSource.FUZZY else Bucket.MAPPED
        return ColumnMapping(
            claim.column, bucket, claim.field, claim.confidence, claim.rationale,
            shown, None, claim.custom, awaiting_acceptance=claim.tentative,
            joined=claim.joined, second_field=claim.second,
        )
    inferred = infer_field_type(values)
    reason = _why_new(claim, winner, context.fuzzy_threshold)
    rationale = f"{reason}; as a custom field it would be {inferred.value}"
    options = choice_options(values, inferred)
    return ColumnMapping(claim.column, Bucket.NEW, None, 0.0, rationale, shown, inferred, False, options)


def _why_new(claim: Claim, winner: Claim | None, threshold: float) -> str:
    """Why a column has no field: another column took it, or nothing matched."""
    if winner is not None:
        return (
            f"{claim.rationale}, but column '{winner.column}' took field '{claim.field}' "
            f"({winner.summary()})"
        )
    if claim.field is None and claim.closest is not None and claim.rationale != NO_MATCH:
        return claim.rationale
    reason = f"no field matches '{claim.column}'"
    if claim.closest is not None:
        reason += (
            f"; closest is {describe_term(claim.closest.term)} "
            f"(score {claim.closest.score:.0f}, below {threshold:.0f})"
        )
    return reason
