"""Stage 2: which entity each sheet holds — declared by the operator, checked against inference."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine

from dealbrain.audit import AuditAction, record_event
from dealbrain.db.engine import transaction
from dealbrain.importing.request import ImportRequest, ImportRequestError
from dealbrain.importing.stages.parse import ParsedUpload
from dealbrain.ingest import RawSheet, StoredUpload
from dealbrain.mapping import DeclarationCheck, EntityInference, compare_declaration, infer_entity
from dealbrain.store.sessions import update_import_session


@dataclass
class SheetEntity:
    """One sheet and the entity it holds (None: skipped, with the reason)."""

    source: RawSheet
    entity: str | None
    declared: bool
    inference: EntityInference
    check: DeclarationCheck | None = None
    skipped_reason: str | None = None

    @property
    def headers(self) -> list[str]:
        return [column for column in self.source.frame.columns if not column.startswith("__")]

    @property
    def name(self) -> str:
        return self.source.name


@dataclass
class ResolvedWorkbook:
    """Every sheet with its entity, declared or inferred."""

    request: ImportRequest
    upload: StoredUpload
    sheets: list[SheetEntity]
    warnings: list[str] = field(default_factory=list)

    @property
    def included(self) -> list[SheetEntity]:
        return [sheet for sheet in self.sheets if sheet.entity is not None]


def _resolve_sheet(parsed: ParsedUpload, sheet: RawSheet) -> SheetEntity:
    headers = [column for column in sheet.frame.columns if not column.startswith("__")]
    inference = infer_entity(sheet.name, headers)
    declared = parsed.request.declared_entity(sheet.name)
    if declared:
        return SheetEntity(sheet, declared, True, inference, compare_declaration(declared, inference))
    if sheet.frame.height == 0:
        return SheetEntity(sheet, None, False, inference, skipped_reason="the sheet has no data rows")
    if inference.entity is None:
        return SheetEntity(
            sheet, None, False, inference,
            skipped_reason="its entity could not be inferred from the headers; declare it (sheet=entity) to import it",
        )
    return SheetEntity(sheet, inference.entity, False, inference)


def resolve_entities(parsed: ParsedUpload, engine: Engine) -> ResolvedWorkbook:
    """Decide every sheet's entity, warn on declaration/inference mismatches, store and audit the result."""
    sheets = [_resolve_sheet(parsed, sheet) for sheet in parsed.sheets]
    unknown = set(parsed.request.declared_entities) - {sheet.name for sheet in parsed.sheets}
    warnings = [f"Sheet {s.name!r} is skipped: {s.skipped_reason}." for s in sheets if s.skipped_reason]
    warnings += [s.check.message for s in sheets if s.check and s.check.mismatch]
    if unknown:
        names = ", ".join(repr(sheet.name) for sheet in parsed.sheets)
        raise ImportRequestError(
            f"Declared sheet(s) {', '.join(map(repr, sorted(unknown)))} not found in {parsed.request.source_name}; "
            f"its sheets are {names}."
        )
    request = parsed.request
    declared = {s.name: {"entity": s.entity, "declared": s.declared, "confidence": s.inference.confidence} for s in sheets}
    with transaction(engine) as session:
        update_import_session(session, request.session_id, declared_entities_json=declared)
        record_event(
            session, actor=request.actor, action=AuditAction.DECLARED_ENTITIES_SAVED,
            import_session_id=request.session_id, payload={"sheets": declared},
        )
        for sheet in sheets:
            if sheet.check and sheet.check.mismatch:
                record_event(
                    session, actor=request.actor, action=AuditAction.DECLARED_ENTITY_MISMATCH,
                    entity=sheet.entity, import_session_id=request.session_id,
                    payload={
                        "sheet": sheet.name, "declared": sheet.check.declared,
                        "inferred": sheet.check.inferred, "declared_score": sheet.check.declared_score,
                        "inferred_score": sheet.check.inferred_score,
                    },
                )
    return ResolvedWorkbook(request, parsed.upload, sheets, warnings=[*parsed.warnings, *warnings])
