"""The launch-time form of an import: what the Launchpad shows and the CLI's --config file holds."""


from pathlib import Path

import dagster as dg
from pydantic import Field

from dealbrain.importing.request import (
    ColumnPromotion,
    DuplicatePolicy,
    ImportRequest,
    InvalidRowPolicy,
    choice,
)
from dealbrain.importing.conflicts import ConflictPolicy
from dealbrain.overrides import Override, OverrideAction
from dealbrain.specs import FieldType, get_entity_spec


class MappingOverride(dg.Config):
    """Send one column to a field, or leave it out."""

    sheet: str = Field(description="Sheet name as in the file (the file stem for CSV/TSV).")
    column: str = Field(description="Column header as shown in the mapping table.")
    field: str | None = Field(default=None, description="Target field or custom field key; empty to ignore the column.")


class ColumnPromotionConfig(dg.Config):
    """Create a custom field from an unmapped column and load the column into it."""

    sheet: str = Field(description="Sheet name as in the file.")
    column: str = Field(description="Column header to promote.")
    key: str = Field(description="Custom field key: lowercase letters, digits and _, starting with a letter.")
    label: str = Field(default="", description="Name shown to people (default: the column header).")
    type: str = Field(default="string", description="string, text, number, integer, boolean, enum, multi_enum or date.")
    options: list[str] = Field(default=[], description="Allowed values for enum and multi_enum fields.")


class OverrideConfig(dg.Config):
    """A bulk fix: select rows by number or by a filter, then set a field, pick a component or discard them."""

    sheet: str = Field(description="Sheet the override applies to.")
    action: str = Field(description="set_field, set_component (a listing's cpu, gpu or ports_profile) or discard.")
    rows: str | None = Field(default=None, description="Source rows, e.g. '2-10, 15' (give rows or where).")
    where: str | None = Field(
        default=None, description="Filter, e.g. 'condition = \"used\" and price_usd > 500' (give rows or where)."
    )
    field: str | None = Field(default=None, description="Field (or custom field key) to set.")
    value: str | None = Field(
        default=None,
        description="New value as you would type it in a cell; empty blanks the cell (a blank never erases a stored value).",
    )


class ConflictDecisionConfig(dg.Config):
    """What to do with one stored record the import would change."""

    entity: str = Field(description="cpu, gpu, listing, valuation_rule or ports_profile.")
    key: str = Field(description="The record's name (a listing's title).")
    decision: str = Field(description="update, skip, keep or merge.")


class ImportConfig(dg.Config):
    """One import: the file, what its sheets hold, how to map them, and whether to commit."""

    file: str = Field(description="Path of the .xlsx, .csv, .tsv, .json or .jsonl file to import.")
    declared_entities: dict[str, str] = Field(
        default={},
        description="Sheet name -> entity (cpu, gpu, listing, valuation_rule, ports_profile). Undeclared sheets are inferred.",
    )
    mapping_overrides: list[MappingOverride] = Field(default=[], description="Column -> field corrections, or columns to ignore.")
    promote_columns: list[ColumnPromotionConfig] = Field(default=[], description="Unmapped columns to turn into custom fields.")
    overrides: list[OverrideConfig] = Field(default=[], description="Bulk fixes applied in order before validation.")
    conflict_policy: str | None = Field(
        default=None,
        description="Rows that change stored records: update, skip, keep or merge. Empty: each conflict needs a decision.",
    )
    conflict_decisions: list[ConflictDecisionConfig] = Field(default=[], description="Per-record decisions; they win over the policy.")
    on_duplicate: str = Field(
        default=DuplicatePolicy.ERROR.value,
        description="Rows repeating a name: error (block the commit), first or last (keep that one).",
    )
    on_invalid: str = Field(
        default=InvalidRowPolicy.ERROR.value,
        description="Rows failing validation: error (block the commit) or skip (commit the valid rows, report the rest).",
    )
    commit: bool = Field(default=False, description="Write to the database after a clean preview. Off: preview only.")
    record_path: str | None = Field(
        default=None,
        description="JSON sources: where the records are, e.g. 'data' or 'entities.{entity}.{field=id}.valuation_buckets'. "
        "Empty: the top-level array, or the one array of records in the top-level object.",
    )

    def to_request(self, session_id: str, actor: str) -> ImportRequest:
        path = Path(self.file).expanduser()
        overrides: dict[str, dict[str, str | None]] = {}
        for override in self.mapping_overrides:
            overrides.setdefault(override.sheet, {})[override.column] = override.field or None
        return ImportRequest(
            session_id=session_id,
            actor=actor,
            file_path=path,
            source_name=path.name,
            declared_entities=dict(self.declared_entities),
            mapping_overrides=overrides,
            promotions=tuple(
                ColumnPromotion(p.sheet, p.column, p.key, p.label, choice(FieldType, p.type, "type"), tuple(p.options))
                for p in self.promote_columns
            ),
            overrides=tuple(
                Override(o.sheet, choice(OverrideAction, o.action, "action"), o.rows, o.where, o.field, o.value)
                for o in self.overrides
            ),
            conflict_policy=choice(ConflictPolicy, self.conflict_policy, "conflict_policy") if self.conflict_policy else None,
            conflict_decisions=self._decisions(),
            on_duplicate=choice(DuplicatePolicy, self.on_duplicate, "on_duplicate"),
            on_invalid=choice(InvalidRowPolicy, self.on_invalid, "on_invalid"),
            commit=self.commit,
            record_path=self.record_path,
        )


    def _decisions(self) -> dict[str, dict[str, ConflictPolicy]]:
        decisions: dict[str, dict[str, ConflictPolicy]] = {}
        for item in self.conflict_decisions:
            entity = get_entity_spec(item.entity).name
            decisions.setdefault(entity, {})[item.key] = choice(ConflictPolicy, item.decision, "decision")
        return decisions


class CommitConfig(dg.Config):
    """Commit a session's last preview without previewing again."""

    commit_last_preview: bool = Field(
        default=False,
        description="Write the stored preview of this session even if its import config did not ask to commit.",
    )
