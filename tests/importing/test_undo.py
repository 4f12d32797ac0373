"""Undo of a committed import: in the domain, through the CLI and as a Dagster asset (SQLite or PostgreSQL)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
from sqlalchemy import Engine, select, text

from assets.session_partitions import import_sessions
from assets.undo_assets import UndoConfig, undone_import
from dealbrain.audit import AuditAction, AuditFilter, query_events
from dealbrain.auth import Actor, PermissionDeniedError, Role
from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.db.models import ImportSession
from dealbrain.importing.commit_plan import commit_plan_from
from dealbrain.importing.conflicts import ConflictPolicy
from dealbrain.importing.request import ColumnPromotion
from dealbrain.importing.stages.commit import CommitRefusedError, commit_preview
from dealbrain.importing.undo import UndoRefusedError, undo_import
from dealbrain.settings import ImporterSettings
from dealbrain.specs import FieldType
from pipelines.resources import build_resources
from dealbrain.importing.policies import UnknownComponentPolicy
from tests.conftest import CliInvoke
from tests.importing.conftest import ImportRunner
from tests.importing.workbooks import (
    CPU_HEADER,
    CPU_ROWS,
    LISTING_HEADER,
    reference_workbook,
    write_xlsx,
)

OPERATOR = Actor("olga", Role.OPERATOR)
UPDATE = ConflictPolicy.UPDATE
"""Later imports overwrite the records they change (without a policy, changing a stored record blocks the commit)."""
TIMESTAMPS = {"created_at", "updated_at"}


def _records(engine: Engine, entity: str) -> dict[str, dict[str, Any]]:
    """Every stored record of ``entity`` by name (title for listings), without timestamps."""
    model = ENTITY_MODELS[entity]
    key = "title" if entity == "listing" else "name"
    with transaction(engine) as session:
        rows = session.scalars(select(model)).all()
        return {
            getattr(row, key): {c.name: getattr(row, c.key) for c in model.__table__.columns if c.name not in TIMESTAMPS}
            for row in rows
        }


def _status(engine: Engine, session_id: str) -> tuple[str, dict[str, Any]]:
    with transaction(engine) as session:
        record = session.get(ImportSession, session_id)
        return record.status, record.result_json


def _cpus(path: Path, rows: list[list[Any]] = CPU_ROWS) -> Path:
    return write_xlsx(path, {"CPUs": [CPU_HEADER, *rows]})


def _changed_i7(mark: int) -> list[list[Any]]:
    return [["Intel Core i7-8700", "Intel", 6, 12, "65 W", mark, 2630, 2017], *CPU_ROWS[1:]]


def test_undo_after_insert_deletes_every_record_and_marks_the_session(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    session_id = run(reference_workbook(tmp_path / "r.xlsx")).result.session_id

    result = undo_import(engine, OPERATOR, session_id)

    assert result.deleted == {"cpu": 3, "gpu": 2, "listing": 2}
    assert result.restored == {"cpu": 0, "gpu": 0, "listing": 0} and result.skipped == []
    assert all(_records(engine, entity) == {} for entity in ("cpu", "gpu", "listing"))
    status, stored = _status(engine, session_id)
    assert status == "undone"
    assert stored["undo"]["counts"]["cpu"] == {"deleted": 3, "restored": 0, "skipped": 0}
    assert stored["counts"]["cpu"]["inserted"] == 3, "the commit's own result is kept"


def test_undo_after_update_restores_values_references_and_attributes_exactly(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    cache = ColumnPromotion("CPUs", "L3 Cache", "l3_cache_mb", "L3 cache (MB)", FieldType.INTEGER)
    first_rows = [[*CPU_HEADER, "L3 Cache"], *[[*row, size] for row, size in zip(CPU_ROWS, (12, 16, 18), strict=True)]]
    listing = ["OptiPlex 7060 SFF", 320, "refurb", "Intel Core i7-8700", None, "32GB", "512 GB"]
    run(write_xlsx(tmp_path / "v1.xlsx", {"CPUs": first_rows, "Listings": [LISTING_HEADER, listing]}), promotions=(cache,))
    before = {entity: _records(engine, entity) for entity in ("cpu", "listing")}

    boost = ColumnPromotion("CPUs", "Boost", "boost_ghz", "Boost (GHz)", FieldType.NUMBER)
    second_rows = [
        [*CPU_HEADER, "L3 Cache", "Boost"],
        ["Intel Core i7-8700", None, 6, 12, "95 W", 14000, 2630, 2018, 24, 4.6],
        [*CPU_ROWS[1], 32, None],
    ]
    moved = ["OptiPlex 7060 SFF", 299, "used", "AMD Ryzen 5 5600G", None, "16GB", "512 GB"]
    second = run(
        write_xlsx(tmp_path / "v2.xlsx", {"CPUs": second_rows, "Listings": [LISTING_HEADER, moved]}),
        promotions=(cache, boost),
        conflict_policy=UPDATE,
    )
    assert second.result.counts()["cpu"]["updated"] == 2 and second.result.counts()["listing"]["updated"] == 1
    i7 = _records(engine, "cpu")["Intel Core i7-8700"]
    assert i7["cpu_mark_multi"] == 14000 and i7["attributes_json"] == {"l3_cache_mb": 24, "boost_ghz": 4.6}

    result = undo_import(engine, OPERATOR, second.result.session_id)

    assert result.restored == {"cpu": 2, "listing": 1} and result.deleted == {"cpu": 0, "listing": 0}
    assert {entity: _records(engine, entity) for entity in ("cpu", "listing")} == before


def test_undo_removes_the_cpus_a_listing_import_created(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    run(_cpus(tmp_path / "cpus.xlsx"))
    rows = [["Title", "Price", "CPU"], ["Dell with i7", 300, "Intel Core i7-8700"], ["Mystery box", 100, "Intel Core i9-99999K"]]
    listings = run(
        write_xlsx(tmp_path / "listings.xlsx", {"Listings": rows}), on_unknown_component=UnknownComponentPolicy.CREATE
    ).result
    assert listings.auto_created == {"cpu": ["Intel Core i9-99999K"]}

    result = undo_import(engine, OPERATOR, listings.session_id)

    assert result.deleted == {"cpu": 1, "listing": 2}
    assert sorted(_records(engine, "cpu")) == sorted(row[0] for row in CPU_ROWS)
    assert _records(engine, "listing") == {}


def test_a_record_changed_by_a_later_import_blocks_the_undo_or_is_skipped(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    first = run(_cpus(tmp_path / "v1.xlsx")).result.session_id
    later = run(_cpus(tmp_path / "v2.xlsx", _changed_i7(15000)), conflict_policy=UPDATE).result.session_id

    with pytest.raises(UndoRefusedError, match="1 record") as refusal:
        undo_import(engine, OPERATOR, first)
    assert f"CPU 'Intel Core i7-8700' (insert): changed later by an import or a record edit (session {later})" in str(refusal.value)
    assert "--only-untouched" in str(refusal.value)
    assert len(_records(engine, "cpu")) == 3 and _status(engine, first)[0] == "committed"

    result = undo_import(engine, OPERATOR, first, only_untouched=True)

    assert result.deleted == {"cpu": 2}
    assert result.skipped == [{
        "entity": "cpu", "record_id": result.skipped[0]["record_id"], "name": "Intel Core i7-8700",
        "operation": "insert", "reason": "changed later by an import or a record edit", "sessions": [later],
    }]
    assert list(_records(engine, "cpu")) == ["Intel Core i7-8700"]
    assert _records(engine, "cpu")["Intel Core i7-8700"]["cpu_mark_multi"] == 15000
    assert _status(engine, first)[1]["undo"]["skipped_total"] == 1


def test_undoing_the_later_import_first_lets_the_earlier_one_go_entirely(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    first = run(_cpus(tmp_path / "v1.xlsx")).result.session_id
    later = run(_cpus(tmp_path / "v2.xlsx", _changed_i7(15000)), conflict_policy=UPDATE).result.session_id

    assert undo_import(engine, OPERATOR, later).restored == {"cpu": 1}
    assert _records(engine, "cpu")["Intel Core i7-8700"]["cpu_mark_multi"] == 13875
    assert undo_import(engine, OPERATOR, first).deleted == {"cpu": 3}
    assert _records(engine, "cpu") == {}


def test_an_inserted_cpu_named_by_another_imports_listing_is_touched(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    cpus = run(_cpus(tmp_path / "cpus.xlsx")).result.session_id
    rows = [["Title", "Price", "CPU"], ["Dell with i7", 300, "Intel Core i7-8700"]]
    listings = run(write_xlsx(tmp_path / "listings.xlsx", {"Listings": rows})).result.session_id

    with pytest.raises(UndoRefusedError) as refusal:
        undo_import(engine, OPERATOR, cpus)
    assert f"CPU 'Intel Core i7-8700' (insert): named by Listing 'Dell with i7' (session {listings})" in str(refusal.value)

    result = undo_import(engine, OPERATOR, cpus, only_untouched=True)
    assert result.deleted == {"cpu": 2} and [item["name"] for item in result.skipped] == ["Intel Core i7-8700"]
    assert _records(engine, "listing")["Dell with i7"]["cpu_id"] == _records(engine, "cpu")["Intel Core i7-8700"]["id"]


def test_a_before_value_naming_a_vanished_record_refuses_the_undo(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    run(_cpus(tmp_path / "cpus.xlsx"))
    header = ["Title", "Price", "CPU"]
    run(write_xlsx(tmp_path / "l1.xlsx", {"Listings": [header, ["Dell", 300, "Intel Core i7-8700"]]}))
    moved_rows = [header, ["Dell", 300, "Intel Core i5-12400"]]
    moved = run(write_xlsx(tmp_path / "l2.xlsx", {"Listings": moved_rows}), conflict_policy=UPDATE).result
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM cpu WHERE name = 'Intel Core i7-8700'"))

    with pytest.raises(UndoRefusedError, match="Listing 'Dell' named CPU 'Intel Core i7-8700' before the import"):
        undo_import(engine, OPERATOR, moved.session_id)
    assert _status(engine, moved.session_id)[0] == "committed"


def test_an_undo_cannot_be_applied_twice_nor_to_a_session_never_committed(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    session_id = run(_cpus(tmp_path / "cpus.xlsx")).result.session_id
    undo_import(engine, OPERATOR, session_id)
    with pytest.raises(UndoRefusedError, match=f"already undone by {OPERATOR.name}; an undo cannot be applied twice"):
        undo_import(engine, OPERATOR, session_id)

    previewed = run(_cpus(tmp_path / "again.xlsx"), commit=False).preview.session_id
    with pytest.raises(UndoRefusedError, match="never committed"):
        undo_import(engine, OPERATOR, previewed)
    with pytest.raises(UndoRefusedError, match="does not exist"):
        undo_import(engine, OPERATOR, "no-such-session")


def test_an_analyst_is_refused_and_the_refusal_is_audited(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    session_id = run(_cpus(tmp_path / "cpus.xlsx")).result.session_id

    with pytest.raises(PermissionDeniedError, match="may not undo an import"):
        undo_import(engine, Actor("anna", Role.ANALYST), session_id)

    assert len(_records(engine, "cpu")) == 3 and _status(engine, session_id)[0] == "committed"
    with transaction(engine) as session:
        (denied,) = query_events(session, AuditFilter(action=AuditAction.PERMISSION_DENIED))
        assert (denied.actor, denied.session_id, denied.payload_json["permission"]) == ("anna", session_id, "undo_import")


def test_the_undo_is_audited_with_the_counts_of_the_entities_it_changed(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    run(_cpus(tmp_path / "v1.xlsx"))  # the later import finds its CPUs unchanged, so it wrote none
    later = run(reference_workbook(tmp_path / "r.xlsx")).result.session_id

    undo_import(engine, OPERATOR, later)

    with transaction(engine) as session:
        (event,) = query_events(session, AuditFilter(action=AuditAction.UNDO))
        assert (event.actor, event.session_id) == (OPERATOR.name, later)
        assert event.payload_json["counts"] == {
            "gpu": {"deleted": 2, "restored": 0, "skipped": 0},
            "listing": {"deleted": 2, "restored": 0, "skipped": 0},
        }


# --- the command line ---------------------------------------------------------------------------------------


def test_cli_undo_prints_counts_then_refuses_a_second_time(cli: CliInvoke, run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    session_id = run(reference_workbook(tmp_path / "r.xlsx")).result.session_id

    done = cli("undo", session_id, "--json")
    assert done.exit_code == 0, done.output
    summary = json.loads(done.stdout)
    assert summary["status"] == "undone" and summary["counts"]["listing"] == {"deleted": 2, "restored": 0, "skipped": 0}
    assert _records(engine, "cpu") == {}

    again = cli("undo", session_id)
    assert again.exit_code == 1 and "cannot be applied twice" in again.output


def test_cli_only_untouched_reports_what_it_kept(cli: CliInvoke, run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    first = run(_cpus(tmp_path / "v1.xlsx")).result.session_id
    run(_cpus(tmp_path / "v2.xlsx", _changed_i7(15000)), conflict_policy=UPDATE)

    refused = cli("undo", first)
    assert refused.exit_code == 1 and "Intel Core i7-8700" in refused.output

    kept = cli("undo", first, "--only-untouched")
    assert kept.exit_code == 0, kept.output
    assert "2 deleted" in kept.output and "Kept 1 record" in kept.output and "Intel Core i7-8700" in kept.output


def test_cli_usage_errors_exit_2(cli: CliInvoke) -> None:
    assert cli("undo").exit_code == 2
    assert cli("undo", "  ").exit_code == 2


# --- the Dagster asset --------------------------------------------------------------------------------------


def _materialize(settings: ImporterSettings, session_id: str, config: UndoConfig) -> dg.ExecuteInProcessResult:
    instance = dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(import_sessions.name, [session_id])
    return dg.materialize(
        [undone_import], instance=instance, partition_key=session_id, resources=build_resources(settings),
        run_config=dg.RunConfig({"undone_import": config}), raise_on_error=False,
    )


@pytest.mark.slow
def test_asset_undoes_the_partition_and_shows_the_counts(
    run: ImportRunner, engine: Engine, settings: ImporterSettings, tmp_path: Path
) -> None:
    first = run(_cpus(tmp_path / "v1.xlsx")).result.session_id
    later = run(_cpus(tmp_path / "v2.xlsx", _changed_i7(15000)), conflict_policy=UPDATE).result.session_id

    refused = _materialize(settings, first, UndoConfig())
    assert not refused.success
    failure = next(e for e in refused.all_events if e.event_type is dg.DagsterEventType.STEP_FAILURE)
    assert "changed later by an import or a record edit" in failure.step_failure_data.user_failure_data.description

    done = _materialize(settings, first, UndoConfig(only_untouched=True))
    assert done.success
    undone, table = done.asset_materializations_for_node("undone_import")[-1], "cpu"
    metadata = {name: value.value for name, value in undone.metadata.items()}
    (cpu_event,) = [m for m in done.asset_materializations_for_node("undone_import") if m.asset_key.path == [table]]
    assert cpu_event.metadata["deleted"].value == 2 and cpu_event.metadata["undone_session"].value == first
    assert "| cpu | 2 | 0 | 1 |" in metadata["counts"]
    assert "Intel Core i7-8700" in metadata["skipped"] and later in metadata["skipped"]
    assert metadata["deleted"] == 2 and metadata["skipped_total"] == 1
    assert _status(engine, first)[0] == "undone"


def test_a_committed_session_cannot_be_committed_again(run, engine, tmp_path) -> None:
    outcome = run(reference_workbook(tmp_path / "again.xlsx"))
    with pytest.raises(CommitRefusedError, match="already committed"):
        commit_preview(commit_plan_from(outcome.preview), engine)


def test_undo_puts_back_only_the_attributes_the_session_changed(run, engine, tmp_path) -> None:
    from dealbrain.customfields import CustomFieldService

    header = ["CPU Name", "Cores", "Tier"]
    tier = (ColumnPromotion("CPUs", "Tier", "tier", "Tier", FieldType.STRING),)
    run(write_xlsx(tmp_path / "v1.xlsx", {"CPUs": [header, ["Chip", 4, "low"]]}), promotions=tier)
    second = run(write_xlsx(tmp_path / "v2.xlsx", {"CPUs": [header[:2], ["Chip", 8]]}), conflict_policy=UPDATE)
    admin = Actor("alice", Role.ADMIN)
    CustomFieldService(engine, admin).delete("cpu", "tier", hard=True)

    undo_import(engine, admin, second.result.session_id)

    with transaction(engine) as session:
        chip = session.scalars(select(ENTITY_MODELS["cpu"])).one()
    assert (chip.cores, chip.attributes_json) == (4, {})


def test_undo_after_a_merge_restores_the_records_exactly(run, engine, tmp_path) -> None:
    header = ["CPU Name", "Manufacturer", "Socket", "Cache"]
    cache = (ColumnPromotion("CPUs", "Cache", "cache_mb", "Cache", FieldType.INTEGER),)
    run(write_xlsx(tmp_path / "v1.xlsx", {"CPUs": [header, ["Chip", "Acme", None, 12], ["Other", None, "AM4", None]]}), promotions=cache)
    before = _records(engine, "cpu")
    incoming = [header, ["Chip", "Zeta", "LGA1700", 16], ["Other", "Acme", "AM5", 8]]
    merged = run(write_xlsx(tmp_path / "v2.xlsx", {"CPUs": incoming}), promotions=cache, conflict_policy=ConflictPolicy.MERGE)
    after = _records(engine, "cpu")
    assert (after["Chip"]["socket"], after["Chip"]["manufacturer"], after["Other"]["attributes_json"]) == ("LGA1700", "Acme", {"cache_mb": 8})

    undo_import(engine, OPERATOR, merged.result.session_id)

    assert _records(engine, "cpu") == before
