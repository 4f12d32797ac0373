"""Inbox files and the sessions they become: named for people, and traceable back to the file on any day."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from dealbrain.ingest.inbox import file_for_session, importable_files, inbox_listing, same_file, session_id_for

DAY_ONE = datetime(2026, 12, 1, tzinfo=UTC)
DAY_TWO = datetime(2026, 12, 2, tzinfo=UTC)


def test_only_importable_files_are_listed_and_the_folder_is_made(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    assert importable_files(inbox) == [] and inbox.is_dir()
    for name in ("b.CSV", "a.xlsx", "c.jsonl", "notes.txt.bak", "d.pdf"):
        (inbox / name).write_bytes(b"name\nx\n")
    (inbox / "folder.csv").mkdir()
    assert [path.name for path in importable_files(inbox)] == ["a.xlsx", "b.CSV", "c.jsonl"]


def test_a_session_names_the_file_and_the_day_and_leads_back_to_the_file(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "November CPUs (final).xlsx").write_bytes(b"first version")
    (inbox / "november cpus final.csv").write_bytes(b"another file")
    session = session_id_for(inbox / "November CPUs (final).xlsx", DAY_ONE)

    assert session.startswith("november-cpus--final-20261201-")
    assert file_for_session(inbox, session) == inbox / "November CPUs (final).xlsx"
    registered_next_day = session_id_for(inbox / "November CPUs (final).xlsx", DAY_TWO)
    assert registered_next_day != session and same_file(session, registered_next_day)


def test_a_changed_or_missing_file_matches_no_session(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    file = inbox / "gpus.csv"
    file.write_bytes(b"name\nRTX 4090\n")
    session = session_id_for(file, DAY_ONE)
    file.write_bytes(b"name\nRTX 4080\n")
    assert file_for_session(inbox, session) is None
    assert not same_file(session, session_id_for(file, DAY_ONE))
    assert file_for_session(inbox, "typed-by-hand") is None


def test_the_listing_pairs_each_file_with_todays_session(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "cpus.xlsx").write_bytes(b"x")
    (listed,) = inbox_listing(inbox, DAY_TWO)
    assert listed.name == "cpus.xlsx" and listed.session_id.startswith("cpus-20261202-")
