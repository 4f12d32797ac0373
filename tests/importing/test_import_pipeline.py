"""The domain pipeline end to end on real files and a real database (SQLite, or PostgreSQL in CI)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine, select, text

from dealbrain.audit import AuditAction, AuditFilter, query_events
from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.db.models import CustomFieldDefinition, ImportChange, ImportSession
from dealbrain.importing.conflicts import ConflictPolicy
from dealbrain.importing.request import (
    ColumnPromotion,
    DuplicatePolicy,
    InvalidRowPolicy,
)
from dealbrain.specs import FieldType, UnknownEntityError
from dealbrain.importing.policies import UnknownComponentPolicy
from tests.importing.conftest import ImportRunner
from tests.importing.workbooks import (
    CPU_HEADER,
    CPU_ROWS,
    reference_workbook,
    write_csv,
    write_xlsx,
)

CpuRecord, ListingRecord = ENTITY_MODELS["cpu"], ENTITY_MODELS["listing"]


def _rows(engine: Engine, model: type, order_by: str = "id") -> list[dict]:
    with transaction(engine) as session:
        records = session.scalars(select(model).order_by(text(order_by))).all()
        return [{c.name: getattr(r, c.key) for c in model.__table__.columns} for r in records]


def test_multi_sheet_workbook_loads_in_dependency_order_with_coerced_values(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    outcome = run(reference_workbook(tmp_path / "reference.xlsx"))

    assert outcome.preview.blocking == []
    assert outcome.result.counts()["cpu"] == {"inserted": 3, "updated": 0, "unchanged": 0, "skipped": 0, "rejected": 0}
    assert outcome.result.counts()["listing"]["inserted"] == 2
    cpus = {row["name"]: row for row in _rows(engine, CpuRecord)}
    assert cpus["Intel Core i7-8700"]["cpu_mark_multi"] == 13875
    assert cpus["Intel Core i7-8700"]["tdp_w"] == 65.0
    assert cpus["AMD Ryzen 5 5600G"]["cpu_mark_single"] == 3215
    listings = {row["title"]: row for row in _rows(engine, ListingRecord)}
    beelink = listings["Beelink SER5"]
    assert beelink["price_usd"] == 1064.0
    assert (beelink["ram_gb"], beelink["primary_storage_gb"]) == (16, 1000)
    assert beelink["cpu_id"] == cpus["AMD Ryzen 5 5600G"]["id"]
    assert beelink["gpu_id"] is None
    assert listings["OptiPlex 7060 SFF"]["condition"] == "refurb"


def test_every_written_record_is_traced_to_its_sheet_and_row(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    outcome = run(reference_workbook(tmp_path / "reference.xlsx"))
    with transaction(engine) as session:
        changes = session.scalars(select(ImportChange).where(ImportChange.session_id == outcome.result.session_id)).all()
        provenance = {(c.entity, c.sheet, c.source_row) for c in changes}
    assert ("cpu", "CPUs", 2) in provenance and ("listing", "Listings", 3) in provenance
    assert len(changes) == 3 + 2 + 2


def test_running_the_same_file_again_changes_nothing(run: ImportRunner, tmp_path: Path) -> None:
    path = reference_workbook(tmp_path / "reference.xlsx")
    run(path)
    again = run(path)
    assert all(c["inserted"] == 0 and c["updated"] == 0 for c in again.result.counts().values())
    assert again.result.counts()["cpu"]["unchanged"] == 3
    assert not again.result.changed_anything
    assert any("uploaded before" in warning for warning in again.preview.warnings)


def test_changed_values_update_records_and_blank_cells_keep_stored_values(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    run(write_xlsx(tmp_path / "v1.xlsx", {"CPUs": [CPU_HEADER, *CPU_ROWS]}))
    changed = [["Intel Core i7-8700", None, 6, 12, "65 W", "14,000", 2630, 2017], *CPU_ROWS[1:]]
    outcome = run(write_xlsx(tmp_path / "v2.xlsx", {"CPUs": [CPU_HEADER, *changed]}), conflict_policy=ConflictPolicy.UPDATE)

    assert outcome.result.counts()["cpu"] == {"inserted": 0, "updated": 1, "unchanged": 2, "skipped": 0, "rejected": 0}
    i7 = next(row for row in _rows(engine, CpuRecord) if row["name"] == "Intel Core i7-8700")
    assert i7["cpu_mark_multi"] == 14000
    assert i7["manufacturer"] == "Intel"


def test_promoted_column_becomes_a_custom_field_stored_in_attributes(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    rows = [[*CPU_HEADER, "L3 Cache"], *[[*row, size] for row, size in zip(CPU_ROWS, (12, 16, 18), strict=True)]]
    path = write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": rows})
    promotion = ColumnPromotion("CPUs", "L3 Cache", "l3_cache_mb", "L3 cache (MB)", FieldType.INTEGER)

    outcome = run(path, promotions=(promotion,))

    assert outcome.preview.created_fields == ["cpu.l3_cache_mb"]
    attributes = {row["name"]: row["attributes_json"] for row in _rows(engine, CpuRecord)}
    assert attributes["AMD Ryzen 5 5600G"] == {"l3_cache_mb": 16}
    with transaction(engine) as session:
        definition = session.scalars(select(CustomFieldDefinition)).one()
        events = query_events(session, AuditFilter(action=AuditAction.CUSTOM_FIELD_CREATED))
    assert (definition.key, definition.data_type, definition.is_active) == ("l3_cache_mb", "integer", True)
    assert len(events) == 1


def test_invalid_rows_block_the_commit_and_land_in_the_error_workbook(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    rows = [CPU_HEADER, CPU_ROWS[0], ["Broken CPU", "Intel", "six", 12, "65 W", "@SUM(1+1)", 100, 2017], CPU_ROWS[2]]
    path = write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": rows})

    outcome = run(path)

    assert outcome.result is None
    assert any("1 row(s) failed validation" in reason for reason in outcome.preview.blocking)
    failures = outcome.preview.failures
    assert failures.filter(pl.col("column") == "Cores")["raw_value"].to_list() == ["six"]
    assert set(failures["__source_row__"].to_list()) == {3}
    assert _rows(engine, CpuRecord) == []
    sheet = load_workbook(outcome.preview.error_workbook)["CPUs"]
    header = [cell.value for cell in sheet[1]]
    assert header[-1] == "errors" and sheet.cell(2, 1).value == 3
    cores = sheet.cell(2, header.index("Cores") + 1)
    assert cores.value == "six" and cores.fill.fgColor.rgb.endswith("F4CCCC")
    formula_like = sheet.cell(2, header.index("CPU Mark") + 1)
    assert formula_like.value == "@SUM(1+1)" and formula_like.data_type == "s" and formula_like.quotePrefix


def test_invalid_rows_can_be_skipped_and_are_reported(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    rows = [CPU_HEADER, CPU_ROWS[0], ["Broken CPU", "Intel", -4, 12, "65 W", 100, 100, 2017]]
    outcome = run(write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": rows}), on_invalid=InvalidRowPolicy.SKIP)
    assert outcome.result.counts()["cpu"] == {"inserted": 1, "updated": 0, "unchanged": 0, "skipped": 0, "rejected": 1}
    assert [row["name"] for row in _rows(engine, CpuRecord)] == ["Intel Core i7-8700"]


@pytest.mark.parametrize(("policy", "kept_mark"), [(DuplicatePolicy.FIRST, 13875), (DuplicatePolicy.LAST, 99999)])
def test_duplicate_names_keep_the_row_the_policy_names(run: ImportRunner, engine: Engine, tmp_path: Path, policy: DuplicatePolicy, kept_mark: int) -> None:
    rows = [CPU_HEADER, CPU_ROWS[0], CPU_ROWS[1], ["intel core i7-8700 ", "Intel", 6, 12, 65, 99999, 1, 2017]]
    outcome = run(write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": rows}), on_duplicate=policy)
    assert outcome.preview.entities["cpu"].duplicates.rows.height == 2
    marks = {row["name"].lower().strip(): row["cpu_mark_multi"] for row in _rows(engine, CpuRecord)}
    assert marks["intel core i7-8700"] == kept_mark and len(marks) == 2


def test_duplicate_names_block_the_commit_by_default(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    rows = [CPU_HEADER, CPU_ROWS[0], CPU_ROWS[0]]
    outcome = run(write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": rows}))
    assert outcome.result is None
    assert any("appear on more than one row" in reason and "on_duplicate" in reason for reason in outcome.preview.blocking)
    assert _rows(engine, CpuRecord) == []


def test_listing_naming_an_unknown_gpu_lists_it_for_creation_and_blocks_by_default(
    run: ImportRunner, engine: Engine, tmp_path: Path
) -> None:
    rows = [["Title", "Price", "GPU"], ["Mystery box", 100, "Voodoo 9 Ultra"]]
    outcome = run(write_xlsx(tmp_path / "listings.xlsx", {"Listings": rows}))
    assert outcome.result is None and outcome.preview.failures.is_empty()
    [created] = outcome.preview.created_records()
    assert (created["entity"], created["name"], created["values"], created["decision"]) == ("gpu", "Voodoo 9 Ultra", {}, "blocked")
    [reason] = outcome.preview.blocking
    assert "'Voodoo 9 Ultra' (sheet 'Listings' row(s) 2)" in reason and "on_unknown_component: create" in reason
    assert _rows(engine, ListingRecord) == []


def test_cpus_named_by_listings_are_matched_or_created(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    run(write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": [CPU_HEADER, *CPU_ROWS]}))
    rows = [
        ["Title", "Price", "CPU"],
        ["Dell with i7", 300, "Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz"],
        ["Mystery box", 100, "Intel Core i9-99999K"],
    ]
    outcome = run(write_xlsx(tmp_path / "listings.xlsx", {"Listings": rows}), on_unknown_component=UnknownComponentPolicy.CREATE)

    matches = {m["name"]: m for m in outcome.preview.entities["listing"].components.matches.to_dicts()}
    assert matches["Intel(R) Core(TM) i7-8700 CPU @ 3.20GHz"]["matched"] == "Intel Core i7-8700"
    assert matches["Intel Core i9-99999K"]["status"] == "unmatched"
    assert outcome.result.auto_created == {"cpu": ["Intel Core i9-99999K"]}
    cpus = {row["name"]: row for row in _rows(engine, CpuRecord)}
    created = cpus["Intel Core i9-99999K"]
    assert created["attributes_json"] == {"auto_created_from_import": outcome.result.session_id}
    listings = {row["title"]: row["cpu_id"] for row in _rows(engine, ListingRecord)}
    assert listings == {"Dell with i7": cpus["Intel Core i7-8700"]["id"], "Mystery box": created["id"]}


def test_missing_required_column_blocks_with_its_name(run: ImportRunner, tmp_path: Path) -> None:
    rows = [["Title", "CPU"], ["Box", None]]
    outcome = run(write_xlsx(tmp_path / "listings.xlsx", {"Listings": rows}), declared_entities={"Listings": "listing"})
    assert any("price_usd" in reason and "have no column" in reason for reason in outcome.preview.blocking)


def test_unknown_declared_entity_is_refused_with_the_valid_names(run: ImportRunner, tmp_path: Path) -> None:
    with pytest.raises(UnknownEntityError, match="valid entities are: cpu, gpu"):
        run(reference_workbook(tmp_path / "r.xlsx"), declared_entities={"CPUs": "processor_thing"})


def test_declaration_contradicting_the_headers_is_warned_and_audited(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    outcome = run(write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": [CPU_HEADER, *CPU_ROWS]}), declared_entities={"CPUs": "gpu"}, commit=False)
    assert any("Declared as GPU" in w and "look like CPU" in w for w in outcome.preview.warnings)
    with transaction(engine) as session:
        events = query_events(session, AuditFilter(action=AuditAction.DECLARED_ENTITY_MISMATCH))
        stored = session.get(ImportSession, outcome.preview.session_id).declared_entities_json
    assert events[0].payload_json["declared"] == "gpu" and events[0].payload_json["inferred"] == "cpu"
    assert stored["CPUs"]["entity"] == "gpu" and stored["CPUs"]["declared"] is True


def test_a_confirmed_mapping_is_remembered_for_the_same_headers(run: ImportRunner, tmp_path: Path) -> None:
    rows = [[*CPU_HEADER, "Internal code"], *[[*row, "X1"] for row in CPU_ROWS]]
    first = run(write_xlsx(tmp_path / "a.xlsx", {"CPUs": rows}), mapping_overrides={"CPUs": {"Threads": None}})
    second = run(write_xlsx(tmp_path / "b.xlsx", {"CPUs": rows}), commit=False)
    threads = next(c for c in second.preview.sheets[0].mapping.columns if c.column == "Threads")
    assert threads.field is None and first.result.session_id in threads.rationale


def test_csv_is_one_sheet_named_after_the_file(run: ImportRunner, engine: Engine, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "cpu_export.csv", [CPU_HEADER, *CPU_ROWS], delimiter=";")
    outcome = run(path, declared_entities={"cpu_export": "cpu"})
    assert [s.name for s in outcome.preview.resolution] == ["cpu_export"]
    assert len(_rows(engine, CpuRecord)) == 3
