"""The short text form of the preview's row tables: first planned inserts and updates, rows left out, likely duplicates."""

from __future__ import annotations

from typing import Any

import typer

from dealbrain.tables import text_table

KEY_COLUMNS = ("name", "title")


def _key(row: dict[str, Any]) -> str:
    return next((str(row[column]) for column in KEY_COLUMNS if row.get(column) is not None), "")


def _more(part: dict[str, Any]) -> str:
    hidden = part["total"] - part["shown"]
    return f"  … and {hidden} more (--rows N shows more; the preview workbook lists every one)" if hidden > 0 else ""


def print_preview_rows(summary: dict[str, Any]) -> None:
    """What the commit will write, record by record (the first ``--rows``), and what was left out or is in doubt."""
    for entity, actions in (summary.get("planned_rows") or {}).items():
        for action in ("insert", "update"):
            part = actions[action]
            if not part["total"]:
                continue
            typer.echo(f"\n{entity}: {part['total']} to {action}:")
            rows = [
                {"sheet": r["sheet"], "row": r["row"], "record": _key(r), **({"changes": r["changes"]} if action == "update" else {})}
                for r in part["rows"]
            ]
            columns = ("sheet", "row", "record", "changes") if action == "update" else ("sheet", "row", "record")
            typer.echo(text_table(rows, columns, indent="  "))
            if _more(part):
                typer.echo(_more(part))
    left_out = summary.get("left_out_rows") or {}
    if left_out.get("total"):
        typer.echo(f"\nLeft out as not records ({left_out['total']}; keep_rows brings one back):")
        typer.echo(text_table(left_out["rows"], ("sheet", "row", "reason", "text"), indent="  "))
    near = summary.get("near_duplicates") or {}
    if near.get("total"):
        typer.echo(f"\nLikely duplicates of stored records ({near['total']}; decide in near_duplicate_decisions):")
        rows = [r | {"decision": r["decision"] or "undecided (blocks)"} for r in near["rows"]]
        typer.echo(text_table(rows, ("entity", "sheet", "row", "name", "candidate", "score", "decision"), indent="  "))
    same = summary.get("same_part_in_file") or {}
    if same.get("total"):
        typer.echo(f"\nRows of this file naming the same part ({same['total']}):")
        typer.echo(text_table(same["rows"], ("entity", "sheet", "row", "name", "same_as"), indent="  "))
