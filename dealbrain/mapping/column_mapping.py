"""The result of mapping one sheet column: its bucket, target field and why."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from dealbrain.specs import FieldType


class Bucket(StrEnum):
    """How a column is handled on import.

    Suggestions are applied by default, like mapped columns, unless the
    operator overrides them.
    """

    MAPPED = "mapped"
    """Exact match, remembered from a confirmed session, or set by the operator."""
    SUGGESTED = "suggested"
    """Fuzzy match above the threshold; applied unless overridden."""
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

    @property
    def applied(self) -> bool:
        """True when the column's values will be loaded into ``field``."""
        return self.field is not None and self.bucket in (Bucket.MAPPED, Bucket.SUGGESTED)
