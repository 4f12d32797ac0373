"""Profile regression: stored files replayed against a changed profile report the records whose planned values differ."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine, func, select

from dealbrain.auth import Actor, Role
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportSession
from dealbrain.importing.service import ImportService
from dealbrain.ingest import UploadStore
from dealbrain.profiles import ProfileError, ProfileService
from dealbrain.profiles.replay import ProfileReplay
from dealbrain.sources.declaration import session_id_for_source
from dealbrain.sources.loader import load_source
from dealbrain.sources.runner import SourceRunner
from dealbrain.store.sessions import SessionStatus
from tests.conftest import CliInvoke
from tests.sources.files import listing_source, listings_csv

OPERATOR = Actor("olivia", Role.OPERATOR)
PROFILE = {"declared_entities": {"week": "listing"}, "conflict_policy": "update"}
CHANGED = {**PROFILE, "overrides": [{"sheet": "week", "action": "set_field", "where": "price_usd < 215", "field": "price_usd", "value": "199"}]}


def _imported_twice(imports: ImportService, tmp_path: Path) -> list[str]:
    ProfileService(imports.engine).save_from_config(OPERATOR, "shop-listings", PROFILE, origin="v1.yaml")
    source = load_source(listing_source(tmp_path / "sources", tmp_path / "drop"))
    sessions = []
    for number, factor in ((1, 1.0), (2, 1.05)):
        csv = listings_csv(tmp_path / "drop" / f"week-{number}.csv", price_factor=factor)
        outcome = SourceRunner(imports, True).run(Actor("shop_listings", Role.OPERATOR), source, csv, session_id_for_source(source.name, csv))
        assert not outcome.held, outcome.held_because
        sessions.append(outcome.session_id)
    return sessions


def _committed(engine: Engine) -> int:
    with transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(ImportSession).where(ImportSession.status == SessionStatus.COMMITTED))


def test_replay_reports_per_file_counts_and_the_records_that_would_differ(engine: Engine, tmp_path: Path) -> None:
    imports = ImportService(engine, UploadStore(tmp_path / "uploads"))
    sessions = _imported_twice(imports, tmp_path)
    committed = _committed(engine)
    report = ProfileReplay(imports).replay(OPERATOR, "shop-listings", CHANGED, origin="v2.yaml")
    assert report.version == 1 and report.changed_fields == ["overrides"]
    assert [item.sessions for item in report.files] == [[sessions[0]], [sessions[1]]]
    first, second = report.files
    # week 1: prices 200 and 210 are under 215; week 2 (5% up): 210 only
    assert {(c["key"], c["before"], c["after"]) for c in first.changed_records} == {("OptiPlex 7000", 200.0, 199.0), ("OptiPlex 7001", 210.0, 199.0)}
    assert [(c["key"], c["after"]) for c in second.changed_records] == [("OptiPlex 7000", 199.0)]
    assert first.differs and first.counts_after["listing"]["update"] == 10  # against the stored week-2 prices
    same = ProfileReplay(imports).replay(OPERATOR, "shop-listings", PROFILE, origin="v1.yaml")
    assert not same.differs
    assert _committed(engine) == committed  # replay commits nothing
    with pytest.raises(ProfileError, match="nothing to replay"):
        ProfileService(engine).save_from_config(OPERATOR, "unused", PROFILE, origin="u.yaml")
        ProfileReplay(imports).replay(OPERATOR, "unused", CHANGED, origin="v2.yaml")


def test_cli_replay_prints_the_differences(cli: CliInvoke, engine: Engine, tmp_path: Path) -> None:
    imports = ImportService(engine, UploadStore(tmp_path / "data" / "uploads"))
    _imported_twice(imports, tmp_path)
    config = tmp_path / "changed.yaml"
    config.write_text(yaml.safe_dump(CHANGED))
    printed = cli("profiles", "replay", "shop-listings", "--config", str(config))
    assert printed.exit_code == 0, printed.output
    assert "week-1.csv" in printed.output and "OptiPlex 7001: price_usd 210.0 -> 199.0" in printed.output
    as_json = json.loads(cli("profiles", "replay", "shop-listings", "--config", str(config), "--json").output)
    assert as_json["differs"] and len(as_json["files"]) == 2
