"""Unattended runs of a source: a clean file commits, a new column or a price swing holds it, a person commits it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from dealbrain.auth import Actor, Role
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportSession, SessionProfileUse
from dealbrain.ingest import UploadStore
from dealbrain.importing.service import ImportService
from dealbrain.profiles import ProfileService
from dealbrain.sources.declaration import session_id_for_source
from dealbrain.sources.loader import load_source
from dealbrain.sources.runner import SourceRunner
from dealbrain.store.sessions import SessionStatus
from tests.sources.files import listing_source, listings_csv

OPERATOR = Actor("olivia", Role.OPERATOR)
SENSOR = Actor("shop_listings", Role.OPERATOR)
PROFILE = {"declared_entities": {"week": "listing"}, "conflict_policy": "update"}


@pytest.fixture
def imports(engine: Engine, tmp_path: Path) -> ImportService:
    return ImportService(engine, UploadStore(tmp_path / "uploads"))


def _status(engine: Engine, session_id: str) -> str:
    with transaction(engine) as session:
        return session.get(ImportSession, session_id).status


def _run(imports: ImportService, tmp_path: Path, csv: Path, *, unattended: bool = True):
    source = load_source(listing_source(tmp_path / "sources", csv.parent))
    return SourceRunner(imports, unattended).run(SENSOR, source, csv, session_id_for_source(source.name, csv))


def test_clean_file_commits_then_a_swing_is_held_until_a_person_commits(imports: ImportService, engine: Engine, tmp_path: Path) -> None:
    ProfileService(engine).save_from_config(OPERATOR, "shop-listings", PROFILE, origin="test.yaml")
    first = _run(imports, tmp_path, listings_csv(tmp_path / "drop" / "week.csv"))
    assert not first.held, first.held_because
    assert _status(engine, first.session_id) == SessionStatus.COMMITTED

    swung = _run(imports, tmp_path, listings_csv(tmp_path / "drop2" / "week-2026-12-08.csv", price_factor=1.5))
    assert swung.held
    assert any("price_swings" in reason and "50%" in reason for reason in swung.held_because), swung.held_because
    assert [m.passed for m in swung.drift if m.check == "price_swings"] == [False]
    assert _status(engine, swung.session_id) != SessionStatus.COMMITTED

    imports.commit(OPERATOR, swung.session_id)  # the person's decision: the swing is real
    assert _status(engine, swung.session_id) == SessionStatus.COMMITTED


def test_new_column_is_held_and_switch_off_holds_clean_files(imports: ImportService, engine: Engine, tmp_path: Path) -> None:
    ProfileService(engine).save_from_config(OPERATOR, "shop-listings", PROFILE, origin="test.yaml")
    held = _run(imports, tmp_path, listings_csv(tmp_path / "drop" / "week.csv", extra_column="warranty_code"))
    assert held.held and any("new column week: warranty_code" in r for r in held.held_because), held.held_because

    off = _run(imports, tmp_path, listings_csv(tmp_path / "drop3" / "week-3.csv", first=5), unattended=False)
    assert off.held and any("IMPORTER_FEATURE_UNATTENDED_COMMITS" in r for r in off.held_because)


def test_sessions_record_the_profile_version_they_used(imports: ImportService, engine: Engine, tmp_path: Path) -> None:
    profiles = ProfileService(engine)
    profiles.save_from_config(OPERATOR, "shop-listings", PROFILE, origin="v1.yaml")
    first = _run(imports, tmp_path, listings_csv(tmp_path / "drop" / "week.csv"))
    saved = profiles.save_from_config(OPERATOR, "shop-listings", {**PROFILE, "on_duplicate": "last"}, origin="v2.yaml")
    assert saved.version == 2 and saved.created
    second = _run(imports, tmp_path, listings_csv(tmp_path / "drop2" / "week-2026-12-08.csv", first=9))
    with transaction(engine) as session:
        uses = {row.session_id: (row.profile_name, row.profile_version, row.source_name)
                for row in session.scalars(select(SessionProfileUse))}
    assert uses[first.session_id] == ("shop-listings", 1, "shop_listings")
    assert uses[second.session_id] == ("shop-listings", 2, "shop_listings")


@pytest.mark.slow
def test_a_person_commits_a_held_session_from_the_command_line(cli, engine: Engine, tmp_path: Path) -> None:
    imports = ImportService(engine, UploadStore(tmp_path / "data" / "uploads"))
    ProfileService(engine).save_from_config(OPERATOR, "shop-listings", PROFILE, origin="test.yaml")
    held = _run(imports, tmp_path, listings_csv(tmp_path / "drop" / "week.csv"), unattended=False)
    assert held.held and _status(engine, held.session_id) != SessionStatus.COMMITTED
    decided = cli("sources", "commit", held.session_id)
    assert decided.exit_code == 0, decided.output
    assert "listing 10 inserted" in decided.output
    assert "  ✓ committed" in decided.output  # the run's stages are ticked off as they finish
    assert _status(engine, held.session_id) == SessionStatus.COMMITTED
