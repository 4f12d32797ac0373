"""What an operator asked for: the import request, independent of how it was launched."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from dealbrain.errors import UserFacingError
from dealbrain.importing.policies import (
    ConflictPolicy,
    DuplicatePolicy,
    InvalidRowPolicy,
    UnknownComponentPolicy,
    NearDuplicatePolicy,
)
from dealbrain.ingest.json_record_path import RecordPathError, parse_record_path
from dealbrain.overrides import Override
from dealbrain.overrides.rows import parse_row_selection
from dealbrain.specs import CUSTOM_FIELD_TYPES, FieldType, get_entity_spec


class ImportRequestError(UserFacingError, ValueError):
    """The request itself is inconsistent (an unknown sheet, a type a custom field cannot have)."""


SESSION_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
"""Session ids name files (the error workbook) and Dagster partitions, so they stay plain."""

@dataclass(frozen=True)
class ColumnPromotion:
    """Turn an unmapped column into a new custom field of the sheet's entity."""

    sheet: str
    column: str
    key: str
    label: str = ""
    data_type: FieldType = FieldType.STRING
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChoiceValueMapping:
    """Incoming values read as options of an enum or multi_enum field: for a field everywhere, or one sheet's column."""

    field: str | None
    sheet: str | None
    column: str | None
    values: dict[str, str]

    def applies_to(self, sheet: str, column: str, field_name: str) -> bool:
        if self.sheet is not None and self.column is not None:
            return (self.sheet, self.column) == (sheet, column) and self.field in (None, field_name)
        return self.field == field_name


@dataclass(frozen=True)
class KeepRows:
    """Rows of a sheet to keep as data although they look like notes, totals or repeated headers."""

    sheet: str
    rows: str
    """Sheet row numbers as in Excel, e.g. ``"241, 250-252"``."""

    @property
    def numbers(self) -> frozenset[int]:
        return parse_row_selection(self.rows)


@dataclass(frozen=True)
class ImportRequest:
    """Everything the pipeline needs to know about one import, validated."""

    session_id: str
    actor: str
    file_path: Path
    source_name: str
    declared_entities: dict[str, str] = field(default_factory=dict)
    mapping_overrides: dict[str, dict[str, str | None]] = field(default_factory=dict)
    promotions: tuple[ColumnPromotion, ...] = ()
    accept_all_suggestions: bool = False
    """Every suggestion awaiting acceptance loads (``accept_suggestions: true``)."""
    accepted_suggestions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Sheet -> columns whose suggestion the operator accepted."""
    value_mappings: tuple[ChoiceValueMapping, ...] = ()
    """Incoming choice values -> options, applied before enum and multi_enum values are matched."""
    overrides: tuple[Override, ...] = ()
    """Bulk fixes applied in order to the typed rows before validation."""
    conflict_policy: ConflictPolicy | None = None
    """How to resolve rows that would change a stored record; None: every conflict needs a decision."""
    conflict_decisions: dict[str, dict[str, ConflictPolicy]] = field(default_factory=dict)
    """Entity -> natural key -> decision, overriding the policy for single records."""
    on_duplicate: DuplicatePolicy = DuplicatePolicy.ERROR
    on_invalid: InvalidRowPolicy = InvalidRowPolicy.ERROR
    on_unknown_component: UnknownComponentPolicy | None = None
    """Records listings name but nobody imported: create, block; None creates only those carrying more than a name."""
    keep_rows: tuple[KeepRows, ...] = ()
    on_near_duplicate: NearDuplicatePolicy = NearDuplicatePolicy.BLOCK
    near_duplicate_decisions: dict[str, dict[str, NearDuplicatePolicy]] = field(default_factory=dict)
    """Entity -> incoming name -> decision for that likely duplicate of a stored record (wins over the policy)."""
    commit: bool = False
    record_path: str | None = None
    """Where the records of a nested JSON document are (``entities.{entity}.{field=id}.valuation_buckets``)."""
    profile: str | None = None
    """The import profile the options came from (recorded on the session with ``profile_version``)."""
    profile_version: int | None = None
    source: str | None = None
    """The recurring source that started the import, if any."""

    def __post_init__(self) -> None:
        if not SESSION_ID.fullmatch(self.session_id) or ".." in self.session_id:
            raise ImportRequestError(
                f"Session id {self.session_id!r} is not allowed: use letters, digits, '.', '_' and '-' "
                "(up to 64, starting with a letter or digit)."
            )
        if self.record_path is not None:
            try:
                parse_record_path(self.record_path)
            except RecordPathError as error:
                raise ImportRequestError(f"record_path: {error}.") from None
        for keep in self.keep_rows:
            try:
                keep.numbers
            except UserFacingError as error:
                raise ImportRequestError(f"keep_rows for sheet {keep.sheet!r}: {error}") from None
        for sheet, entity in self.declared_entities.items():
            get_entity_spec(entity)  # raises UnknownEntityError listing the valid names
        for promotion in self.promotions:
            if promotion.data_type not in CUSTOM_FIELD_TYPES:
                valid = ", ".join(CUSTOM_FIELD_TYPES)
                raise ImportRequestError(
                    f"Column {promotion.column!r} of sheet {promotion.sheet!r}: a custom field cannot have type "
                    f"{promotion.data_type!r}; use one of {valid}."
                )

    def declared_entity(self, sheet: str) -> str | None:
        declared = self.declared_entities.get(sheet)
        return get_entity_spec(declared).name if declared else None

    def decisions_for(self, entity: str) -> dict[str, ConflictPolicy]:
        return self.conflict_decisions.get(entity, {})

    def accepted_for(self, sheet: str) -> bool | tuple[str, ...]:
        """What ``suggest_mappings`` accepts on ``sheet``: True for every suggestion, else the accepted columns."""
        return True if self.accept_all_suggestions else self.accepted_suggestions.get(sheet, ())

    def value_mapping_for(self, sheet: str, column: str, field_name: str) -> dict[str, str]:
        """Incoming value -> option for one column; sheet-and-column entries win over per-field ones."""
        merged: dict[str, str] = {}
        for rule in sorted(self.value_mappings, key=lambda rule: rule.sheet is not None):
            if rule.applies_to(sheet, column, field_name):
                merged |= rule.values
        return merged

    def keep_rows_for(self, sheet: str) -> frozenset[int]:
        """The row numbers of ``sheet`` to keep as data even if they look like notes or totals."""
        return frozenset(row for keep in self.keep_rows if keep.sheet == sheet for row in keep.numbers)

    def near_duplicate_decision(self, entity: str, name: str) -> NearDuplicatePolicy | None:
        """The per-record decision for ``name`` (compared trimmed and case-insensitively), if any."""
        wanted = name.strip().lower()
        for key, decision in self.near_duplicate_decisions.get(entity, {}).items():
            if key.strip().lower() == wanted:
                return decision
        return None

    def promotions_for(self, sheet: str) -> tuple[ColumnPromotion, ...]:
        return tuple(promotion for promotion in self.promotions if promotion.sheet == sheet)
