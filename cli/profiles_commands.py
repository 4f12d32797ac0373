"""`importer profiles ...`: save, list, show and replay import profiles.

Every command goes through `ProfileService` (and `ProfileReplay`), so the CLI
has the same permission checks and audit events as every other surface.
Exit codes: 0 done, 1 refused (unknown profile, uncommitted session,
permission), 2 usage (an unreadable config file).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml

from cli.context import cli_actor, cli_database, cli_settings
from cli.import_command import config_document
from cli.output import ExitCode, fail, print_json
from dealbrain.errors import UserFacingError
from dealbrain.tables import text_table

profiles_app = typer.Typer(
    help="Import profiles: named, versioned bundles of everything an import decides except the file.",
    no_args_is_help=True,
)

Name = Annotated[str, typer.Argument(help="The profile's name.", show_default=False)]
AsJson = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
SHOWN_CHANGES = 50


@contextmanager
def _refusals() -> Iterator[None]:
    try:
        yield
    except UserFacingError as refusal:
        fail(str(refusal))


def _document(path: Path) -> dict[str, Any]:
    document = config_document(path)
    ops = document.get("ops")  # a whole run config (the preview's next_try_run_config) is accepted too
    if isinstance(ops, dict) and isinstance(ops.get("uploaded_workbook"), dict):
        document = ops["uploaded_workbook"].get("config") or {}
    return document


@profiles_app.command("save")
def save(
    name: Name,
    from_session: Annotated[str | None, typer.Option("--from-session", help="A committed session whose decisions to keep.")] = None,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="A preview's config file (run config or options).")] = None,
    note: Annotated[str | None, typer.Option(help="Why this version (shown in the history).")] = None,
) -> None:
    """Save a new version of a profile from a committed session or a config file (same content: no new version)."""
    from dealbrain.profiles import ProfileService

    if (from_session is None) == (config is None):
        fail("give --from-session SESSION or --config FILE (one of them).", ExitCode.USAGE_ERROR)
    service = ProfileService(cli_database())
    with _refusals():
        if config is not None:
            saved = service.save_from_config(cli_actor(), name, _document(config), origin=config.name, note=note)
        else:
            saved = service.save_from_session(cli_actor(), name, from_session or "", note=note)
    if saved.created:
        typer.echo(f"Saved profile {saved.name} version {saved.version}.")
    else:
        typer.echo(f"Profile {saved.name} version {saved.version} already holds exactly this; no new version.")


@profiles_app.command("list")
def list_profiles(as_json: AsJson = False) -> None:
    """Every profile, its current version and how many sessions used it."""
    from dealbrain.profiles import ProfileService

    with _refusals():
        rows = ProfileService(cli_database()).list(cli_actor())
    if as_json:
        print_json([vars(row) for row in rows])
        return
    if not rows:
        typer.echo("No import profiles yet: `importer profiles save NAME --from-session SESSION` makes one.")
        return
    typer.echo(text_table([{"profile": r.name, "version": r.current_version, "created by": r.created_by, "sessions": r.sessions}
                           for r in rows], ["profile", "version", "created by", "sessions"]))


@profiles_app.command("show")
def show(name: Name, as_json: AsJson = False) -> None:
    """A profile's current options and its version history (what each version changed)."""
    from dealbrain.profiles import ProfileService

    with _refusals():
        detail = ProfileService(cli_database()).show(cli_actor(), name)
    if as_json:
        print_json({"name": detail.name, "current_version": detail.current_version, "versions": [vars(v) for v in detail.versions]})
        return
    typer.echo(f"Profile {detail.name}, version {detail.current_version}:")
    typer.echo(yaml.safe_dump(detail.current.options, sort_keys=False).rstrip())
    typer.echo("\nHistory:")
    typer.echo(text_table([
        {"version": v.version, "saved at": f"{v.saved_at:%Y-%m-%d %H:%M}" if v.saved_at else "", "by": v.saved_by,
         "from": v.saved_from, "changed": ", ".join(v.changed) or "-", "note": v.note or ""} for v in detail.versions],
        ["version", "saved at", "by", "from", "changed", "note"]))


@profiles_app.command("replay")
def replay(
    name: Name,
    config: Annotated[Path, typer.Option("--config", "-c", help="The changed profile (options or a run config).")],
    as_json: AsJson = False,
) -> None:
    """Preview the profile's stored past files with its current and its changed options, and show what differs."""
    from dealbrain.importing.service import ImportService
    from dealbrain.ingest import UploadStore
    from dealbrain.profiles.replay import ProfileReplay

    settings = cli_settings()
    imports = ImportService(cli_database(), UploadStore(settings.effective_upload_dir))
    with _refusals():
        report = ProfileReplay(imports).replay(cli_actor(), name, _document(config), origin=config.name)
    if as_json:
        print_json({"profile": report.profile, "version": report.version, "changed_fields": report.changed_fields,
                    "differs": report.differs, "notes": report.notes, "files": [vars(f) for f in report.files]})
        return
    typer.echo(f"Replaying {len(report.files)} stored file(s) of profile {name} (version {report.version} vs {config.name}); "
               f"changed options: {', '.join(report.changed_fields) or 'none'}.")
    for item in report.files:
        typer.echo(f"\n{item.file} (sessions {', '.join(item.sessions)}): {'differs' if item.differs else 'same result'}")
        for entity in sorted(set(item.counts_before) | set(item.counts_after)):
            typer.echo(f"  {entity}: {item.counts_before.get(entity)} -> {item.counts_after.get(entity)}")
        if item.blocking_before != item.blocking_after:
            typer.echo(f"  blocking: {item.blocking_before or 'nothing'} -> {item.blocking_after or 'nothing'}")
        for change in item.changed_records[:SHOWN_CHANGES]:
            typer.echo(f"  {change['entity']} {change['key']}: {change['field']} {change['before']!r} -> {change['after']!r}")
        if len(item.changed_records) > SHOWN_CHANGES:
            typer.echo(f"  … and {len(item.changed_records) - SHOWN_CHANGES} more (--json lists all).")
    for note in report.notes:
        typer.echo(f"note: {note}")
