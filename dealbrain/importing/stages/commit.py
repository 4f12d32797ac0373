"""Stage 6: write exactly what was previewed (the stored commit plan), in one transaction, or refuse."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dealbrain.audit import AuditAction, record_event
from dealbrain.customfields import active_field_specs
from dealbrain.db.engine import transaction
from dealbrain.db.locks import take_write_lock
from dealbrain.db.models import ImportSession
from dealbrain.errors import UserFacingError
from dealbrain.importing.auto_create import AlreadyCreatedError, create_referenced_records
from dealbrain.importing.batched_plan import PlanTally, plan_batch
from dealbrain.importing.change_plan import plan_entity_changes
from dealbrain.importing.commit_plan import CommitPlan, custom_fields_digest
from dealbrain.importing.conflicts import resolve_conflicts
from dealbrain.importing.progress import Progress, unwatched
from dealbrain.importing.writer import EntityWriteResult, write_entity_plan
from dealbrain.specs import EntitySpec, entities_in_load_order
from dealbrain.store.records import existing_records, natural_key_field
from dealbrain.store.sessions import SessionStatus, remember_mapping, update_import_session


class CommitRefusedError(UserFacingError, RuntimeError):
    """The preview cannot be committed as it stands; the message says why and what to do."""


@dataclass
class CommitResult:
    session_id: str
    entities: dict[str, EntityWriteResult]
    rejected: dict[str, int] = field(default_factory=dict)
    auto_created: dict[str, list[str]] = field(default_factory=dict)
    """Records created because listings named them (entity -> names)."""
    skipped: dict[str, int] = field(default_factory=dict)
    """Conflicting rows left out by a ``skip`` decision."""

    def counts(self) -> dict[str, dict[str, int]]:
        return {
            name: {
                "inserted": result.inserted,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "skipped": self.skipped.get(name, 0),
                "rejected": self.rejected.get(name, 0),
            }
            for name, result in self.entities.items()
        }

    @property
    def changed_anything(self) -> bool:
        return any(result.inserted or result.updated for result in self.entities.values())


def _refuse_finished_session(session: Session, session_id: str) -> None:
    row = session.get(ImportSession, session_id, with_for_update=True)
    if row is not None and row.status in (SessionStatus.COMMITTED, SessionStatus.UNDONE):
        raise CommitRefusedError(
            f"Session {session_id} was already {row.status}; import the file again as a new session to apply it."
        )


def _refuse_changed_custom_fields(session: Session, plan: CommitPlan) -> None:
    """The custom fields the preview validated against must still be the active ones, unchanged."""
    for entity, previewed in plan.custom_fields_digest.items():
        if custom_fields_digest(active_field_specs(session, entity)) != previewed:
            raise CommitRefusedError(
                f"The {entity} custom fields changed since session {plan.session_id} was previewed; "
                "preview again so the rows are validated against the current definitions."
            )


def _audit_conflict_decisions(session: Session, plan: CommitPlan, actor: str) -> None:
    for name, entity in plan.entities.items():
        if not entity.conflicts:
            continue
        record_event(
            session, actor=actor, action=AuditAction.CONFLICTS_RESOLVED, entity=name,
            import_session_id=plan.session_id,
            payload={
                "default_policy": plan.conflict_policy,
                "decided": entity.decided,
                "decisions": entity.decisions,
                "changes": entity.changes,
            },
        )


def _create_referenced_components(session: Session, plan: CommitPlan) -> dict[str, list[str]]:
    created = {}
    for entity, names in plan.auto_created.items():
        try:
            created[entity] = create_referenced_records(
                session, entity, names, plan.session_id, plan.auto_created_values.get(entity)
            )
        except AlreadyCreatedError as error:
            raise CommitRefusedError(
                f"{error} since session {plan.session_id} was previewed; preview again, then commit."
            ) from None
    return created


def commit_preview(
    plan: CommitPlan, engine: Engine, *, committed_by: str | None = None, progress: Progress = unwatched
) -> CommitResult:
    """Insert and update the previewed rows per entity in dependency order, all or nothing.

    Each entity is planned again against the records as they are now; if that
    plan differs from the previewed one, the database changed underneath and
    the commit is refused before anything is written. ``committed_by`` is who
    the audit log names (default: whoever ran the preview). Rows planned batch
    by batch report each batch of each pass to ``progress``.
    """
    if plan.blocking:
        raise CommitRefusedError("The preview has problems that block the commit: " + " ".join(plan.blocking))
    results: dict[str, EntityWriteResult] = {}
    created: dict[str, list[str]] = {}
    try:
        with transaction(engine) as session:
            take_write_lock(session)
            _refuse_finished_session(session, plan.session_id)
            _refuse_changed_custom_fields(session, plan)
            for entity in entities_in_load_order(set(plan.entities)):
                if entity.name == "listing":
                    created = _create_referenced_components(session, plan)
                results[entity.name] = _write_entity(session, plan, entity, progress)
            result = _finish(session, plan, results, created, committed_by or plan.actor)
    except IntegrityError as error:
        raise CommitRefusedError(
            f"The database refused the commit of session {plan.session_id} ({error.orig}); records changed "
            "while it was written. Nothing was saved: preview again, then commit."
        ) from None
    return result


def _write_in_batches(session: Session, plan: CommitPlan, entity: EntitySpec, progress: Progress) -> EntityWriteResult:
    """`_write_entity` for rows planned batch by batch, in two passes over the stored rows.

    First every batch is planned again (`plan_batch`, as the preview did) against the records as they are,
    writing nothing: the stored state they were planned from must be the previewed one, or the commit is
    refused before anything is written. Then each batch is planned and written; a batch whose keys matched no
    stored record in the first pass is planned without looking records up (the batches' keys are distinct, so
    what earlier batches wrote cannot match it). All of it runs in the caller's transaction."""
    previewed = plan.entities[entity.name]
    custom = active_field_specs(session, entity.name)
    decisions = plan.decisions_for(entity.name)
    tally, matched = PlanTally(), []
    for number, rows in enumerate(previewed.row_batches(), start=1):
        resolution, state = plan_batch(session, entity, rows, custom, plan.conflict_policy, decisions)
        tally.add(resolution, state)
        matched.append(resolution.plan.inserts.height < rows.height)
        progress(f"{entity.label}: batch {number:,} checked against the stored records, as previewed")
    if tally.fingerprint != previewed.plan_fingerprint:
        raise CommitRefusedError(
            f"{entity.label} records changed since session {plan.session_id} was previewed; "
            "preview again, check the changes, then commit."
        )
    totals = {"inserted": 0, "updated": 0, "unchanged": 0}
    for number, (rows, stored) in enumerate(zip(previewed.row_batches(), matched, strict=True), start=1):
        resolution, _ = plan_batch(session, entity, rows, custom, plan.conflict_policy, decisions, stored=stored)
        written = write_entity_plan(session, resolution.plan, plan.session_id)
        totals = {"inserted": totals["inserted"] + written.inserted, "updated": totals["updated"] + written.updated,
                  "unchanged": totals["unchanged"] + written.unchanged}
        progress(f"{entity.label}: batch {number:,} of {len(matched):,} written "
                 f"({totals['inserted']:,} inserted, {totals['updated']:,} updated so far; nothing is saved until the last)")
    return EntityWriteResult(entity.name, **totals)


def _write_entity(session: Session, plan: CommitPlan, entity: EntitySpec, progress: Progress) -> EntityWriteResult:
    """Plan the entity again against the records as they are now; write it if that is what was previewed."""
    previewed = plan.entities[entity.name]
    if previewed.batch_rows is not None:
        return _write_in_batches(session, plan, entity, progress)
    custom = active_field_specs(session, entity.name)
    keys = previewed.rows[natural_key_field(entity).name].drop_nulls().to_list()
    changes = plan_entity_changes(previewed.rows, existing_records(session, entity, keys, custom), entity, custom)
    changes = resolve_conflicts(changes, plan.conflict_policy, plan.decisions_for(entity.name)).plan
    if changes.fingerprint != previewed.plan_fingerprint:
        raise CommitRefusedError(
            f"{entity.label} records changed since session {plan.session_id} was previewed; "
            "preview again, check the changes, then commit."
        )
    return write_entity_plan(session, changes, plan.session_id)


def _finish(
    session: Session,
    plan: CommitPlan,
    results: dict[str, EntityWriteResult],
    created: dict[str, list[str]],
    actor: str,
) -> CommitResult:
    """Remember the mappings, mark the session committed and audit the decisions and counts."""
    for mapping in plan.mappings:
        remember_mapping(
            session, entity=mapping["entity"], signature=mapping["signature"],
            mapping=mapping["mapping"], session_id=plan.session_id,
        )
    rejected = {name: entity.rejected for name, entity in plan.entities.items()}
    skipped = {name: entity.skipped for name, entity in plan.entities.items()}
    result = CommitResult(plan.session_id, results, rejected, created, skipped)
    update_import_session(
        session, plan.session_id, status=SessionStatus.COMMITTED,
        result_json={"counts": result.counts(), "auto_created": created, "fingerprint": plan.fingerprint},
    )
    _audit_conflict_decisions(session, plan, actor)
    for name, counts in result.counts().items():
        record_event(
            session, actor=actor, action=AuditAction.COMMIT, entity=name,
            import_session_id=plan.session_id, payload=counts,
        )
    return result
