"""Stage 4: create promoted custom fields, then turn every mapped column into typed values."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import polars as pl
from sqlalchemy import Engine

from dealbrain.auth import Actor
from dealbrain.coercion import coerce_frame
from dealbrain.customfields import active_field_specs
from dealbrain.db.engine import transaction
from dealbrain.importing.batching import read_whole, why_not_batched
from dealbrain.importing.promotion import promote_column
from dealbrain.importing.request import ImportRequest
from dealbrain.importing.value_mappings import column_choice_field, unknown_choice_rows
from dealbrain.importing.stages.entities import SheetEntity
from dealbrain.importing.stages.mapping import MappedWorkbook, SheetMapping
from dealbrain.ingest import RawSheet, StoredUpload
from dealbrain.overrides import OverrideEffect
from dealbrain.specs import FieldSpec, get_entity_spec
from dealbrain.specs.components import component_fields
from dealbrain.store.frames import SHEET, SOURCE_ROW


@dataclass
class TypedSheet:
    """One sheet's typed rows, its unreadable cells and the mapping that produced them."""

    mapping: SheetMapping
    frame: pl.DataFrame
    """``__sheet__``, ``__source_row__`` and one typed column per applied field."""
    issues: pl.DataFrame
    notes: list[str]
    fields: list[FieldSpec]
    unknown_choices: list[dict[str, Any]] = field(default_factory=list)
    """Values of choice columns matching no option: sheet, column, field, value, rows, closest option."""

    @property
    def name(self) -> str:
        return self.mapping.name

    @property
    def source(self) -> RawSheet:
        return self.mapping.source

    @property
    def entity(self) -> str:
        return self.mapping.entity

    def source_column(self, field_name: str) -> str | None:
        for column in self.mapping.applied:
            if field_name in column.fields:
                return column.column
        return None


@dataclass
class TypedWorkbook:
    """Every included sheet typed, with the custom fields it was typed against and the overrides' effects."""

    request: ImportRequest
    upload: StoredUpload
    resolution: list[SheetEntity]
    sheets: list[TypedSheet]
    custom_fields: dict[str, list[FieldSpec]]
    """Active custom fields per entity after promotion."""
    pending_fields: list[str] = field(default_factory=list)
    """Promoted fields awaiting an admin's approval (``entity.key``): they block the commit."""
    created_fields: list[str] = field(default_factory=list)
    override_effects: list[OverrideEffect] = field(default_factory=list)
    """What each bulk override changed, in the order they were given."""
    warnings: list[str] = field(default_factory=list)


def _split_joined_columns(mapping: SheetMapping, raw: pl.DataFrame, fields_by_name: dict[str, FieldSpec]) -> tuple[pl.DataFrame, dict[str, FieldSpec], dict[str, str]]:
    """Columns joining two fields (``Cores/Threads`` holding ``8/16``): the part before '/' stays, the part after
    becomes a column of its own. A cell without exactly one '/' is kept whole in both, so it fails as written."""
    extra: dict[str, FieldSpec] = {}
    origin: dict[str, str] = {}
    for column in mapping.applied:
        if not column.joined:
            continue
        text = pl.col(column.column).cast(pl.String)
        parts = text.str.split("/")
        whole = parts.list.len() != 2
        first = pl.when(whole).then(text).otherwise(parts.list.get(0, null_on_oob=True).str.strip_chars())
        second = pl.when(whole).then(text).otherwise(parts.list.get(1, null_on_oob=True).str.strip_chars())
        parts_wanted = [first.alias(column.column)]
        if column.second_field in fields_by_name:
            name = f"{column.column} [{column.second_field}]"
            parts_wanted.append(second.alias(name))
            extra[name], origin[name] = fields_by_name[column.second_field], column.column
        raw = raw.with_columns(parts_wanted)  # both parts read the whole cell
    return raw, extra, origin


def type_sheet(mapping: SheetMapping, fields_by_name: dict[str, FieldSpec], request: ImportRequest) -> TypedSheet:
    raw, split, origin = _split_joined_columns(mapping, mapping.source.frame, fields_by_name)
    columns = {
        column.column: column_choice_field(request, mapping.name, column.column, fields_by_name[column.field])
        for column in mapping.applied
        if column.field in fields_by_name
    }
    unknown = [row for name, spec in columns.items() for row in unknown_choice_rows(mapping.name, name, spec, raw[name])]
    columns |= split
    result = coerce_frame(raw.select(SOURCE_ROW, *columns), columns)
    frame = result.frame.with_columns(pl.lit(mapping.name).alias(SHEET))
    cell_issues = mapping.source.cell_issues
    result.issues = result.issues.with_columns(pl.col("column").replace(origin))
    result.notes[:0] = [
        f"{column}: split at '/' into {columns[column].name} and {spec.name}" for name, spec in split.items() for column in [origin[name]]
    ]
    issues = result.issues if cell_issues is None else pl.concat([cell_issues, result.issues]).sort(SOURCE_ROW, maintain_order=True)
    return TypedSheet(mapping, frame, issues, result.notes, list(columns.values()), unknown)


def sheet_fields(mapping: SheetMapping, custom_fields: list[FieldSpec]) -> dict[str, FieldSpec]:
    """Field name -> spec a sheet's columns are typed against (promoted, custom, component, standard; later wins)."""
    entity = get_entity_spec(mapping.entity)
    by_precedence = [*mapping.promoted, *custom_fields, *component_fields(entity.name), *entity.fields]
    return {spec.name: spec for spec in by_precedence}


def apply_custom_fields(mapped: MappedWorkbook, engine: Engine, actor: Actor) -> TypedWorkbook:
    """Create the promoted custom fields (through the custom-field service) and coerce every sheet."""
    request = mapped.request
    created, pending = [], []
    custom_fields: dict[str, list[FieldSpec]] = {}
    with transaction(engine) as session:
        for mapping in mapped.sheets:
            for promotion in request.promotions_for(mapping.name):
                outcome = promote_column(session, engine, actor, get_entity_spec(mapping.entity), promotion)
                if outcome.created:
                    created.append(f"{mapping.entity}.{promotion.key}")
                if outcome.pending:
                    pending.append(f"{mapping.entity}.{promotion.key}")
        for entity in {mapping.entity for mapping in mapped.sheets}:
            custom_fields[entity] = active_field_specs(session, entity)
    sheets, warnings = [], list(mapped.warnings)
    for mapping in mapped.sheets:
        reason = why_not_batched(get_entity_spec(mapping.entity), request) if mapping.source.batches else None
        if reason:
            whole, warning = read_whole(mapping.source, request, reason)
            mapping = replace(mapping, source=whole)
            warnings.append(warning)
        sheets.append(type_sheet(mapping, sheet_fields(mapping, custom_fields[mapping.entity]), request))
    return TypedWorkbook(
        request, mapped.upload, mapped.resolution, sheets, custom_fields,
        pending_fields=pending, created_fields=created, warnings=warnings,
    )
