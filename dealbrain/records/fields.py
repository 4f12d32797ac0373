"""Reading the changes a person typed: which field each names, and its value as that field's type.

Values arrive as text, exactly as they would in a spreadsheet cell, and go
through the same coercion an import uses (``coerce_value``), so ``16GB``,
``$1,064.00*`` or ``Refurb`` mean here what they mean in a sheet. A blank
value (or ``NA``, ``-`` ...) clears the field. Reference fields keep the
typed name here; `dealbrain.records.references` checks it names a record.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from dealbrain.coercion import coerce_value
from dealbrain.records.errors import InvalidValueError, RecordUsageError, UnknownFieldError
from dealbrain.specs import EntitySpec, FieldSpec


@dataclass(frozen=True)
class FieldChange:
    """One requested change: the field, the text typed and the typed value (None clears)."""

    field: FieldSpec
    text: str | None
    value: Any


def editable_fields(entity: EntitySpec, custom_fields: Sequence[FieldSpec]) -> dict[str, FieldSpec]:
    """Every field an edit may set, by name: standard ones but the natural key, then active custom ones."""
    standard = {spec.name: spec for spec in entity.fields if spec.name not in entity.natural_key}
    return standard | {spec.name: spec for spec in custom_fields}


def all_fields(entity: EntitySpec, custom_fields: Sequence[FieldSpec]) -> dict[str, FieldSpec]:
    """Every field of a record, natural key included, by name (what a filter may name)."""
    return {spec.name: spec for spec in (*entity.fields, *custom_fields)}


def read_changes(
    entity: EntitySpec, custom_fields: Sequence[FieldSpec], changes: Mapping[str, str | None]
) -> list[FieldChange]:
    """The typed changes, or one error naming every field or value that cannot be used."""
    if not changes:
        raise RecordUsageError(
            f"Nothing to change: give at least one FIELD=VALUE for the {entity.label} record(s)."
        )
    editable = editable_fields(entity, custom_fields)
    resolved = [(_field(entity, editable, name), text) for name, text in changes.items()]
    _refuse_repeats(resolved)
    typed: list[FieldChange] = []
    problems: list[str] = []
    for spec, text in resolved:
        value, reason = coerce_value(text, spec)
        if reason:
            problems.append(f"{spec.name}: {reason}{_advice(spec)}")
        typed.append(FieldChange(spec, text, value))
    if problems:
        listed = "\n".join(f"  - {problem}" for problem in problems)
        raise InvalidValueError(
            f"Cannot read the {entity.label} value(s) given:\n{listed}\n"
            "Nothing was changed; correct the value(s) and run the edit again."
        )
    return typed


def _field(entity: EntitySpec, editable: dict[str, FieldSpec], name: str) -> FieldSpec:
    wanted = (name or "").strip()
    if wanted in editable:
        return editable[wanted]
    folded = [known for known in editable if known.lower() == wanted.lower()]
    if len(folded) == 1:
        return editable[folded[0]]
    if wanted.lower() in entity.natural_key:
        raise UnknownFieldError(
            f"{wanted!r} is the natural key of {entity.label} records: imports find records by it, so an edit "
            f"cannot change it. To rename a record, import it under the new {wanted} (and remove the old one)."
        )
    close = difflib.get_close_matches(wanted.lower(), list(editable), n=1)
    guess = f"Did you mean {close[0]!r}? " if close else ""
    raise UnknownFieldError(
        f"{entity.label} has no editable field {wanted!r}. {guess}"
        f"Valid fields are: {', '.join(editable)}."
    )


def _refuse_repeats(resolved: list[tuple[FieldSpec, str | None]]) -> None:
    seen: set[str] = set()
    for spec, _ in resolved:
        if spec.name in seen:
            raise RecordUsageError(f"{spec.name} is set more than once; give each field one value.")
        seen.add(spec.name)


def _advice(spec: FieldSpec) -> str:
    if spec.units:
        return f" (a number, optionally with a unit: {', '.join(sorted(spec.units))})"
    return ""
