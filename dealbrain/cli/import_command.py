"""`importer import PATH`: run the import job in-process on the same Dagster instance as the UI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
import yaml

from dealbrain.cli.context import cli_actor, cli_settings
from dealbrain.cli.launch_identity import launch_run_config
from dealbrain.cli.output import ExitCode, fail, print_json
from dealbrain.cli.summary_text import print_import_summary

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}


def _declarations(path: Path, declare: list[str]) -> dict[str, str]:
    declared: dict[str, str] = {}
    for item in declare:
        sheet, separator, entity = item.rpartition("=")
        if not separator:
            if path.suffix.lower() not in CSV_SUFFIXES:
                fail(f"--declare {item!r}: use SHEET=ENTITY for workbooks (ENTITY alone only for CSV/TSV).", ExitCode.USAGE_ERROR)
            sheet = path.stem
        declared[sheet.strip()] = entity.strip()
    return declared


def _config_file(config_path: Path | None) -> dict[str, Any]:
    if config_path is None:
        return {}
    try:
        document = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        fail(f"cannot read --config {config_path}: {error}", ExitCode.USAGE_ERROR)
    if not isinstance(document, dict):
        fail(f"--config {config_path} must hold a mapping of import settings.", ExitCode.USAGE_ERROR)
    from assets.import_config import ImportConfig

    unknown = sorted(set(document) - set(ImportConfig.model_fields))
    if unknown:
        valid = ", ".join(sorted(ImportConfig.model_fields))
        fail(f"--config {config_path}: unknown setting(s) {', '.join(unknown)}; the settings are {valid}.", ExitCode.USAGE_ERROR)
    if not isinstance(document.get("declared_entities", {}), dict):
        fail(f"--config {config_path}: declared_entities must map sheet names to entities.", ExitCode.USAGE_ERROR)
    return document


def build_import_config(
    path: Path, declare: list[str], config_path: Path | None, commit: bool, **policies: str | None
) -> dict[str, Any]:
    """The uploaded_workbook config: the --config file, then the command-line options on top."""
    config = _config_file(config_path)
    config["file"] = str(path.resolve())
    declared = {**config.get("declared_entities", {}), **_declarations(path, declare)}
    if declared:
        config["declared_entities"] = declared
    config |= {setting: value for setting, value in policies.items() if value}
    if commit:
        config["commit"] = True
    return config


def _check_config(config: dict[str, Any], actor: str) -> None:
    """Refuse a bad config before starting Dagster, with the field at fault."""
    from pydantic import ValidationError

    from assets.import_config import ImportConfig
    from dealbrain.importing.errors import OPERATOR_ERRORS

    try:
        ImportConfig(**config).to_request("check", actor)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        fail(f"invalid import config: {problems}", ExitCode.USAGE_ERROR)
    except OPERATOR_ERRORS as error:
        fail(str(error), ExitCode.USAGE_ERROR)


def import_command(
    path: Path = typer.Argument(..., help="The .xlsx, .csv or .tsv file to import."),
    declare: list[str] = typer.Option([], "--declare", "-d", help="SHEET=ENTITY (repeatable); ENTITY alone for a CSV/TSV."),
    config: Path | None = typer.Option(None, "--config", "-c", help="YAML file with the import run config fields."),
    on_duplicate: str | None = typer.Option(None, help="Rows repeating a name: error, first or last."),
    on_invalid: str | None = typer.Option(None, help="Rows failing validation: error or skip."),
    on_conflict: str | None = typer.Option(None, help="Rows changing stored records: update, skip, keep or merge."),
    commit: bool = typer.Option(False, "--commit", help="Write to the database when the preview is clean."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of the summary."),
) -> None:
    """Preview (and with --commit, load) a spreadsheet through the Dagster import job."""
    if not path.is_file():
        fail(f"{path} does not exist or is not a file.", ExitCode.USAGE_ERROR)
    settings, actor = cli_settings(), cli_actor()
    run_config = build_import_config(
        path, declare, config, commit, on_duplicate=on_duplicate, on_invalid=on_invalid, conflict_policy=on_conflict
    )
    _check_config(run_config, actor.name)

    from dealbrain.importing.summary import import_summary
    from pipelines.launch import launch_job, new_session_id

    session_id = new_session_id()
    progress = None if as_json else (lambda stage: typer.echo(f"  ✓ {stage}", err=True))
    if not as_json:
        typer.echo(f"Importing {path.name} as session {session_id}…", err=True)
    outcome = launch_job(
        "import_workbook", settings=settings, session_id=session_id, actor=actor.name,
        run_config={"ops": {"uploaded_workbook": {"config": run_config}}, **launch_run_config(actor)}, progress=progress,
    )
    summary = import_summary(session_id, outcome.preview, outcome.result, outcome.errors)
    summary["run_id"] = outcome.run_id
    if as_json:
        print_json(summary)
    else:
        print_import_summary(summary)
    if summary["status"] in {"failed", "blocked"}:
        raise typer.Exit(int(ExitCode.DATA_REFUSED))
