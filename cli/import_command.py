"""`importer import PATH`: run the import job in-process on the same Dagster instance as the UI."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
import yaml

from cli.context import cli_actor, cli_settings
from cli.launch_identity import launch_tags
from cli.output import ExitCode, fail, print_json
from cli.run_progress import printed_run_watch
from cli.summary_text import print_import_summary
from dealbrain.importing.policies import (
    ConflictPolicy,
    DuplicatePolicy,
    InvalidRowPolicy,
)

WORKBOOK_SUFFIXES = {".xlsx", ".xlsm"}
"""Files read by the xlsx reader's own process (`dealbrain.ingest.xlsx_isolation`)."""
SINGLE_SHEET_SUFFIXES = {".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson"}
"""Files holding one sheet (named after the file): `--declare ENTITY` alone is enough for them."""


def _declarations(path: Path, declare: list[str]) -> dict[str, str]:
    declared: dict[str, str] = {}
    for item in declare:
        sheet, separator, entity = item.rpartition("=")
        if not separator:
            if path.suffix.lower() not in SINGLE_SHEET_SUFFIXES:
                fail(f"--declare {item!r}: use SHEET=ENTITY for workbooks (ENTITY alone only for CSV, TSV and JSON files).", ExitCode.USAGE_ERROR)
            sheet = path.stem
        declared[sheet.strip()] = entity.strip()
    return declared


def config_document(config_path: Path | None) -> dict[str, Any]:
    """The mapping of import settings a --config YAML file holds ({} without one); exit 2 saying why when it is not one."""
    if config_path is None:
        return {}
    try:
        document = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        fail(f"cannot read --config {config_path}: {error}", ExitCode.USAGE_ERROR)
    if not isinstance(document, dict):
        fail(f"--config {config_path} must hold a mapping of import settings.", ExitCode.USAGE_ERROR)
    return document


def build_import_config(
    path: Path, declare: list[str], config_path: Path | None, commit: bool, accept_suggestions: bool = False,
    **policies: StrEnum | str | None,
) -> dict[str, Any]:
    """The uploaded_workbook config: the --config file, then the command-line options on top, checked."""
    config = config_document(config_path)
    config["file"] = str(path.resolve())
    declared = config.get("declared_entities") or {}
    if isinstance(declared, dict):  # anything else is refused below, naming the setting
        declared = {**declared, **_declarations(path, declare)}
    if declared:
        config["declared_entities"] = declared
    config |= {setting: str(value) for setting, value in policies.items() if value}  # and --profile
    if commit:
        config["commit"] = True
    if accept_suggestions:
        config["accept_suggestions"] = True
    from dealbrain.importing.options import (
        ImportOptions,  # the import's models load polars: not on --help's path
    )
    from dealbrain.importing.request import ImportRequestError

    origin = f"--config {config_path}" if config_path else "import options"
    try:
        ImportOptions.parse(config, origin=origin)
    except ImportRequestError as error:
        fail(str(error), ExitCode.USAGE_ERROR)
    return config


def import_command(
    path: Path = typer.Argument(..., help="The .xlsx, .csv or .tsv file to import."),
    declare: list[str] = typer.Option([], "--declare", "-d", help="SHEET=ENTITY (repeatable); ENTITY alone for a CSV, TSV or JSON file."),
    config: Path | None = typer.Option(None, "--config", "-c", help="YAML file with the import run config fields."),
    on_duplicate: DuplicatePolicy | None = typer.Option(None, case_sensitive=False, help="Rows repeating a name."),
    on_invalid: InvalidRowPolicy | None = typer.Option(None, case_sensitive=False, help="Rows failing validation."),
    on_conflict: ConflictPolicy | None = typer.Option(None, case_sensitive=False, help="Rows changing stored records."),
    commit: bool = typer.Option(False, "--commit", help="Write to the database when the preview is clean."),
    accept_suggestions: bool = typer.Option(
        False, "--accept-suggestions", help="Load every suggested column, those awaiting acceptance too (accept_suggestions: true)."
    ),
    profile: str | None = typer.Option(
        None, "--profile", "-p", help="Import profile to start from; --config and the options here win over it."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of the summary."),
    rows: int = typer.Option(
        10, "--rows", min=0, help="How many planned inserts and updates (per entity), rows left out and likely duplicates to show."
    ),
) -> None:
    """Preview (and with --commit, load) a spreadsheet through the Dagster import job."""
    if not path.is_file():
        fail(f"{path} does not exist or is not a file.", ExitCode.USAGE_ERROR)
    settings, actor = cli_settings(), cli_actor()
    run_config = build_import_config(
        path, declare, config, commit, accept_suggestions,
        on_duplicate=on_duplicate, on_invalid=on_invalid, conflict_policy=on_conflict, profile=profile,
    )
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        from dealbrain.ingest.reader_server_client import reader_server

        reader_server().start()  # the xlsx reader loads polars on the other core while Dagster starts here

    from dealbrain.importing.summary import import_summary
    from pipelines.launch import launch_job, new_session_id

    session_id = new_session_id()
    watch = None if as_json else printed_run_watch()
    if not as_json:
        typer.echo(f"Importing {path.name} as session {session_id}…", err=True)
    outcome = launch_job(
        "import_workbook", settings=settings, session_id=session_id, actor=actor.name,
        run_config={"ops": {"uploaded_workbook": {"config": run_config}}}, tags=launch_tags(actor), watch=watch,
    )
    summary = import_summary(
        session_id, outcome.preview, outcome.result, outcome.errors + outcome.infrastructure_errors, rows=rows
    )
    summary["run_id"] = outcome.run_id
    if outcome.infrastructure_errors:
        summary["status"] = "infrastructure_failure"
    if as_json:
        print_json(summary)
    else:
        print_import_summary(summary)
    if outcome.infrastructure_errors:
        typer.echo(
            "The run failed for a reason outside the data; nothing was written and retrying is safe.", err=True
        )
        raise typer.Exit(int(ExitCode.INFRASTRUCTURE))
    if summary["status"] in {"failed", "blocked"}:
        raise typer.Exit(int(ExitCode.DATA_REFUSED))
