"""The human-readable summary of an import run."""

from __future__ import annotations

from typing import Any

import typer

from cli.mapping_text import print_duplicates, print_mapping, print_unknown_choices
from cli.preview_rows_text import print_preview_rows
from dealbrain.tables import text_table

COUNT_COLUMNS = ("insert", "update", "unchanged", "skipped", "rejected")


def print_import_summary(summary: dict[str, Any]) -> None:
    status = summary["status"]
    typer.echo(f"\nSession {summary['session_id']}: {status}" + (f" ({summary['file']})" if "file" in summary else ""))
    if summary.get("sheets"):
        sheets = [sheet | {"entity": sheet["entity"] or "(skipped)"} for sheet in summary["sheets"]]
        typer.echo(text_table(sheets, ("sheet", "entity", "rows"), indent="  "))
    print_mapping(summary)
    print_unknown_choices(summary)
    if summary.get("planned"):
        heading = "Committed" if status == "committed" else "Planned changes"
        typer.echo(f"\n{heading}:")
        rows = []
        for entity, counts in summary["planned"].items():
            if status == "committed":
                done = summary["counts"][entity]
                counts = counts | {"insert": done["inserted"], "update": done["updated"], "unchanged": done["unchanged"]}
            rows.append({"entity": entity, **counts})
        blocking = summary.get("on_duplicate") == "error"
        label = "duplicates_blocking" if blocking else "duplicates_dropped"
        for row in rows:
            row[label] = summary.get("duplicates", {}).get(row["entity"], 0) if blocking else row.get("duplicates", 0)
        typer.echo(text_table(rows, ("entity", *COUNT_COLUMNS, label), indent="  "))
    print_duplicates(summary)
    created = summary.get("created_records") or []
    if created:
        heading = "Created, flagged for review" if status == "committed" else "Records to create for unknown components (flagged for review)"
        typer.echo(f"\n{heading}:")
        typer.echo(text_table(created, ("entity", "name", "filled_in", "decision", "named_by"), indent="  "))
    if summary.get("listing_components"):
        typer.echo(f"\nListing components ({len(summary['listing_components'])}):")
        typer.echo(text_table(summary["listing_components"][:30], ("sheet", "row", "listing", "component_type", "name", "quantity", "record"), indent="  "))
    if status != "committed":
        print_preview_rows(summary)
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
