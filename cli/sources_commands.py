"""`importer sources ...`: list and check the recurring sources, and commit a held session after review.

Exit codes: 0 done, 1 a source file is malformed or the commit was refused, 2 usage.
"""

from __future__ import annotations

from typing import Annotated

import typer

from cli.context import cli_actor, cli_settings
from cli.launch_identity import launch_tags
from cli.output import ExitCode, fail
from cli.run_progress import printed_run_watch
from dealbrain.tables import text_table

sources_app = typer.Typer(help="Recurring sources: one YAML file each in the sources folder (IMPORTER_SOURCES_DIR).",
                          no_args_is_help=True)


@sources_app.command("list")
def list_sources() -> None:
    """Every source of the sources folder with its profile, trigger and what a clean preview does; problems last."""
    from dealbrain.sources.loader import load_sources

    settings = cli_settings()
    loaded = load_sources(settings.sources_dir)
    if loaded.sources:
        typer.echo(text_table([
            {"source": s.name, "profile": s.profile, "trigger": s.trigger.schedule or f"sensor every {s.trigger.sensor.minimum_interval_seconds}s",
             "on clean": str(s.on_clean), "files now": s.url or len(s.files_now())} for s in loaded.sources],
            ["source", "profile", "trigger", "on clean", "files now"]))
    else:
        typer.echo(f"No sources in {settings.sources_dir}.")
    switch = settings.environment.switches.unattended_commits
    typer.echo(f"Unattended commits: {'on' if switch else 'off (every run holds its session; IMPORTER_FEATURE_UNATTENDED_COMMITS)'}.")
    for problem in loaded.problems:
        typer.echo(f"error: {problem}", err=True)
    if loaded.problems:
        raise typer.Exit(int(ExitCode.DATA_REFUSED))


@sources_app.command("commit")
def commit_held(
    session: Annotated[str, typer.Argument(metavar="SESSION", help="The held session (its run's dealbrain/session tag).")],
) -> None:
    """A person's decision: commit a held session exactly as previewed (an ordinary commit_import run)."""
    from pipelines.launch import launch_job

    session_id = session.strip()
    if not session_id:
        fail("SESSION is empty; pass the id of a held session.", ExitCode.USAGE_ERROR)
    actor = cli_actor()
    typer.echo(f"Committing session {session_id}…", err=True)
    outcome = launch_job("commit_import", settings=cli_settings(), session_id=session_id, actor=actor.name,
                         run_config={}, tags=launch_tags(actor), watch=printed_run_watch())
    if outcome.result is None:
        fail("; ".join(outcome.errors + outcome.infrastructure_errors) or f"Session {session_id} was not committed.")
    counts = outcome.result.counts()
    typer.echo(f"Committed session {session_id}: " + ", ".join(
        f"{entity} {c.get('inserted', 0)} inserted, {c.get('updated', 0)} updated" for entity, c in counts.items()))
