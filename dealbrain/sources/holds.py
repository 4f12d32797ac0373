"""What makes an unattended run wait for a person even when its preview would commit.

A preview commits when nothing blocks it, and a policy can unblock a lot: an
``on_near_duplicate`` policy decides every likely duplicate, an
``on_unknown_component`` policy lets listings create CPUs and GPUs. A person
at the preview sees those rows before committing; an unattended run has no
one looking, so it holds the session on each of them:

- a column of the file that is new to the profile (not mapped, promoted or ignored);
- a new name nearly equal to a stored record's, unless the profile decides that very name
  (``near_duplicate_decisions``: a person's decision, saved); a blanket ``on_near_duplicate`` still holds;
- a record the commit would create for an unknown component (always flagged for review).
"""

from __future__ import annotations

from dealbrain.importing.created_records import CREATE
from dealbrain.importing.stages.validation import ImportPreview
from dealbrain.mapping import Bucket

LISTED = 5


def new_columns(preview: ImportPreview) -> list[str]:
    return [f"{sheet.name}: {column.column}" for sheet in preview.sheets for column in sheet.mapping.columns
            if column.bucket == Bucket.NEW]


def _names(names: list[str]) -> str:
    shown = ", ".join(repr(name) for name in names[:LISTED])
    return shown + (f" and {len(names) - LISTED} more" if len(names) > LISTED else "")


def near_duplicate_holds(preview: ImportPreview) -> list[str]:
    """One reason per entity with likely duplicates decided only by the blanket policy (undecided ones block already)."""
    reasons = []
    for entity, report in preview.entities.items():
        if report.near_duplicates is None or report.near_duplicates.rows.is_empty():
            continue
        rows = report.near_duplicates.rows
        by_policy = [row for row in rows.iter_rows(named=True) if row["decision"] is not None
                     and preview.request.near_duplicate_decision(entity, str(row["name"])) is None]
        if not by_policy:
            continue
        pairs = [f"{row['name']} ~ stored {row['candidate']}" for row in by_policy]
        decided = ", ".join(sorted({str(row["decision"]) for row in by_policy}))
        reasons.append(
            f"{entity}: {len(by_policy)} new name(s) nearly equal a stored record (on_near_duplicate decides {decided}): "
            f"{_names(pairs)}; "
            "a person checks them (commit the session, or decide each name in the profile's near_duplicate_decisions)"
        )
    return reasons


def created_record_holds(preview: ImportPreview) -> list[str]:
    """One reason per entity the commit would create records of for unknown components."""
    created: dict[str, list[str]] = {}
    for entry in preview.created_records():
        if entry["decision"] != CREATE:
            continue  # a blocked creation blocks the preview already
        created.setdefault(str(entry["entity"]), []).append(str(entry["name"]))
    return [
        f"{entity}: {len(names)} unknown record(s) would be created from listings, flagged for review: {_names(names)}; "
        f"a person checks them (commit the session, or import the {entity} records first)"
        for entity, names in created.items()
    ]


def unattended_holds(preview: ImportPreview, profile: str) -> list[str]:
    """Every reason beyond the preview's own blocking ones for which an unattended run holds the session."""
    reasons = [f"new column {column} (not in profile {profile!r}: map, promote or ignore it)" for column in new_columns(preview)]
    return [*reasons, *near_duplicate_holds(preview), *created_record_holds(preview)]
