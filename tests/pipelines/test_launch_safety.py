"""What a launch may say, and what crosses from one run to the next (the hostile review's code-execution chain)."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import dagster as dg
import pytest
from sqlalchemy import Engine, text

from assets.session_partitions import import_sessions
from dealbrain.auth import Role
from dealbrain.settings import ImporterSettings
from pipelines.definitions import build_definitions
from tests.importing.workbooks import CPU_HEADER, CPU_ROWS, write_xlsx
from tests.support.dagster_runs import auth_settings, launch_tags_as, step_failure

pytestmark = pytest.mark.slow
JOBS = ["import_workbook", "commit_import", "undo_import", "manage_custom_fields", "check_reference_data"]


class _Detonator:
    """Unpickling this writes a marker file: proof that a stored value was executed."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "executed"))


@pytest.fixture
def definitions(engine: Engine, settings: ImporterSettings) -> dg.Definitions:
    return build_definitions(settings)


def _run(definitions: dg.Definitions, job: str, session: str, config: dict[str, Any], **kwargs: Any) -> dg.ExecuteInProcessResult:
    instance = kwargs.pop("instance", None) or dg.DagsterInstance.ephemeral()
    instance.add_dynamic_partitions(import_sessions.name, [session])
    return definitions.resolve_job_def(job).execute_in_process(
        run_config=config, instance=instance, partition_key=session, raise_on_error=False, **kwargs
    )


def _import(path: Path, **fields: Any) -> dict[str, Any]:
    return {"ops": {"uploaded_workbook": {"config": {"file": str(path), **fields}}}}


def _cpus(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": [CPU_HEADER, *CPU_ROWS]})


def _count(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(text("SELECT count(*) FROM cpu")).scalar_one()


def test_the_launchpad_offers_the_policies_as_enumerations(definitions: dg.Definitions) -> None:
    config_type = definitions.resolve_job_def("import_workbook").run_config_schema.config_type
    form = config_type.fields["ops"].config_type.fields["uploaded_workbook"].config_type.fields["config"].config_type
    def values(name: str) -> list[str]:
        kind = form.fields[name].config_type
        kind = getattr(kind, "inner_type", kind)  # optional fields are Noneable
        kind = getattr(kind, "inner_type", kind)  # a map's values
        return [value.config_value for value in kind.enum_values]

    assert values("on_duplicate") == ["error", "first", "last"]
    assert values("on_invalid") == ["error", "skip"]
    assert values("conflict_policy") == ["update", "skip", "keep", "merge"]
    assert "cpu" in values("declared_entities")


def test_a_misspelt_policy_is_refused_before_any_run_starts(definitions: dg.Definitions, tmp_path: Path) -> None:
    instance = dg.DagsterInstance.ephemeral()
    with pytest.raises(dg.DagsterInvalidConfigError, match="on_duplicate.*frist"):
        _run(definitions, "import_workbook", "s1", _import(_cpus(tmp_path), on_duplicate="frist"), instance=instance)
    assert instance.get_runs() == []


@pytest.mark.parametrize("job", JOBS)
def test_no_run_config_can_reconfigure_a_resource(definitions: dg.Definitions, job: str) -> None:
    resources = definitions.resolve_job_def(job).run_config_schema.config_type.fields["resources"].config_type.fields
    assert set(resources) >= {"deployment", "io_manager"}
    for name in resources:
        for entry in ({"url": "sqlite:////tmp/elsewhere.db"}, {"base_dir": "/tmp"}, {"name": "root", "role": "admin"}):
            with pytest.raises(dg.DagsterInvalidConfigError, match=f"unexpected config entr.*resources:{name}:config"):
                dg.validate_run_config(definitions.resolve_job_def(job), {"resources": {name: {"config": entry}}})


def test_a_session_key_with_a_slash_is_refused(definitions: dg.Definitions, engine: Engine, tmp_path: Path) -> None:
    result = _run(definitions, "import_workbook", "../../uploads/x", _import(_cpus(tmp_path), commit=True))
    assert "is not allowed: use letters, digits" in step_failure(result)
    assert _count(engine) == 0


@pytest.mark.parametrize(("name", "problem"), [("missing.xlsx", "does not exist"), ("folder", "is a folder, not a file")])
def test_a_file_that_cannot_be_read_fails_with_one_sentence(definitions: dg.Definitions, tmp_path: Path, name: str, problem: str) -> None:
    (tmp_path / "folder").mkdir()
    message = step_failure(_run(definitions, "import_workbook", "s1", _import(tmp_path / name)))
    assert message.startswith(f"The file '{tmp_path / name}' named in the import config {problem};")
    assert "Traceback" not in message and "\n" not in message


def test_the_waiting_preview_is_stored_as_json_and_parquet_only(
    definitions: dg.Definitions, settings: ImporterSettings, tmp_path: Path
) -> None:
    assert _run(definitions, "import_workbook", "s1", _import(_cpus(tmp_path))).success
    folder = settings.effective_upload_dir / "previews" / "s1"
    assert sorted(path.name for path in folder.iterdir()) == ["cpu.rows.parquet", "manifest.json"]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["format_version"] == 1 and manifest["session_id"] == "s1"
    assert (folder / "cpu.rows.parquet").read_bytes()[:4] == b"PAR1"
    dagster_home = settings.effective_dagster_home
    assert not dagster_home.exists() or not any(dagster_home.rglob("storage/*"))  # no step outputs on disk


@pytest.mark.parametrize("tamper", ["manifest", "rows", "pickle", "foreign"])
def test_a_tampered_or_foreign_preview_is_refused_and_never_executed(
    definitions: dg.Definitions, settings: ImporterSettings, engine: Engine, tmp_path: Path, tamper: str
) -> None:
    path = _cpus(tmp_path)
    instance = dg.DagsterInstance.ephemeral()
    assert _run(definitions, "import_workbook", "s1", _import(path), instance=instance).success
    assert _run(definitions, "import_workbook", "s2", _import(path, on_duplicate="first"), instance=instance).success
    previews = settings.effective_upload_dir / "previews"
    marker = tmp_path / "executed.txt"
    if tamper == "manifest":
        manifest = json.loads((previews / "s1" / "manifest.json").read_text(encoding="utf-8"))
        manifest["blocking"] = []
        manifest["conflict_policy"] = "update"
        (previews / "s1" / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    elif tamper == "rows":
        (previews / "s1" / "cpu.rows.parquet").write_bytes(b"PAR1" + b"\0" * 64)
    elif tamper == "pickle":
        for stored in (previews / "s1").iterdir():
            stored.write_bytes(pickle.dumps(_Detonator(marker)))
    else:
        for stored in (previews / "s2").iterdir():
            (previews / "s1" / stored.name).write_bytes(stored.read_bytes())

    message = step_failure(_run(definitions, "commit_import", "s1", {}, instance=instance))

    assert "nothing was written" in message or "of another format or session" in message or "is not the one" in message
    assert not marker.exists()
    assert _count(engine) == 0


def test_commit_import_checks_who_acts_before_it_reads_the_stored_preview(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    settings = auth_settings(tmp_path, database_url)
    definitions = build_definitions(settings)
    instance = dg.DagsterInstance.ephemeral()
    tags = launch_tags_as(engine, "olga", Role.OPERATOR)
    assert _run(definitions, "import_workbook", "s1", _import(_cpus(tmp_path)), instance=instance, tags=tags).success
    marker = tmp_path / "executed.txt"
    for stored in (settings.effective_upload_dir / "previews" / "s1").iterdir():
        stored.write_bytes(pickle.dumps(_Detonator(marker)))

    message = step_failure(_run(definitions, "commit_import", "s1", {}, instance=instance))

    assert "needs a launch token" in message and not marker.exists()


def test_commit_import_with_its_defaults_commits_the_last_preview_and_tags_the_run(
    definitions: dg.Definitions, engine: Engine, tmp_path: Path
) -> None:
    instance = dg.DagsterInstance.ephemeral()
    assert _run(definitions, "import_workbook", "s1", _import(_cpus(tmp_path)), instance=instance).success
    committed = _run(definitions, "commit_import", "s1", {}, instance=instance)
    assert committed.success and _count(engine) == 3
    tags = instance.get_run_by_id(committed.run_id).tags
    assert tags["dealbrain/verdict"] == "committed" and tags["dealbrain/session"] == "s1"
    assert tags["dealbrain/writes"] == "database"
    again = _run(definitions, "commit_import", "s1", {}, instance=instance)
    assert "already committed" in step_failure(again)
