"""Every file of the hostile corpus, through the whole import: a clear refusal, and nothing kept."""

from __future__ import annotations

import re
import resource
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine

import dealbrain.ingest
from dealbrain.importing.pipeline import ImportOutcome
from dealbrain.ingest import FileRejected, ReadLimits, UploadStore, xlsx_isolation
from dealbrain.ingest.names import sanitize_display_name
from tests.hostile.builders import (
    CPU_HEADER,
    cpu_rows,
    with_sheet_names,
    write_workbook,
)
from tests.hostile.conftest import ImportFile
from tests.hostile.corpus import CORPUS, HostileFile
from tests.hostile.handmade_xlsx import cpu_sheet_rows
from tests.hostile.native_reader_files import numbered_cpu_rows
from tests.hostile.snapshots import snapshot_database, snapshot_store

PARENT_GROWTH_LIMIT = 200 * 1024 * 1024
"""How far the importing process's own peak memory may rise while refusing a file it counted itself."""


@pytest.mark.parametrize("case", CORPUS, ids=[case.id for case in CORPUS])
def test_hostile_file_is_refused_and_changes_nothing(
    case: HostileFile, seeded: ImportOutcome, import_file: ImportFile, engine: Engine, store: UploadStore, corpus_dir: Path
) -> None:
    path = case.build(corpus_dir)
    database_before, store_before = snapshot_database(engine), snapshot_store(store.root)
    child_before, own_peak_before = xlsx_isolation.last_child_usage, _own_peak_bytes()

    with pytest.raises(FileRejected) as refusal:
        import_file(path, source_name=case.source_name, limits=case.limits, **case.request_fields)

    _assert_parsing_memory_was_bounded(case, child_before, own_peak_before)

    error = refusal.value
    message = str(error)
    assert error.reason == case.reason, message
    for words in case.says:  # the fix starts a sentence, so its first letter is capitalised
        assert words.casefold() in message.casefold(), f"{words!r} missing from: {message}"
    assert error.fix and error.fix[1:] in message, "the message must say what to do"
    assert message.isprintable(), f"control or bidi characters in: {message!r}"
    assert len(message) < 1_000, "a refusal is a sentence or two, not a dump of the file"
    if case.reason != "bad_name":
        assert error.file == sanitize_display_name(case.source_name or path.name)
    for attribute, expected in case.where.items():
        assert getattr(error, attribute) == expected

    database_after = snapshot_database(engine)
    assert database_before.changed_tables(database_after) == set(), (database_before.counts(), database_after.counts())
    assert snapshot_store(store.root) == store_before


def _own_peak_bytes() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _assert_parsing_memory_was_bounded(
    case: HostileFile, child_before: xlsx_isolation.ChildUsage | None, own_peak_before: int
) -> None:
    """The reading child (measured by wait4) stayed in its limit; refusals made before it cost the parent little."""
    child = xlsx_isolation.last_child_usage
    limits = case.limits or ReadLimits()
    if case.read_in_child:
        assert child is not child_before, "the refusal should come from the reading child"
        assert child.exit != 0, child
    if child is not child_before:
        allowed = limits.max_parse_memory_bytes + xlsx_isolation.RUNTIME_ADDRESS_SPACE_BYTES
        assert 0 < child.peak_rss_bytes <= allowed, (child, allowed)
    grown = _own_peak_bytes() - own_peak_before
    assert grown <= PARENT_GROWTH_LIMIT, f"the importing process grew by {grown:,} bytes"


def test_the_corpus_covers_every_refusal_the_reader_can_give() -> None:
    """A new ``reason`` code in dealbrain/ingest needs a hostile file here too."""
    source = "".join(path.read_text(encoding="utf-8") for path in Path(dealbrain.ingest.__file__).parent.glob("*.py"))
    known = set(re.findall(r'reason="(\w+)"', source))

    assert len(known) >= 16
    # refusals that can only happen past the batching threshold (64 MB by default), each checked with small batches:
    # a JSON Lines member first seen after the first batch (tests/importing/test_batched_import.py) and a record
    # wider than the file's first part (tests/ingest/test_batched_text.py)
    batched_only = {"late_column", "wider_than_header"}
    assert known - batched_only - {case.reason for case in CORPUS} == set()
    assert len({case.id for case in CORPUS}) == len(CORPUS)


def test_the_seeded_database_and_store_are_not_empty(seeded: ImportOutcome, engine: Engine, store: UploadStore) -> None:
    """The unchanged-state checks above compare real content, not two empty folders."""
    counts = snapshot_database(engine).counts()

    assert counts["cpu"] == 3 and counts["import_session"] == 1 and counts["import_audit_event"] >= 1
    assert any(name.endswith(".xlsx") for name in snapshot_store(store.root).files)


def _sheet_named(name: str) -> Callable[[Path], Path]:
    return lambda folder: with_sheet_names(folder, "named.xlsx", {name: [CPU_HEADER, *cpu_rows(3)]})


def _header_named(name: str) -> Callable[[Path], Path]:
    return lambda folder: write_workbook(folder / "header.xlsx", {"CPUs": [[*CPU_HEADER, name], ["i7", "Intel", 6, 12, "x" * 200]]})


NAMES_FROM_INSIDE_THE_FILE = [
    pytest.param(_sheet_named("CPUs\nCommitted 1000 rows"), id="newline_in_sheet_name"),
    pytest.param(_sheet_named("\u202eslx.exe"), id="rtl_override_in_sheet_name"),
    pytest.param(_header_named("Notes\u202e\u200f"), id="bidi_overrides_in_header"),
]


@pytest.mark.parametrize("build", NAMES_FROM_INSIDE_THE_FILE)
def test_names_from_inside_the_file_cannot_forge_the_message(
    build: Callable[[Path], Path], seeded: ImportOutcome, import_file: ImportFile, corpus_dir: Path
) -> None:
    with pytest.raises(FileRejected) as refusal:
        import_file(build(corpus_dir), limits=ReadLimits(max_rows=2, max_cell_chars=100))

    assert str(refusal.value).isprintable(), repr(str(refusal.value))


def test_the_quick_many_rows_builder_writes_what_the_general_one_does() -> None:
    """`reader_out_of_time`'s 1.2M rows come from a shortcut; it must be the same XML, so the case stays honest."""
    assert numbered_cpu_rows(500) == cpu_sheet_rows(500)
