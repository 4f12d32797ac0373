"""The result of mapping one sheet column: its bucket, target field and why."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dealbrain.specs import FieldType


class Bucket(StrEnum):
    """How a column is handled on import.

    Suggestions are applied by default, like mapped columns, unless the
    operator overrides them, except those ``awaiting_acceptance`` (a partial
    name match supported by the values): they load once accepted.
    """

    MAPPED = "mapped"
    """Exact match, remembered from a confirmed session, or set by the operator."""
    SUGGESTED = "suggested"
    """Fuzzy match above the threshold (applied unless overridden), or a weaker one awaiting acceptance."""
    NEW = "new"
    """No field fits; a candidate for a new custom field of ``inferred_type``."""
    IGNORED = "ignored"
    """Not imported (operator's choice, or a blank header)."""


@dataclass(frozen=True)
class ColumnMapping:
    """One sheet column and the field it feeds, if any."""

    column: str
    bucket: Bucket
    field: str | None
    confidence: float
    """0..1: 1.0 when mapped or ignored, score/100 when suggested, 0.0 when new."""
    rationale: str
    samples: tuple[str, ...]
    """Up to three non-blank sample values, for the operator to eyeball."""
    inferred_type: FieldType | None
    """For NEW columns: the type a custom field would get; None otherwise."""
    custom: bool
    """True when ``field`` is a custom field rather than a standard one."""
    inferred_options: tuple[str, ...] = ()
    """For NEW columns inferred as ``enum`` or ``multi_enum``: the options a custom field would offer."""
    awaiting_acceptance: bool = False
    """For SUGGESTED columns: not loaded until the operator accepts the suggestion (``accept_suggestions``)."""
    joined: bool = False
    """A column joining two fields (``Cores/Threads`` holding ``8/16``): split at ``/``, ``field`` takes the first number."""
    second_field: str | None = None
    """For a joined column: the field the number after ``/`` feeds (None when another column holds that field)."""

    @property
    def fields(self) -> tuple[str, ...]:
        """Every field the column feeds once applied."""
        return tuple(name for name in (self.field, self.second_field) if name is not None)

    @property
    def applied(self) -> bool:
        """True when the column's values will be loaded into ``field``."""
        if self.field is None or self.awaiting_acceptance:
            return False
        return self.bucket in (Bucket.MAPPED, Bucket.SUGGESTED)

    @property
    def not_loaded_reason(self) -> str | None:
        """Why the column's values will not be loaded, or None when they will."""
        if self.applied:
            return None
        if self.bucket is Bucket.SUGGESTED:
            return f"suggested for '{self.field}' but awaiting acceptance (accept_suggestions or --accept-suggestions)"
        if self.bucket is Bucket.IGNORED:
            return self.rationale
        return "no field takes it; promote it to a custom field (promote_columns) or map it (mapping_overrides)"
