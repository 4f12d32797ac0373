"""Import profiles: versions, given options win, permissions and audit, saved from a committed session, applied by name."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine, select

from dealbrain.auth import Actor, PermissionDeniedError, Role
from dealbrain.db.engine import transaction
from dealbrain.db.models import ImportAuditEvent, SessionProfileUse
from dealbrain.errors import UserFacingError
from dealbrain.importing.conflicts import ConflictPolicy
from dealbrain.importing.options import ImportOptions
from dealbrain.profiles import PROFILE_FIELDS, ProfileError, ProfileService
from tests.conftest import CliInvoke
from tests.sources.files import listings_csv

OPERATOR = Actor("olivia", Role.OPERATOR)
ANALYST = Actor("andy", Role.ANALYST)
PROFILE = {"declared_entities": {"week": "listing"}, "conflict_policy": "update", "on_duplicate": "last"}


def test_profiles_hold_every_option_but_the_file_and_the_commit() -> None:
    assert "file" not in PROFILE_FIELDS and "commit" not in PROFILE_FIELDS and "profile" not in PROFILE_FIELDS
    assert set(PROFILE_FIELDS) == set(ImportOptions.model_fields) - {"file", "source_name", "commit", "profile"}


def test_changes_make_versions_equal_content_does_not_and_given_options_win(engine: Engine) -> None:
    service = ProfileService(engine)
    assert service.save_from_config(OPERATOR, "shop", PROFILE, origin="a.yaml").version == 1
    again = service.save_from_config(OPERATOR, "shop", PROFILE, origin="a.yaml")
    assert (again.version, again.created) == (1, False)
    assert service.save_from_config(OPERATOR, "shop", {**PROFILE, "conflict_policy": "keep"}, origin="b.yaml").version == 2
    detail = service.show(ANALYST, "shop")
    assert [v.version for v in detail.versions] == [1, 2] and detail.versions[1].changed == ["conflict_policy"]
    merged, version = service.resolve(OPERATOR, ImportOptions(file="x/week.csv", profile="shop", on_duplicate="first"))
    assert version == 2 and merged.conflict_policy == ConflictPolicy.KEEP
    assert str(merged.on_duplicate) == "first"  # given: wins over the profile's "last"
    assert merged.declared_entities == {"week": "listing"}
    with transaction(engine) as session:
        saved = session.scalars(select(ImportAuditEvent).where(ImportAuditEvent.action == "profile_saved")).all()
    assert [(e.actor, e.payload_json["version"]) for e in saved] == [("olivia", 1), ("olivia", 2)]


def test_analysts_read_profiles_but_may_not_save_them(engine: Engine) -> None:
    service = ProfileService(engine)
    service.save_from_config(OPERATOR, "shop", PROFILE, origin="a.yaml")
    with pytest.raises(PermissionDeniedError):
        service.save_from_config(ANALYST, "shop", {**PROFILE, "on_invalid": "skip"}, origin="b.yaml")
    assert [p.name for p in service.list(ANALYST)] == ["shop"]
    with pytest.raises(ProfileError, match="No import profile named 'nope'"):
        service.show(ANALYST, "nope")
    with pytest.raises(UserFacingError, match="conflict_policy"):
        service.save_from_config(OPERATOR, "bad", {"conflict_policy": "sometimes"}, origin="c.yaml")


def _session_of_last_import(engine: Engine) -> tuple[str, str | None, int | None]:
    with transaction(engine) as session:
        row = session.scalars(select(SessionProfileUse).order_by(SessionProfileUse.recorded_at.desc())).first()
        return row.session_id, row.profile_name, row.profile_version


@pytest.mark.slow
def test_cli_saves_from_a_committed_session_shows_history_and_imports_by_profile(
    cli: CliInvoke, engine: Engine, tmp_path: Path
) -> None:
    first = listings_csv(tmp_path / "week.csv")
    preview_only = cli("import", str(first), "--declare", "listing")
    assert preview_only.exit_code == 0, preview_only.output
    session_id, _, _ = _session_of_last_import(engine)
    refused = cli("profiles", "save", "shop", "--from-session", session_id)
    assert refused.exit_code == 1 and "not committed" in refused.output

    committed = cli("import", str(first), "--declare", "listing", "--on-conflict", "update", "--commit")
    assert committed.exit_code == 0, committed.output
    session_id, _, _ = _session_of_last_import(engine)
    saved = cli("profiles", "save", "shop", "--from-session", session_id, "--note", "first week")
    assert saved.exit_code == 0 and "version 1" in saved.output, saved.output

    config = tmp_path / "next.yaml"
    config.write_text(yaml.safe_dump({"ops": {"uploaded_workbook": {"config": {"file": "ignored.csv", **PROFILE, "on_invalid": "skip"}}}}))
    assert "version 2" in cli("profiles", "save", "shop", "--config", str(config)).output
    shown = cli("profiles", "show", "shop")
    assert shown.exit_code == 0 and f"session {session_id}" in shown.output and "first week" in shown.output
    assert "on_invalid" in shown.output and "conflict_policy: update" in shown.output
    listed = cli("profiles", "list")
    assert "shop" in listed.output and "2" in listed.output

    second = listings_csv(tmp_path / "week-2.csv", price_factor=1.1)
    by_profile = cli("import", str(second), "--profile", "shop", "--commit", "--json")
    assert by_profile.exit_code == 0, by_profile.output
    assert _session_of_last_import(engine)[1:] == ("shop", 2)
    unknown = cli("import", str(second), "--profile", "nope")
    assert unknown.exit_code != 0 and "No import profile named 'nope'" in unknown.output


def test_options_holding_nul_are_refused_with_a_sentence_and_nothing_is_saved(engine: Engine) -> None:
    service = ProfileService(engine)
    with pytest.raises(ProfileError, match="NUL character"):
        service.save_from_config(OPERATOR, "shop", {"declared_entities": {"we\x00ek": "listing"}}, origin="a.yaml")
    assert service.list(OPERATOR) == []
