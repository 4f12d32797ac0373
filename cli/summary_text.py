"""The human-readable summary of an import run."""

from __future__ import annotations

from typing import Any

import typer

from cli.preview_rows_text import print_preview_rows
from dealbrain.tables import text_table

COUNT_COLUMNS = ("insert", "update", "unchanged", "skipped", "rejected", "duplicates")


def print_import_summary(summary: dict[str, Any]) -> None:
    status = summary["status"]
    typer.echo(f"\nSession {summary['session_id']}: {status}" + (f" ({summary['file']})" if "file" in summary else ""))
    if summary.get("sheets"):
        sheets = [sheet | {"entity": sheet["entity"] or "(skipped)"} for sheet in summary["sheets"]]
        typer.echo(text_table(sheets, ("sheet", "entity", "rows"), indent="  "))
    if summary.get("planned"):
        heading = "Committed" if status == "committed" else "Planned changes"
        typer.echo(f"\n{heading}:")
        rows = []
        for entity, counts in summary["planned"].items():
            if status == "committed":
                done = summary["counts"][entity]
                counts = counts | {"insert": done["inserted"], "update": done["updated"], "unchanged": done["unchanged"]}
            rows.append({"entity": entity, **counts})
        typer.echo(text_table(rows, ("entity", *COUNT_COLUMNS), indent="  "))
    if status != "committed":
        print_preview_rows(summary)
    for entity, names in (summary.get("auto_created") or {}).items():
        verb = "Created" if status == "committed" else "Will create"
        typer.echo(f"{verb} {len(names)} {entity} record(s) named by listings: {', '.join(names[:10])}")
    if summary.get("needs_review"):
        typer.echo(f"{summary['needs_review']} component match(es) need review (see validated_preview in the UI).")
    for label, key in (("Warning", "warnings"), ("Blocks the commit", "blocking"), ("Error", "errors")):
        for line in summary.get(key) or []:
            typer.echo(f"{label}: {line}", err=key == "errors")
    if summary.get("error_workbook"):
        typer.echo(f"Preview workbook (failing rows, every planned insert and update, rows left out): {summary['error_workbook']}")
    if status == "previewed":
        typer.echo("Preview only: run again with --commit to write it.")
    typer.echo(
        f"\nSee every stage in the Dagster UI: run `importer ui`, open http://127.0.0.1:3000 "
        f"and pick run {summary.get('run_id', '')[:8]} (partition {summary['session_id']})."
    )
