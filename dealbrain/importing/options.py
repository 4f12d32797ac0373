"""What an operator may choose for one import, defined once.

`ImportOptions` is the typed model behind every surface: the Dagster
Launchpad form (`assets/launch_config.py` derives it), the CLI's `--config`
file and options, and the HTTP API's request bodies. Choices are
enumerations, so each surface offers the allowed values and refuses a typo
before anything runs; `to_request` turns the options into the validated
`ImportRequest` the stages work on.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from dealbrain.importing.conflicts import ConflictPolicy
from dealbrain.importing.policies import UnknownComponentPolicy
from dealbrain.importing.request import (
    ChoiceValueMapping,
    ColumnPromotion,
    DuplicatePolicy,
    ImportRequest,
    ImportRequestError,
    InvalidRowPolicy,
    KeepRows,
    NearDuplicatePolicy,
)
from dealbrain.overrides import Override, OverrideAction
from dealbrain.specs import CUSTOM_FIELD_TYPES, ENTITY_SPECS

EntityName = StrEnum("EntityName", {name: name for name in ENTITY_SPECS})
"""The entities a sheet can hold: cpu, gpu, listing, valuation_rule, ports_profile."""

CustomFieldType = StrEnum("CustomFieldType", {str(kind): str(kind) for kind in CUSTOM_FIELD_TYPES})
"""The types a promoted column's custom field may have."""


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MappingOverride(_Options):
    """Send one column to a field, or leave it out."""

    sheet: str = Field(description="Sheet name as in the file (the file stem for CSV/TSV).")
    column: str = Field(description="Column header as shown in the mapping table.")
    field: str | None = Field(default=None, description="Target field or custom field key; empty to ignore the column.")


class SuggestionChoice(_Options):
    """One suggested column whose suggestion to accept."""

    sheet: str = Field(description="Sheet name as in the file.")
    column: str = Field(description="Column header whose suggested field to accept.")


class ValueMappingOption(_Options):
    """Read incoming values of an enum or multi_enum field as its options ("Refurbished" -> refurb)."""

    field: str | None = Field(default=None, description="Field or custom field key whose values to map, in every sheet; or give sheet and column.")
    sheet: str | None = Field(default=None, description="With column: map the values of this sheet's column only.")
    column: str | None = Field(default=None, description="Column header (with sheet).")
    values: dict[str, str] = Field(description="Incoming value -> option, e.g. {Refurbished: refurb}. Case and separators are ignored.")

    @model_validator(mode="after")
    def _names_a_target(self) -> ValueMappingOption:
        if self.field is None and (self.sheet is None or self.column is None):
            raise ValueError("give field, or sheet and column, for the values to map")
        return self


class ColumnPromotionOption(_Options):
    """Create a custom field from an unmapped column and load the column into it."""

    sheet: str = Field(description="Sheet name as in the file.")
    column: str = Field(description="Column header to promote.")
    key: str = Field(description="Custom field key: lowercase letters, digits and _, starting with a letter.")
    label: str = Field(default="", description="Name shown to people (default: the column header).")
    type: CustomFieldType = Field(default=CustomFieldType.string, description="The custom field's value type.")
    options: list[str] = Field(default=[], description="Allowed values for enum and multi_enum fields.")


class OverrideOption(_Options):
    """A bulk fix: select rows by number or by a filter, then set a field, pick a component or discard them."""

    sheet: str = Field(description="Sheet the override applies to.")
    action: OverrideAction = Field(description="set_field, set_component (a listing's cpu, gpu or ports_profile) or discard.")
    rows: str | None = Field(default=None, description="Source rows, e.g. '2-10, 15' (give rows or where).")
    where: str | None = Field(
        default=None, description="Filter, e.g. 'condition = \"used\" and price_usd > 500' (give rows or where)."
    )
    field: str | None = Field(default=None, description="Field (or custom field key) to set.")
    value: str | None = Field(
        default=None,
        description="New value as you would type it in a cell; empty blanks the cell (a blank never erases a stored value).",
    )


class ConflictDecision(_Options):
    """What to do with one stored record the import would change."""

    entity: EntityName = Field(description="The entity of the record.")
    key: str = Field(description="The record's name (a listing's title).")
    decision: ConflictPolicy = Field(description="update, skip, keep or merge.")


class KeepRowsOption(_Options):
    """Rows the preview set aside as notes, totals or repeated headers that are records after all."""

    sheet: str = Field(description="Sheet the rows are on.")
    rows: str = Field(description="Sheet row numbers as shown in the preview's set-aside table, e.g. '241, 250-252'.")


class NearDuplicateDecision(_Options):
    """What to do with one new record whose name nearly equals a stored record's."""

    entity: EntityName = Field(description="The entity of the record.")
    name: str = Field(description="The incoming name, as shown in the near-duplicates table.")
    decision: NearDuplicatePolicy = Field(
        description="insert (a record of its own), update (treat it as the stored record and update that one) or skip."
    )


class ImportOptions(_Options):
    """One import: the file, what its sheets hold, how to map and fix them, and whether to commit."""

    file: str = Field(
        default="",
        description="Path of the .xlsx, .csv, .tsv, .json or .jsonl file to import. "
        "Empty in the Launchpad: the inbox file the session was registered for (see the inbox_files asset).",
    )
    source_name: str | None = Field(
        default=None,
        description="Name the session shows for the file. Empty: the file's own name (set by the HTTP API, whose "
        "uploads are kept under their sha256).",
    )
    declared_entities: dict[str, EntityName] = Field(
        default={}, description="Sheet name -> entity. Undeclared sheets are inferred from their headers."
    )
    mapping_overrides: list[MappingOverride] = Field(default=[], description="Column -> field corrections, or columns to ignore.")
    promote_columns: list[ColumnPromotionOption] = Field(default=[], description="Unmapped columns to turn into custom fields.")
    accept_suggestions: bool | list[SuggestionChoice] = Field(
        default=False,
        description="Load suggested columns awaiting acceptance: true for all of them, or a list of {sheet, column}.",
    )
    value_mappings: list[ValueMappingOption] = Field(
        default=[], description="Incoming choice values -> options of enum and multi_enum fields, per field or per sheet and column."
    )
    overrides: list[OverrideOption] = Field(default=[], description="Bulk fixes applied in order before validation.")
    conflict_policy: ConflictPolicy | None = Field(
        default=None, description="Rows that change stored records: update, skip, keep or merge. Empty: each needs a decision."
    )
    conflict_decisions: list[ConflictDecision] = Field(default=[], description="Per-record decisions; they win over the policy.")
    on_duplicate: DuplicatePolicy = Field(
        default=DuplicatePolicy.ERROR, description="Rows repeating a name: error (block the commit), first or last (keep that one)."
    )
    on_invalid: InvalidRowPolicy = Field(
        default=InvalidRowPolicy.ERROR,
        description="Rows failing validation: error (block the commit) or skip (commit the valid rows, report the rest).",
    )
    on_unknown_component: UnknownComponentPolicy | None = Field(
        default=None,
        description="CPUs, GPUs and ports profiles that listings name but nobody imported: create (flagged for review) "
        "or block the commit. Empty: create those a component's metadata fills, block those that would carry only a name.",
    )
    keep_rows: list[KeepRowsOption] = Field(
        default=[], description="Rows set aside as notes, totals or repeated headers to import as records after all."
    )
    on_near_duplicate: NearDuplicatePolicy = Field(
        default=NearDuplicatePolicy.BLOCK,
        description="New names that nearly equal a stored record's (same normalized name): block (decide each), "
        "insert, update (the stored record) or skip.",
    )
    near_duplicate_decisions: list[NearDuplicateDecision] = Field(
        default=[], description="Per-record decisions on likely duplicates; they win over on_near_duplicate."
    )
    commit: bool = Field(default=False, description="Write to the database after a clean preview. Off: preview only.")
    profile: str | None = Field(
        default=None,
        description="Import profile to start from (see `importer profiles list`); options given here win over the profile's.",
    )
    record_path: str | None = Field(
        default=None,
        description="JSON sources: where the records are, e.g. 'data' or 'entities.{entity}.{field=id}.valuation_buckets'. "
        "Empty: the top-level array, or the one array of records in the top-level object.",
    )

    @classmethod
    def parse(cls, document: dict[str, object], *, origin: str = "import config") -> ImportOptions:
        """Options from a plain document (a YAML file, a JSON body); a mistake is an `ImportRequestError` naming the field."""
        try:
            return cls.model_validate(document)
        except ValidationError as error:
            raise ImportRequestError(f"Invalid {origin}: {describe_validation_error(error)}") from None

    def to_request(self, session_id: str, actor: str) -> ImportRequest:
        """The validated request the import stages work on."""
        if not self.file.strip():
            raise ImportRequestError(
                f"Session {session_id!r} names no file: give `file` (a path the importer can read), "
                "or register the file from the inbox first (materialize inbox_files)."
            )
        path = Path(self.file).expanduser()
        mapping: dict[str, dict[str, str | None]] = {}
        for override in self.mapping_overrides:
            mapping.setdefault(override.sheet, {})[override.column] = override.field or None
        accepted: dict[str, tuple[str, ...]] = {}
        if not isinstance(self.accept_suggestions, bool):
            for choice in self.accept_suggestions:
                accepted[choice.sheet] = (*accepted.get(choice.sheet, ()), choice.column)
        decisions: dict[str, dict[str, ConflictPolicy]] = {}
        for item in self.conflict_decisions:
            decisions.setdefault(str(item.entity), {})[item.key] = item.decision
        near: dict[str, dict[str, NearDuplicatePolicy]] = {}
        for item in self.near_duplicate_decisions:
            near.setdefault(str(item.entity), {})[item.name] = item.decision
        return ImportRequest(
            session_id=session_id,
            actor=actor,
            file_path=path,
            source_name=self.source_name or path.name,
            declared_entities={sheet: str(entity) for sheet, entity in self.declared_entities.items()},
            mapping_overrides=mapping,
            promotions=tuple(
                ColumnPromotion(p.sheet, p.column, p.key, p.label, CUSTOM_FIELD_TYPES[_type_index(p.type)], tuple(p.options))
                for p in self.promote_columns
            ),
            accept_all_suggestions=self.accept_suggestions is True,
            accepted_suggestions=accepted,
            value_mappings=tuple(ChoiceValueMapping(m.field, m.sheet, m.column, dict(m.values)) for m in self.value_mappings),
            overrides=tuple(Override(o.sheet, o.action, o.rows, o.where, o.field, o.value) for o in self.overrides),
            conflict_policy=self.conflict_policy,
            conflict_decisions=decisions,
            on_duplicate=self.on_duplicate,
            on_invalid=self.on_invalid,
            on_unknown_component=self.on_unknown_component,
            keep_rows=tuple(KeepRows(k.sheet, k.rows) for k in self.keep_rows),
            on_near_duplicate=self.on_near_duplicate,
            near_duplicate_decisions=near,
            commit=self.commit,
            record_path=self.record_path,
            profile=self.profile or None,
        )


def _type_index(kind: CustomFieldType) -> int:
    return [str(t) for t in CUSTOM_FIELD_TYPES].index(str(kind))


def validation_problems(error: ValidationError) -> list[tuple[str, str]]:
    """Pydantic's errors as (where, what is wrong) pairs, e.g. ``("on_duplicate", "'x' is not one of ...")``."""
    problems = []
    for item in error.errors():
        where = ".".join(str(part) for part in item["loc"]) or "(top level)"
        if item["type"] == "extra_forbidden":
            message = "unknown setting; check its spelling"
        elif item["type"] == "enum":
            message = f"{item['input']!r} is not one of {item['ctx']['expected']}"
        else:
            message = item["msg"]
        problems.append((where, message))
    return problems


def describe_validation_error(error: ValidationError) -> str:
    """Pydantic's errors as one sentence per field, e.g. ``on_duplicate: Input should be 'error', 'first' or 'last'``."""
    return "; ".join(f"{where}: {message}" for where, message in validation_problems(error))
