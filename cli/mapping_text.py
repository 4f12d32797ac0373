"""The column mapping, unknown choice values and duplicates of an import summary, as text for the terminal."""

from __future__ import annotations

from typing import Any

import typer

from dealbrain.tables import text_table

BUCKETS = (("mapped", "Mapped"), ("suggested", "Suggested"), ("new", "New (not loaded)"), ("ignored", "Ignored"))
COLUMNS = ("column", "target", "confidence", "rationale")


def _rows(columns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "column": column["column"],
            "target": (column["field"] or "-") + ("" if column["loaded"] or not column["field"] else " (awaiting acceptance)"),
            "confidence": f"{column['confidence']:.0%}",
            "rationale": column["rationale"],
        }
        for column in columns
    ]


def print_mapping(summary: dict[str, Any]) -> None:
    """Per sheet the columns of each bucket, then a warning naming every column that will not be loaded."""
    for sheet in summary.get("mapping") or []:
        typer.echo(f"\nMapping of sheet {sheet['sheet']!r} -> {sheet['entity']}:")
        if sheet.get("remembered_from"):
            typer.echo(f"  (started from the mapping confirmed in session {sheet['remembered_from']})")
        for bucket, title in BUCKETS:
            if sheet.get(bucket):
                typer.echo(f"  {title}:")
                typer.echo(text_table(_rows(sheet[bucket]), COLUMNS, indent="    "))
    for row in summary.get("unloaded_columns") or []:
        typer.echo(f"Warning: column {row['column']!r} of sheet {row['sheet']!r} will not be loaded: {row['reason']}")


def print_unknown_choices(summary: dict[str, Any]) -> None:
    rows = summary.get("unknown_choices") or []
    if not rows:
        return
    typer.echo("\nChoice values matching no option (their rows fail until mapped in value_mappings):")
    shown = [row | {"closest": row["closest"] or "(none close)"} for row in rows]
    typer.echo(text_table(shown, ("sheet", "column", "field", "value", "rows", "closest"), indent="  "))


def print_duplicates(summary: dict[str, Any]) -> None:
    for entity in (summary.get("duplicate_rows") or {}).values():
        typer.echo(f"\nDuplicates: {entity['headline']}.")
        typer.echo(text_table(entity["rows"], ("sheet", "row", "key", "outcome"), indent="  "))
