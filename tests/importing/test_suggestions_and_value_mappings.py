"""Suggestions awaiting acceptance and choice values matching no option, through the real pipeline and database."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import Engine, func, select

from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.importing.options import ImportOptions
from dealbrain.importing.pipeline import run_import
from dealbrain.importing.request import ImportRequestError
from dealbrain.importing.summary import import_summary
from dealbrain.ingest import UploadStore
from dealbrain.mapping import Bucket
from tests.importing.conftest import ADMIN
from tests.importing.passmark_files import passmark_records, passmark_workbook

CONDITIONS = ["Refurbished (Grade A)"] * 12 + ["Refurbished", "used", "New", "Renewed", "Mint"]


def _run(engine: Engine, store: UploadStore, session: str, **options):
    request = ImportOptions.parse({"commit": True, **options}).to_request(session, ADMIN.name)
    return run_import(request, engine, store, ADMIN)


def _count(engine: Engine, entity: str) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(ENTITY_MODELS[entity]))


def _columns(outcome, sheet: str) -> dict:
    typed = next(s for s in outcome.preview.sheets if s.name == sheet)
    return {column.column: column for column in typed.mapping.columns}


def test_suggestions_awaiting_acceptance_are_not_loaded_until_accepted(engine: Engine, upload_store: UploadStore, tmp_path: Path) -> None:
    path = passmark_workbook(tmp_path / "cpus.xlsx", cpus=40)
    first = _run(engine, upload_store, "s-wait", file=str(path))
    columns = _columns(first, "CPUs")
    assert columns["Single Thread Rating"].bucket is Bucket.SUGGESTED and not columns["Single Thread Rating"].applied
    assert columns["Cores/Threads"].awaiting_acceptance
    assert "cpu_mark_single" not in first.preview.entities["cpu"].rows.columns
    summary = import_summary("s-wait", first.preview, first.result, [])
    unloaded = {row["column"]: row["reason"] for row in summary["unloaded_columns"]}
    assert set(unloaded) == {"Single Thread Rating", "Cores/Threads", "Speed"}
    assert "awaiting acceptance" in unloaded["Single Thread Rating"]

    accepted = _run(
        engine, upload_store, "s-accept", file=str(path), conflict_policy="update",
        accept_suggestions=[{"sheet": "CPUs", "column": "Single Thread Rating"}],
    )
    assert _columns(accepted, "CPUs")["Single Thread Rating"].bucket is Bucket.MAPPED
    assert accepted.result.counts()["cpu"]["updated"] == 40
    record = passmark_records(1)[0]
    with transaction(engine) as session:
        stored = session.scalars(select(ENTITY_MODELS["cpu"]).where(ENTITY_MODELS["cpu"].name == record["name"])).one()
        assert stored.cpu_mark_single == int(record["thread"].replace(",", ""))


def test_accept_suggestions_true_in_the_options_accepts_every_one(tmp_path: Path) -> None:
    request = ImportOptions.parse({"file": str(tmp_path / "x.xlsx"), "accept_suggestions": True}).to_request("s", "alice")
    assert request.accepted_for("CPUs") is True
    with pytest.raises(ImportRequestError, match="accept_suggestions"):
        ImportOptions.parse({"file": "x.xlsx", "accept_suggestions": "yes please"})


def test_unknown_condition_values_are_proposed_with_rows_and_fail_until_mapped(engine: Engine, upload_store: UploadStore, tmp_path: Path) -> None:
    path = passmark_workbook(tmp_path / "deals.xlsx", cpus=5, conditions=CONDITIONS)
    blocked = _run(engine, upload_store, "s-unknown", file=str(path))
    assert blocked.result is None
    listing = next(s for s in blocked.preview.sheets if s.name == "Listings")
    proposals = {(row["value"], row["rows"], row["closest"]) for row in listing.unknown_choices}
    assert proposals == {("Refurbished (Grade A)", 12, "refurb"), ("Mint", 1, None)}
    failures = blocked.preview.failures.filter(pl.col("field") == "condition")
    assert failures.height == 13
    assert _count(engine, "listing") == 0

    mapped_one = _run(
        engine, upload_store, "s-half", file=str(path),
        value_mappings=[{"field": "condition", "values": {"Refurbished (Grade A)": "refurb"}}],
    )
    assert mapped_one.result is None  # "Mint" has no mapping: still a failure
    still = mapped_one.preview.failures.filter(pl.col("field") == "condition")["raw_value"].to_list()
    assert still == ["Mint"]

    loaded = _run(
        engine, upload_store, "s-mapped", file=str(path),
        value_mappings=[
            {"field": "condition", "values": {"Refurbished (Grade A)": "refurb"}},
            {"sheet": "Listings", "column": "condition", "values": {"mint": "used"}},
        ],
    )
    assert loaded.preview.blocking == [] and loaded.result.counts()["listing"]["inserted"] == len(CONDITIONS)
    with transaction(engine) as session:
        conditions = session.scalars(select(ENTITY_MODELS["listing"].condition)).all()
    assert sorted(set(conditions)) == ["new", "refurb", "used"] and conditions.count("refurb") == 14
    assert any("read as an option through a synonym or value_mappings" in note for note in loaded.preview.notes)


def test_refurbished_in_a_custom_choice_field_is_proposed_as_refurb_and_mapped(engine: Engine, upload_store: UploadStore, tmp_path: Path) -> None:
    grades = ["Refurbished"] * 12 + ["new"] * 5
    path = passmark_workbook(tmp_path / "graded.xlsx", cpus=5, conditions=["used"] * 17, extra={"Grade": grades})
    promote = [{"sheet": "Listings", "column": "Grade", "key": "grade", "type": "enum", "options": ["new", "refurb", "used"]}]
    blocked = _run(engine, upload_store, "s-grade", file=str(path), promote_columns=promote)
    listing = next(s for s in blocked.preview.sheets if s.name == "Listings")
    assert listing.unknown_choices == [
        {"sheet": "Listings", "column": "Grade", "field": "grade", "value": "Refurbished", "rows": 12, "closest": "refurb"}
    ]
    accepted = _run(
        engine, upload_store, "s-grade-2", file=str(path), promote_columns=promote,
        value_mappings=[{"field": "grade", "values": {"Refurbished": "refurb"}}],
    )
    assert accepted.result.counts()["listing"]["inserted"] == 17


def test_a_mapping_to_a_value_that_is_no_option_is_refused_before_anything_is_written(engine: Engine, upload_store: UploadStore, tmp_path: Path) -> None:
    path = passmark_workbook(tmp_path / "deals.xlsx", cpus=5, conditions=CONDITIONS)
    for mappings, message in (
        ([{"field": "condition", "values": {"Mint": "pristine"}}], "'pristine', which is not an option of condition"),
        ([{"field": "price_usd", "values": {"a": "b"}}], "'price_usd' is not an enum or multi_enum field"),
        ([{"sheet": "Listings", "column": "Condition?", "values": {"a": "new"}}], "has no column 'Condition\\?'"),
    ):
        with pytest.raises(ImportRequestError, match=message):
            _run(engine, upload_store, "s-bad", file=str(path), value_mappings=mappings)
    assert _count(engine, "cpu") == 0 and _count(engine, "listing") == 0


@pytest.mark.parametrize(
    ("policy", "outcomes", "headline"),
    [
        ("error", ["blocks", "blocks"], "they block the commit"),
        ("first", ["kept", "dropped"], "the first row of each is kept, 1 dropped"),
        ("last", ["dropped", "kept"], "the last row of each is kept, 1 dropped"),
    ],
)
def test_the_duplicates_table_says_what_the_policy_does(
    engine: Engine, upload_store: UploadStore, tmp_path: Path, policy: str, outcomes: list[str], headline: str
) -> None:
    from tests.importing.passmark_files import cpu_rows
    from tests.importing.workbooks import write_xlsx

    rows = cpu_rows(passmark_records(3))
    path = write_xlsx(tmp_path / "dupes.xlsx", {"CPUs": [*rows, rows[1]]})
    outcome = _run(engine, upload_store, f"s-dup-{policy}", file=str(path), on_duplicate=policy)
    report = outcome.preview.entities["cpu"].duplicates
    assert report.table()["outcome"].to_list() == outcomes
    assert headline in report.headline
    summary = import_summary("s", outcome.preview, outcome.result, [])
    assert [row["outcome"] for row in summary["duplicate_rows"]["cpu"]["rows"]] == outcomes
    assert summary["on_duplicate"] == policy


def test_an_accepted_cores_threads_column_is_split_into_both_fields(engine: Engine, upload_store: UploadStore, tmp_path: Path) -> None:
    from tests.importing.passmark_files import cpu_rows
    from tests.importing.workbooks import write_xlsx

    records = passmark_records(12)
    rows = [[row[0], row[1], row[5]] for row in cpu_rows(records)]  # Name, CPU Mark, Cores/Threads
    rows[3][2] = "eight"
    path = write_xlsx(tmp_path / "pairs.xlsx", {"CPUs": rows})
    outcome = _run(engine, upload_store, "s-pairs", file=str(path), accept_suggestions=True, on_invalid="skip")
    column = _columns(outcome, "CPUs")["Cores/Threads"]
    assert (column.bucket, column.fields) == (Bucket.MAPPED, ("cores", "threads"))
    assert outcome.result.counts()["cpu"]["inserted"] == 11
    [failure] = outcome.preview.failures.filter(pl.col("field") == "cores").to_dicts()
    assert (failure["column"], failure["__source_row__"], failure["raw_value"]) == ("Cores/Threads", 4, "eight")
    stored = {}
    with transaction(engine) as session:
        for cpu in session.scalars(select(ENTITY_MODELS["cpu"])):
            stored[cpu.name] = (cpu.cores, cpu.threads)
    for record in records[:2] + records[3:]:
        cores = int(record["cores"])
        assert stored[record["name"]] == (cores, cores * int(record["logicals"]))
    assert any("split at '/' into cores and threads" in note for note in outcome.preview.notes)


def test_an_accepted_column_is_suggested_again_in_a_file_with_other_headers(engine: Engine, upload_store: UploadStore, tmp_path: Path) -> None:
    from tests.importing.passmark_files import cpu_rows
    from tests.importing.workbooks import write_xlsx

    first = _run(engine, upload_store, "s-teach", file=str(passmark_workbook(tmp_path / "a.xlsx", cpus=10)), accept_suggestions=True)
    assert first.result is not None
    rows = [row[:3] for row in cpu_rows(passmark_records(12))]  # Name, CPU Mark, Single Thread Rating: other headers
    later = _run(engine, upload_store, "s-recall", file=str(write_xlsx(tmp_path / "b.xlsx", {"CPUs": rows})), conflict_policy="update")
    rating = _columns(later, "CPUs")["Single Thread Rating"]
    assert (rating.bucket, rating.field, rating.applied) == (Bucket.SUGGESTED, "cpu_mark_single", True)
    assert rating.rationale == (
        "'Single Thread Rating' was loaded into field 'cpu_mark_single' in session s-teach (a sheet with other headers)"
    )
    assert later.result.counts()["cpu"]["inserted"] == 2
