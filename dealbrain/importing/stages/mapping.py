"""Stage 3: map each sheet's columns to fields — mapped, suggested or new."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from dealbrain.audit import AuditAction, record_event
from dealbrain.customfields import active_field_specs
from dealbrain.db.engine import transaction
from dealbrain.importing.request import ColumnPromotion, ImportRequest, ImportRequestError
from dealbrain.importing.stages.entities import ResolvedWorkbook, SheetEntity
from dealbrain.importing.value_mappings import check_value_mapping_fields, column_choice_field
from dealbrain.ingest import RawSheet, StoredUpload
from dealbrain.mapping import ColumnMapping, header_signature, missing_required_fields, suggest_mappings
from dealbrain.specs import FieldSpec, get_entity_spec
from dealbrain.specs.components import component_fields
from dealbrain.store.sessions import recalled_columns, remembered_mapping, update_import_session

SAMPLE_ROWS = 200


@dataclass
class SheetMapping:
    """How one sheet's columns map to its entity's fields."""

    source: RawSheet
    entity: str
    columns: list[ColumnMapping]
    missing_required: list[str]
    signature: str
    remembered_from: str | None
    promoted: list[FieldSpec] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.source.name

    @property
    def applied(self) -> list[ColumnMapping]:
        return [column for column in self.columns if column.applied]

    def confirmed(self) -> dict[str, str | None]:
        """Column -> field as it will be applied (None: not imported).

        A suggestion awaiting acceptance is nobody's decision yet, so it is left
        out: remembered as ignored, the next import would never offer it again.
        """
        return {
            column.column: column.field if column.applied else None
            for column in self.columns
            if not column.awaiting_acceptance
        }


@dataclass
class MappedWorkbook:
    """The mapping of every included sheet; ``resolution`` keeps every sheet's entity, skipped ones too."""

    request: ImportRequest
    upload: StoredUpload
    resolution: list[SheetEntity]
    sheets: list[SheetMapping]
    warnings: list[str] = field(default_factory=list)


def promoted_field_spec(promotion: ColumnPromotion) -> FieldSpec:
    """The custom field a promoted column will become (created in the next stage)."""
    return FieldSpec(
        name=promotion.key, type=promotion.data_type, label=promotion.label or promotion.column,
        options=promotion.options, custom=True,
    )


def _samples(sheet: SheetEntity) -> dict[str, list[str | None]]:
    head = sheet.source.frame.head(SAMPLE_ROWS)
    return {column: head[column].to_list() for column in sheet.headers}


def map_sheet(
    sheet: SheetEntity,
    request: ImportRequest,
    custom_fields: list[FieldSpec],
    remembered: tuple[dict[str, str | None], str] | None,
    recalled: dict[str, tuple[str, str]] | None = None,
) -> SheetMapping:
    """The column mapping of one sheet, from operator overrides, memory, names and fuzzy matches."""
    entity = get_entity_spec(sheet.entity or "")
    promoted = [promoted_field_spec(p) for p in request.promotions_for(sheet.name)]
    overrides = dict(request.mapping_overrides.get(sheet.name, {}))
    overrides |= {p.column: p.key for p in request.promotions_for(sheet.name)}
    columns = suggest_mappings(
        entity,
        sheet.headers,
        _samples(sheet),
        custom_fields=[*custom_fields, *promoted, *component_fields(entity.name)],
        remembered=remembered[0] if remembered else None,
        remembered_from=remembered[1] if remembered else None,
        overrides=overrides,
        accept=request.accepted_for(sheet.name),
        recalled=recalled,
    )
    return SheetMapping(
        source=sheet.source,
        entity=entity.name,
        columns=columns,
        missing_required=missing_required_fields(entity, columns),
        signature=header_signature(sheet.headers),
        remembered_from=remembered[1] if remembered else None,
        promoted=promoted,
    )


def check_named_columns(resolved: ResolvedWorkbook) -> None:
    """Every sheet and column the request names must exist: a typo is an error, not a silently ignored setting."""
    request = resolved.request
    headers = {sheet.name: sheet.headers for sheet in resolved.included}
    named = [(sheet, column, "mapping_overrides") for sheet, columns in request.mapping_overrides.items() for column in columns]
    named += [(p.sheet, p.column, "promote_columns") for p in request.promotions]
    named += [(sheet, column, "accept_suggestions") for sheet, columns in request.accepted_suggestions.items() for column in columns]
    named += [(m.sheet, m.column, "value_mappings") for m in request.value_mappings if m.sheet is not None and m.column is not None]
    for sheet, column, setting in named:
        if sheet not in headers:
            sheets = ", ".join(repr(name) for name in headers) or "none"
            raise ImportRequestError(f"{setting}: sheet {sheet!r} is not imported from this file (imported sheets: {sheets}).")
        if column not in headers[sheet]:
            raise ImportRequestError(
                f"{setting}: sheet {sheet!r} has no column {column!r}; its columns are {', '.join(map(repr, headers[sheet]))}."
            )


def map_columns(resolved: ResolvedWorkbook, engine: Engine) -> MappedWorkbook:
    """Map every included sheet, store the mappings on the session and audit them."""
    check_named_columns(resolved)
    request = resolved.request
    sheets = []
    choice_fields: dict[str, FieldSpec] = {}
    with transaction(engine) as session:
        for sheet in resolved.included:
            entity = sheet.entity or ""
            memory = remembered_mapping(session, entity, header_signature(sheet.headers))
            remembered = (memory.mapping_json, memory.session_id) if memory else None
            custom = active_field_specs(session, entity)
            sheets.append(map_sheet(sheet, request, custom, remembered, recalled_columns(session, entity)))
            specs = {spec.name: spec for spec in [*sheets[-1].promoted, *custom, *get_entity_spec(entity).fields]}
            choice_fields |= specs
            for column in sheets[-1].applied:
                if column.field in specs:  # refuses a mapping to a value that is no option, before anything is written
                    column_choice_field(request, sheet.name, column.column, specs[column.field])
        check_value_mapping_fields(request, choice_fields)
        stored = {m.name: {"entity": m.entity, "columns": m.confirmed()} for m in sheets}
        update_import_session(session, request.session_id, mappings_json=stored)
        record_event(
            session, actor=request.actor, action=AuditAction.MAPPING_SAVED,
            import_session_id=request.session_id, payload={"sheets": stored},
        )
    return MappedWorkbook(request, resolved.upload, resolved.sheets, sheets, warnings=list(resolved.warnings))
