"""A CSV, TSV or JSON Lines file read in batches imports exactly as the same file read whole (SQLite and PostgreSQL)."""

from __future__ import annotations

import csv
import itertools
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import Engine, func, select

from dealbrain.auth import Actor, Role
from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.db.models import ImportChange
from dealbrain.importing.conflicts import ConflictPolicy
from dealbrain.importing.policies import NearDuplicatePolicy
from dealbrain.importing.request import DuplicatePolicy, ImportRequest, InvalidRowPolicy
from dealbrain.importing.service import ImportService
from dealbrain.importing.stages.commit import CommitRefusedError
from dealbrain.ingest import ReadLimits, UploadStore

ADMIN = Actor("alice", Role.ADMIN)
WHOLE = ReadLimits()
BATCHED = ReadLimits(batch_above_bytes=1, batch_rows=7, batch_block_bytes=97)
"""Batches of 7 rows, read in blocks of 97 bytes: blocks end mid-batch and records span blocks."""
HEADER = ["CPU Name", "Manufacturer", "Cores", "Threads", "TDP", "CPU Mark", "Release Year", "Notes"]
_sessions = itertools.count(1)
Cpu = ENTITY_MODELS["cpu"]


def cpu_rows(count: int, *, bad: set[int] = frozenset(), repeat: dict[int, int] | None = None) -> list[list[str]]:
    """``count`` messy CPU rows; rows in ``bad`` fail validation, ``repeat`` maps a row to the row whose name it repeats."""
    rows = []
    for index in range(count):
        name = f"Test CPU {repeat[index] if repeat and index in repeat else index:04d}"
        rows.append([
            name, "Intel" if index % 3 else "AMD", str(4 + index % 8), "NA" if index % 5 == 0 else str(8 + index % 8),
            f"{35 + index % 90} W", f"{10_000 + index:,}", "lots" if index in bad else str(2010 + index % 15),
            "note, with comma" if index % 4 == 0 else 'two "quoted"\nlines' if index % 6 == 1 else "",
        ])
    return rows


def write_delimited(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, delimiter=delimiter)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def write_jsonl(path: Path, rows: list[list[str]]) -> Path:
    lines = [pl.DataFrame([dict(zip(HEADER, row))]).write_ndjson().strip() for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _service(engine: Engine, tmp_path: Path, limits: ReadLimits) -> ImportService:
    return ImportService(engine, UploadStore(tmp_path / "uploads"), limits)


def _request(path: Path, **options: object) -> ImportRequest:
    return ImportRequest(
        session_id=f"batched-{next(_sessions)}", actor=ADMIN.name, file_path=path, source_name=path.name,
        declared_entities={path.stem: "cpu"}, **options,
    )


def _sorted_failures(frame: pl.DataFrame) -> list[dict]:
    return frame.sort("__sheet__", "__source_row__", "column", "reason", nulls_last=True).to_dicts()


def _stored(engine: Engine) -> list[dict]:
    columns = [c for c in Cpu.__table__.columns if c.name not in ("id", "created_at", "updated_at")]
    with transaction(engine) as session:
        return [dict(row._mapping) for row in session.execute(select(*columns).order_by(Cpu.__table__.c.name))]


def _changes(engine: Engine, session_id: str) -> list[tuple]:
    with transaction(engine) as session:
        query = select(ImportChange.sheet, ImportChange.source_row, ImportChange.operation).where(ImportChange.session_id == session_id)
        return sorted(session.execute(query).all())


def _count(engine: Engine) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(Cpu.__table__))


def _both(engine: Engine, tmp_path: Path, path: Path, **options: object):
    """The file previewed whole and in batches (each into the database as it stands)."""
    whole = _service(engine, tmp_path, WHOLE).preview(ADMIN, _request(path, **options))
    batched = _service(engine, tmp_path, BATCHED).preview(ADMIN, _request(path, **options))
    return whole, batched


@pytest.mark.parametrize("kind", ["csv", "tsv"])
def test_batched_preview_and_commit_match_the_whole_file(engine: Engine, tmp_path: Path, kind: str) -> None:
    rows = cpu_rows(40, bad={3, 18, 33}, repeat={25: 2, 39: 11})
    path = write_delimited(tmp_path / f"cpus.{kind}", rows, "," if kind == "csv" else "\t")
    options = {"on_invalid": InvalidRowPolicy.SKIP, "on_duplicate": DuplicatePolicy.LAST, "conflict_policy": ConflictPolicy.UPDATE}
    whole, batched = _both(engine, tmp_path, path, **options)

    assert batched.batched and not whole.batched
    assert batched.blocking == whole.blocking == []
    assert batched.counts() == whole.counts()
    assert batched.counts()["cpu"] == {"insert": 35, "update": 0, "unchanged": 0, "skipped": 0, "rejected": 3, "duplicates": 2}
    assert _sorted_failures(batched.failures) == _sorted_failures(whole.failures)
    assert batched.entities["cpu"].duplicates.table().equals(whole.entities["cpu"].duplicates.table())
    assert batched.entities["cpu"].near_duplicates.within_file.equals(whole.entities["cpu"].near_duplicates.within_file)
    assert not any("near duplicates" in note for note in batched.notes)  # every check ran as on the whole file

    service = _service(engine, tmp_path, BATCHED)
    result = service.commit(ADMIN, batched.session_id)
    assert result.counts()["cpu"]["inserted"] == 35
    committed_batched, changes_batched = _stored(engine), _changes(engine, batched.session_id)

    # The same file again, whole, into a fresh table: the same records and the same changeset rows.
    with transaction(engine) as session:
        session.execute(ImportChange.__table__.delete())
        session.execute(Cpu.__table__.delete())
    again = _service(engine, tmp_path, WHOLE).preview(ADMIN, _request(path, **options))
    _service(engine, tmp_path, WHOLE).commit(ADMIN, again.session_id)
    assert _stored(engine) == committed_batched
    assert _changes(engine, again.session_id) == changes_batched


def test_batched_json_lines_match_the_whole_file(engine: Engine, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "cpus.jsonl", cpu_rows(30, bad={4, 21}))
    whole, batched = _both(engine, tmp_path, path, on_invalid=InvalidRowPolicy.SKIP)
    assert batched.batched
    assert batched.blocking == whole.blocking == []
    assert batched.counts() == whole.counts()
    assert _sorted_failures(batched.failures) == _sorted_failures(whole.failures)


def test_repeated_names_in_different_batches_block_like_the_whole_file(engine: Engine, tmp_path: Path) -> None:
    path = write_delimited(tmp_path / "cpus.csv", cpu_rows(30, repeat={29: 0, 20: 1}))
    whole, batched = _both(engine, tmp_path, path)
    assert batched.blocking == whole.blocking and len(batched.blocking) == 1
    assert "2 name(s) appear on more than one row" in batched.blocking[0]
    assert batched.entities["cpu"].duplicates.table().equals(whole.entities["cpu"].duplicates.table())


def test_updates_planned_in_batches_match_and_a_changed_late_batch_refuses_the_whole_commit(engine: Engine, tmp_path: Path) -> None:
    first = write_delimited(tmp_path / "first.csv", cpu_rows(30))
    service = _service(engine, tmp_path, BATCHED)
    service.commit(ADMIN, service.preview(ADMIN, _request(first)).session_id)
    changed = [row[:5] + [f"{20_000 + i:,}"] + row[6:] if i % 2 else row for i, row in enumerate(cpu_rows(30))]
    path = write_delimited(tmp_path / "changed.csv", changed)
    whole, batched = _both(engine, tmp_path, path, conflict_policy=ConflictPolicy.UPDATE)
    assert batched.counts() == whole.counts()
    assert batched.counts()["cpu"]["update"] == 15
    before = _stored(engine)

    with transaction(engine) as session:  # a record of the last batch changes after the preview
        session.execute(Cpu.__table__.update().where(Cpu.__table__.c.name == "Test CPU 0029").values(cores=99))
    edited = _stored(engine)
    with pytest.raises(CommitRefusedError, match="changed since session"):
        service.commit(ADMIN, batched.session_id)
    assert _stored(engine) == edited != before
    with transaction(engine) as session:
        written = session.scalar(select(func.count()).select_from(ImportChange.__table__).where(ImportChange.session_id == batched.session_id))
    assert written == 0 and _count(engine) == 30


def test_more_failures_than_a_preview_shows_are_written_whole_as_csv(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dealbrain.importing import failure_sink

    monkeypatch.setattr(failure_sink, "SHOWN_FAILURES", 5)
    monkeypatch.setattr(failure_sink.FailureSink.__init__, "__defaults__", (5,))
    path = write_delimited(tmp_path / "cpus.csv", cpu_rows(30, bad=set(range(0, 30, 2))))
    whole, batched = _both(engine, tmp_path, path)
    assert batched.failures.height == 5 and batched.total_failures == whole.failures.height == 15
    written = pl.read_csv(batched.failures_csv, infer_schema=False)
    assert written.height == 15
    assert sorted(written["__source_row__"].cast(int).to_list()) == sorted(whole.failures["__source_row__"].to_list())
    assert batched.blocking == whole.blocking


def test_a_sheet_that_needs_every_row_at_once_is_read_whole_and_the_preview_says_why(engine: Engine, tmp_path: Path) -> None:
    from tests.importing.workbooks import CPU_HEADER, CPU_ROWS, LISTING_HEADER, LISTING_ROWS

    cpus = tmp_path / "cpus.csv"
    with cpus.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([CPU_HEADER, *CPU_ROWS])
    service = _service(engine, tmp_path, BATCHED)
    service.commit(ADMIN, service.preview(ADMIN, _request(cpus)).session_id)
    listings = tmp_path / "listings.csv"
    with listings.open("w", newline="", encoding="utf-8") as stream:
        csv.writer(stream).writerows([LISTING_HEADER, *LISTING_ROWS])
    request = ImportRequest(
        session_id=f"batched-{next(_sessions)}", actor=ADMIN.name, file_path=listings, source_name=listings.name,
        declared_entities={"listings": "listing"}, on_unknown_component="create",
    )
    batched = service.preview(ADMIN, request)
    assert not batched.batched
    assert any("was read whole although it is large" in warning for warning in batched.warnings)
    assert batched.counts()["listing"]["insert"] == 2


def test_a_json_lines_member_first_seen_after_the_first_batch_is_refused_with_its_line(engine: Engine, tmp_path: Path) -> None:
    from dealbrain.ingest import FileRejected

    rows = cpu_rows(12)
    path = write_jsonl(tmp_path / "cpus.jsonl", rows)
    with path.open("a", encoding="utf-8") as stream:
        stream.write('{"CPU Name": "Late CPU", "Cache": "12 MB"}\n')
    with pytest.raises(FileRejected, match="'Cache' first appears after the first 7 records"):
        _service(engine, tmp_path, BATCHED).preview(ADMIN, _request(path))


def test_a_write_failing_in_a_late_batch_leaves_the_database_unchanged(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dealbrain.db.models import ImportSession
    from dealbrain.importing.stages import commit

    path = write_delimited(tmp_path / "cpus.csv", cpu_rows(30))
    service = _service(engine, tmp_path, BATCHED)
    preview = service.preview(ADMIN, _request(path))
    real_write, calls = commit.write_entity_plan, []

    def failing_on_the_fourth(session, plan, session_id):  # noqa: ANN001, ANN202 - the real writer, then a fault
        calls.append(plan.inserts.height)
        if len(calls) == 4:
            raise RuntimeError("the connection dropped while batch 4 was written")
        return real_write(session, plan, session_id)

    monkeypatch.setattr(commit, "write_entity_plan", failing_on_the_fourth)
    with pytest.raises(RuntimeError, match="batch 4"):
        service.commit(ADMIN, preview.session_id)
    assert calls == [7, 7, 7, 7]
    assert _count(engine) == 0 and _changes(engine, preview.session_id) == []
    with transaction(engine) as session:
        assert session.get(ImportSession, preview.session_id).status != "committed"


NEAR_NAME = "Intel Core i7-8700 @ 3.20GHz"
"""A new name that nearly equals the stored ``Intel Core i7-8700``."""


def _store_cpus(engine: Engine, tmp_path: Path, names: list[str]) -> None:
    path = write_delimited(tmp_path / "stored.csv", [[name, "Intel", "6", "12", "65 W", "13,875", "2018", ""] for name in names])
    service = _service(engine, tmp_path, WHOLE)
    service.commit(ADMIN, service.preview(ADMIN, _request(path)).session_id)


def test_a_near_duplicate_of_a_stored_name_in_a_late_batch_blocks_like_the_whole_file(engine: Engine, tmp_path: Path) -> None:
    _store_cpus(engine, tmp_path, ["Intel Core i7-8700"])
    rows = cpu_rows(30)
    rows[24][0] = NEAR_NAME  # the fourth batch of 7
    whole, batched = _both(engine, tmp_path, write_delimited(tmp_path / "cpus.csv", rows))

    assert batched.blocking == whole.blocking
    assert any("nearly equal a stored record" in reason for reason in batched.blocking)
    assert batched.entities["cpu"].near_duplicates.rows.equals(whole.entities["cpu"].near_duplicates.rows)
    assert batched.entities["cpu"].near_duplicates.rows["candidate"].to_list() == ["Intel Core i7-8700"]


def test_a_near_duplicate_decided_update_in_a_batch_updates_the_stored_record(engine: Engine, tmp_path: Path) -> None:
    _store_cpus(engine, tmp_path, ["Intel Core i7-8700"])
    rows = cpu_rows(30)
    rows[24][0] = NEAR_NAME
    decided = {"near_duplicate_decisions": {"cpu": {NEAR_NAME: NearDuplicatePolicy.UPDATE}}}
    whole, batched = _both(engine, tmp_path, write_delimited(tmp_path / "cpus.csv", rows), **decided)
    assert batched.blocking == whole.blocking == []
    assert batched.counts() == whole.counts()
    assert batched.counts()["cpu"]["update"] == 1 and batched.counts()["cpu"]["insert"] == 29

    _service(engine, tmp_path, BATCHED).commit(ADMIN, batched.session_id)
    stored = {row["name"]: row for row in _stored(engine)}
    assert NEAR_NAME not in stored and stored["Intel Core i7-8700"]["cores"] == 4  # row 24's cores
    assert _count(engine) == 30


def test_rows_of_different_batches_updating_one_stored_record_block_like_the_whole_file(engine: Engine, tmp_path: Path) -> None:
    _store_cpus(engine, tmp_path, ["Intel Core i7-8700"])
    rows = cpu_rows(30)
    rows[2][0], rows[24][0] = "Intel Core i7-8700", NEAR_NAME  # the first batch and the fourth
    decided = {"near_duplicate_decisions": {"cpu": {NEAR_NAME: NearDuplicatePolicy.UPDATE}}, "conflict_policy": ConflictPolicy.UPDATE}
    whole, batched = _both(engine, tmp_path, write_delimited(tmp_path / "cpus.csv", rows), **decided)
    assert batched.blocking == whole.blocking
    assert any("more than one row would update the stored 'Intel Core i7-8700'" in reason for reason in batched.blocking)


def test_rows_of_different_batches_are_compared_with_each_other_like_the_whole_file(engine: Engine, tmp_path: Path) -> None:
    rows = cpu_rows(30)
    rows[3][0], rows[25][0] = "Intel Core i7-8700", NEAR_NAME  # the first batch and the fourth
    whole, batched = _both(engine, tmp_path, write_delimited(tmp_path / "cpus.csv", rows))
    within = batched.entities["cpu"].near_duplicates.within_file
    assert within.equals(whole.entities["cpu"].near_duplicates.within_file)
    assert within["name"].to_list() == ["Intel Core i7-8700", NEAR_NAME]


def test_too_many_rows_sharing_digits_are_not_compared_and_the_preview_says_so(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dealbrain.importing import batched_preview

    monkeypatch.setattr(batched_preview, "WITHIN_FILE_CANDIDATES", 1)
    rows = cpu_rows(30)
    rows[3][0], rows[25][0] = "Intel Core i7-8700", NEAR_NAME
    batched = _service(engine, tmp_path, BATCHED).preview(ADMIN, _request(write_delimited(tmp_path / "cpus.csv", rows)))
    assert batched.entities["cpu"].near_duplicates.within_file.is_empty()
    assert any("rows were not compared with each other for near duplicates" in note for note in batched.notes)
