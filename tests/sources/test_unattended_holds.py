"""What a policy lets through still holds an unattended run: near-duplicates decided by the policy, created records."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest
from sqlalchemy import Engine, select

from dealbrain.auth import Actor, Role
from dealbrain.db.engine import transaction
from dealbrain.db.entity_tables import ENTITY_MODELS
from dealbrain.db.models import ImportAuditEvent, ImportSession
from dealbrain.importing.options import ImportOptions
from dealbrain.importing.service import ImportService
from dealbrain.ingest import UploadStore
from dealbrain.profiles import ProfileService
from dealbrain.settings import ImporterSettings
from dealbrain.sources.declaration import session_id_for_source
from dealbrain.sources.loader import load_source
from dealbrain.sources.runner import SourceOutcome, SourceRunner
from dealbrain.store.sessions import SessionStatus
from pipelines.definitions import build_definitions
from tests.sources.files import write_source

OPERATOR = Actor("olivia", Role.OPERATOR)
SENSOR = Actor("parts", Role.OPERATOR)


@pytest.fixture
def imports(engine: Engine, tmp_path: Path) -> ImportService:
    return ImportService(engine, UploadStore(tmp_path / "uploads"))


def _csv(path: Path, lines: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _run(imports: ImportService, tmp_path: Path, profile: str, csv: Path) -> SourceOutcome:
    source = load_source(write_source(tmp_path / "sources", "parts", f"""
profile: {profile}
files: {{path: {csv}}}
trigger: {{schedule: "0 6 * * *"}}
on_clean: commit
"""))
    return SourceRunner(imports, unattended_commits=True).run(SENSOR, source, csv, session_id_for_source(source.name, csv))


def _names(engine: Engine, entity: str) -> list[str]:
    model = ENTITY_MODELS[entity]
    with transaction(engine) as session:
        return sorted(session.scalars(select(model.title if entity == "listing" else model.name)))


def _status(engine: Engine, session_id: str) -> str:
    with transaction(engine) as session:
        return session.get(ImportSession, session_id).status


def _held_reasons(engine: Engine, session_id: str) -> list[str]:
    with transaction(engine) as session:
        event = session.scalars(select(ImportAuditEvent).where(
            ImportAuditEvent.session_id == session_id, ImportAuditEvent.action == "session_held")).one()
        return event.payload_json["reasons"]


def test_a_near_duplicate_the_policy_decides_holds_the_run_until_a_person_commits(
    imports: ImportService, engine: Engine, tmp_path: Path
) -> None:
    _seed(imports, tmp_path)
    ProfileService(engine).save_from_config(OPERATOR, "cpus", {"declared_entities": {"cpus": "cpu"}, "on_near_duplicate": "insert"},
                                            origin="cpus.yaml")
    outcome = _run(imports, tmp_path, "cpus", _csv(tmp_path / "drop" / "cpus.csv", ["name,cores", "Intel Core i7-8700 @ 3.20GHz,6"]))

    assert outcome.preview.can_commit, outcome.preview.blocking  # a person at the preview could commit it as it is
    assert outcome.held
    (reason,) = outcome.held_because
    assert "1 new name(s) nearly equal a stored record (on_near_duplicate decides insert)" in reason
    assert "'Intel Core i7-8700 @ 3.20GHz ~ stored Intel Core i7-8700'" in reason
    assert _held_reasons(engine, outcome.session_id) == outcome.held_because
    assert _names(engine, "cpu") == ["Intel Core i7-8700"]

    imports.commit(OPERATOR, outcome.session_id)  # the person's decision: a different CPU after all
    assert _status(engine, outcome.session_id) == SessionStatus.COMMITTED
    assert _names(engine, "cpu") == ["Intel Core i7-8700", "Intel Core i7-8700 @ 3.20GHz"]


def test_a_name_decided_in_the_profile_is_a_persons_decision_and_commits(imports: ImportService, engine: Engine, tmp_path: Path) -> None:
    _seed(imports, tmp_path)
    profile = {"declared_entities": {"cpus": "cpu"}, "near_duplicate_decisions": [{"entity": "cpu", "name": "Intel Core i7-8700 @ 3.20GHz", "decision": "skip"}]}
    ProfileService(engine).save_from_config(OPERATOR, "cpus", profile, origin="cpus.yaml")
    outcome = _run(imports, tmp_path, "cpus", _csv(tmp_path / "drop" / "cpus.csv", ["name,cores", "Intel Core i7-8700 @ 3.20GHz,6"]))
    assert not outcome.held, outcome.held_because
    assert _names(engine, "cpu") == ["Intel Core i7-8700"]


def test_records_created_for_unknown_components_hold_the_run_until_a_person_commits(
    imports: ImportService, engine: Engine, tmp_path: Path
) -> None:
    _seed(imports, tmp_path)
    ProfileService(engine).save_from_config(
        OPERATOR, "listings", {"declared_entities": {"week": "listing"}, "on_unknown_component": "create"}, origin="listings.yaml")
    csv = _csv(tmp_path / "drop" / "week.csv", ["title,price_usd,cpu", "Mystery box,100,Intel Core i9-99999K",
                                                 "Dell with i7,300,Intel Core i7-8700"])
    outcome = _run(imports, tmp_path, "listings", csv)

    assert outcome.preview.can_commit, outcome.preview.blocking
    assert outcome.held
    (reason,) = outcome.held_because
    assert "cpu: 1 unknown record(s) would be created from listings, flagged for review: 'Intel Core i9-99999K'" in reason
    assert _names(engine, "listing") == [] and _names(engine, "cpu") == ["Intel Core i7-8700"]

    imports.commit(OPERATOR, outcome.session_id)
    assert _names(engine, "listing") == ["Dell with i7", "Mystery box"]
    assert _names(engine, "cpu") == ["Intel Core i7-8700", "Intel Core i9-99999K"]


def _seed(imports: ImportService, tmp_path: Path) -> None:
    csv = _csv(tmp_path / "seed" / "cpus.csv", ["name,cores", "Intel Core i7-8700,6"])
    request = ImportOptions(file=str(csv), declared_entities={"cpus": "cpu"}).to_request("seed-cpus", OPERATOR.name)
    assert imports.commit(OPERATOR, imports.preview(OPERATOR, request).session_id) is not None


@pytest.mark.slow
def test_as_a_dagster_run_the_hold_is_tagged_and_fails_the_check_with_the_reason(
    imports: ImportService, engine: Engine, tmp_path: Path, database_url: str
) -> None:
    _seed(imports, tmp_path)
    ProfileService(engine).save_from_config(OPERATOR, "cpus", {"declared_entities": {"cpus": "cpu"}, "on_near_duplicate": "insert"},
                                            origin="cpus.yaml")
    csv = _csv(tmp_path / "drop" / "cpus.csv", ["name,cores", "Intel Core i7-8700 @ 3.20GHz,6"])
    write_source(tmp_path / "sources", "parts", f"profile: cpus\nfiles: {{path: {csv}}}\ntrigger: {{schedule: '0 6 * * *'}}\non_clean: commit\n")
    definitions = build_definitions(ImporterSettings(data_dir=tmp_path / "data", database_url=database_url,
                                                     sources_dir=tmp_path / "sources", feature_unattended_commits=True))
    with dg.instance_for_test() as instance:
        tick = definitions.resolve_schedule_def("parts").evaluate_tick(
            dg.build_schedule_context(instance=instance, repository_def=definitions.get_repository_def()))
        (request,) = tick.run_requests
        result = definitions.resolve_job_def("source_import").execute_in_process(
            run_config=request.run_config, instance=instance, partition_key=request.partition_key, tags=request.tags)
        tags = instance.get_run_by_id(result.run_id).tags
    assert (tags["dealbrain/held"], tags["dealbrain/verdict"]) == ("true", "held")
    (check,) = [c for c in result.get_asset_check_evaluations() if c.check_name == "unattended_commit"]
    assert not check.passed and "on_near_duplicate decides insert" in check.description
    assert _names(engine, "cpu") == ["Intel Core i7-8700"]
