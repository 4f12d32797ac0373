"""URL sources against a real local HTTP server: fetched, kept like uploads, imported only when changed; failures write nothing."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from dealbrain.auth import Actor, Role
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportSession
from dealbrain.importing.service import ImportService
from dealbrain.ingest import UploadStore
from dealbrain.profiles import ProfileService
from dealbrain.profiles.replay import ProfileReplay
from dealbrain.sources.fetch import SourceFetchError
from dealbrain.sources.loader import SourceFileError, load_source
from dealbrain.sources.runner import SourceOutcome, SourceRunner
from dealbrain.sources.url_runs import UnchangedSource, run_url_source
from dealbrain.store.sessions import SessionStatus
from tests.sources.files import listings_csv, write_source
from tests.sources.http_files import FileServer, file_server

OPERATOR = Actor("olivia", Role.OPERATOR)
SENSOR = Actor("shop_feed", Role.OPERATOR)
PROFILE = {"declared_entities": {"week": "listing"}, "conflict_policy": "update"}


@pytest.fixture
def server() -> Iterator[FileServer]:
    with file_server() as files:
        yield files


@pytest.fixture
def imports(engine: Engine, tmp_path: Path) -> ImportService:
    ProfileService(engine).save_from_config(OPERATOR, "shop-listings", PROFILE, origin="test.yaml")
    return ImportService(engine, UploadStore(tmp_path / "uploads"))


def _csv_text(tmp_path: Path, **shape: object) -> str:
    return listings_csv(tmp_path / "scratch" / "feed.csv", **shape).read_text(encoding="utf-8")


def _source(tmp_path: Path, url: str, extra: str = ""):
    return load_source(write_source(tmp_path / "sources", "shop_feed", f"""
profile: shop-listings
files: {{url: "{url}"{extra}}}
trigger: {{schedule: "0 6 * * *"}}
on_clean: commit
"""))


def _fetch(imports: ImportService, tmp_path: Path, url: str, session_id: str, extra: str = "") -> SourceOutcome | UnchangedSource:
    return run_url_source(SourceRunner(imports, unattended_commits=True), SENSOR, _source(tmp_path, url, extra), session_id)


def _sessions(engine: Engine) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(ImportSession))


def _stored_files(store: UploadStore) -> list[Path]:
    """Files kept under their sha256 (and any left half-fetched), not the previews' manifests or error workbooks."""
    if not store.root.exists():
        return []
    return sorted(p for p in store.root.rglob("*") if p.is_file() and not {"previews", "errors"} & set(p.relative_to(store.root).parts))


def test_a_url_source_must_be_http_and_run_on_a_schedule(tmp_path: Path) -> None:
    with pytest.raises(SourceFileError, match="http"):
        _source(tmp_path, "ftp://example.com/feed.csv")
    with pytest.raises(SourceFileError, match="a `url` source is fetched on a schedule"):
        load_source(write_source(tmp_path / "sources", "feed", "profile: p\nfiles: {url: 'https://example.com/a.csv'}\n"
                                 "trigger: {sensor: {}}\n"))
    with pytest.raises(SourceFileError, match="apply to a `url` only"):
        load_source(write_source(tmp_path / "sources", "feed", "profile: p\nfiles: {path: a.csv, timeout_seconds: 5}\n"
                                 "trigger: {schedule: '0 6 * * *'}\n"))


def test_fetched_bytes_are_kept_as_the_sessions_file_and_the_same_content_is_not_imported_again(
    imports: ImportService, engine: Engine, server: FileServer, tmp_path: Path
) -> None:
    url = server.serve("/exports/week.csv", _csv_text(tmp_path))
    first = _fetch(imports, tmp_path, url, "shop_feed-20261201-0600")
    assert isinstance(first, SourceOutcome) and not first.held, getattr(first, "held_because", None)
    with transaction(engine) as session:
        row = session.get(ImportSession, first.session_id)
        assert (row.status, row.source_filename) == (SessionStatus.COMMITTED, "week.csv")
        sha = row.checksum_sha256
    kept = imports.store.path_for(sha)
    assert kept is not None and kept.read_text(encoding="utf-8") == _csv_text(tmp_path)

    again = _fetch(imports, tmp_path, url, "shop_feed-20261202-0600")
    assert isinstance(again, UnchangedSource) and again.previous_session == first.session_id
    assert "unchanged since session shop_feed-20261201-0600" in again.reason
    assert _sessions(engine) == 1 and len(_stored_files(imports.store)) == 1
    assert server.hits == ["/exports/week.csv", "/exports/week.csv"]

    server.serve("/exports/week.csv", _csv_text(tmp_path, first=9))
    changed = _fetch(imports, tmp_path, url, "shop_feed-20261203-0600")
    assert isinstance(changed, SourceOutcome) and not changed.held, changed.held_because
    assert _sessions(engine) == 2
    replayable = {name for _, name, _ in ProfileReplay(imports).stored_files("shop-listings")}
    assert replayable == {"week.csv"} and len(ProfileReplay(imports).stored_files("shop-listings")) == 2


def test_the_content_type_picks_the_reader_when_the_path_has_no_extension(
    imports: ImportService, engine: Engine, server: FileServer, tmp_path: Path
) -> None:
    url = server.serve("/api/export?week=49", _csv_text(tmp_path), content_type="text/csv; charset=utf-8")
    outcome = _fetch(imports, tmp_path, url, "shop_feed-20261201-0600")
    assert isinstance(outcome, SourceOutcome) and not outcome.held, outcome.held_because
    assert outcome.preview.request.source_name == "shop_feed.csv"
    assert outcome.preview.counts()["listing"]["insert"] == 10

    page = server.serve("/login", "<html><body>Sign in</body></html>", content_type="text/html")
    with pytest.raises(SourceFetchError, match="answered with an HTML page") as refused:
        _fetch(imports, tmp_path, page, "shop_feed-20261202-0600")
    assert not refused.value.retry_may_help


def _refused(imports: ImportService, engine: Engine, tmp_path: Path, url: str, extra: str = "") -> SourceFetchError:
    with pytest.raises(SourceFetchError) as refused:
        _fetch(imports, tmp_path, url, "shop_feed-20261201-0600", extra)
    assert _sessions(engine) == 0 and _stored_files(imports.store) == []  # nothing written
    return refused.value


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_failures_write_nothing_and_say_whether_retrying_may_help(
    imports: ImportService, engine: Engine, server: FileServer, tmp_path: Path
) -> None:
    missing = _refused(imports, engine, tmp_path, server.url("/gone.csv"))
    assert "answered HTTP 404 Not Found (has no such file)" in str(missing) and "will fail the same way" in str(missing)
    assert not missing.retry_may_help

    busy = _refused(imports, engine, tmp_path, server.serve("/busy.csv", "try later", status=503))
    assert "HTTP 503" in str(busy) and "retrying is safe, and it may well succeed later" in str(busy) and busy.retry_may_help

    down = _refused(imports, engine, tmp_path, f"http://127.0.0.1:{_closed_port()}/week.csv")
    assert "cannot reach" in str(down) and down.retry_may_help

    slow = _refused(imports, engine, tmp_path, server.serve("/slow.csv", _csv_text(tmp_path), delay_seconds=3),
                    ", timeout_seconds: 0.5")
    assert "did not answer within 0.5 seconds" in str(slow) and slow.retry_may_help

    big = _refused(imports, engine, tmp_path, server.serve("/big.csv", b"title,price_usd\n" + b"x,1\n" * 300_000),
                   ", max_megabytes: 1")
    assert "larger than the 1 MB this source accepts (files.max_megabytes)" in str(big) and not big.retry_may_help
