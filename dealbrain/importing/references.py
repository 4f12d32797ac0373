"""Matching the CPU, GPU and ports profile a listing names to stored or incoming records.

Exact and normalized names link automatically, close fuzzy matches link but
are flagged for review, and names matching nothing are either created on
commit (CPUs, as lightweight records) or reported as failures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from dealbrain.importing.failures import FAILURE_COLUMNS
from dealbrain.importing.stages.typing import TypedSheet
from dealbrain.matching import Candidate, ComponentMatch, MatchIndex, MatchStatus
from dealbrain.specs import EntitySpec, FieldSpec, get_entity_spec
from dealbrain.store.frames import SHEET, SOURCE_ROW
from dealbrain.store.keys import fold, folded
from dealbrain.store.records import entity_table_by_name

AUTO_CREATED_ENTITIES = frozenset({"cpu"})
"""Referenced entities whose unknown names become new lightweight records on commit."""

MATCH_COLUMNS: dict[str, pl.DataType] = {
    SHEET: pl.String(),
    SOURCE_ROW: pl.Int64(),
    "field": pl.String(),
    "name": pl.String(),
    "status": pl.String(),
    "matched": pl.String(),
    "score": pl.Float64(),
    "candidates": pl.String(),
}


@dataclass
class ComponentResolution:
    """The rows with references rewritten to the matched record's name, and how each was matched."""

    rows: pl.DataFrame
    matches: pl.DataFrame
    failures: pl.DataFrame
    unmatched: dict[str, tuple[str, set[str]]] = field(default_factory=dict)
    """Reference field -> (entity to create in, folded names matching nothing)."""
    to_create: dict[str, list[str]] = field(default_factory=dict)
    """Entity -> names to create; set by `plan_creations` from the rows that are actually written."""

    def plan_creations(self, written: Sequence[pl.DataFrame]) -> None:
        """Create only what written rows name, one record per folded name."""
        self.to_create = {}
        for reference, (entity, keys) in self.unmatched.items():
            names = pl.concat([frame.select(reference) for frame in written if reference in frame.columns])
            wanted = names.filter(folded(pl.col(reference)).is_in(sorted(keys)))[reference].unique(maintain_order=True)
            if wanted.len():
                self.to_create.setdefault(entity, []).extend(sorted(wanted.to_list()))

    @property
    def needs_review(self) -> int:
        return self.matches.filter(pl.col("status") == MatchStatus.NEEDS_REVIEW.value).height


def _candidates(session: Session, entity: str, loadable: pl.DataFrame | None) -> list[Candidate]:
    table = entity_table_by_name(entity)
    stored = [Candidate(record_id, name) for record_id, name in session.execute(select(table.c.id, table.c.name))]
    incoming = [] if loadable is None or "name" not in loadable.columns else loadable["name"].drop_nulls().unique().to_list()
    return stored + [Candidate(None, name) for name in incoming]


def _describe(match: ComponentMatch) -> dict[str, object]:
    return {
        "status": match.status.value,
        "matched": match.matched.name if match.matched else None,
        "score": round(match.score, 3),
        "candidates": "; ".join(f"{name} ({score:.2f})" for name, score in match.alternatives),
    }


def _resolve_field(
    session: Session, reference: FieldSpec, rows: pl.DataFrame, loadable: dict[str, pl.DataFrame], sheets: Sequence[TypedSheet]
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, set[str]]:
    referenced = get_entity_spec(reference.references or "")
    names = rows[reference.name].drop_nulls().unique().to_list()
    index = MatchIndex(_candidates(session, referenced.name, loadable.get(referenced.name)))
    found = {name: _describe(match) for name, match in zip(names, index.match(names), strict=True)}
    lookup = pl.DataFrame(
        [{"name": name, **details} for name, details in found.items()],
        schema={name: MATCH_COLUMNS[name] for name in ("name", "status", "matched", "score", "candidates")},
    )
    located = rows.filter(pl.col(reference.name).is_not_null()).select(
        SHEET, SOURCE_ROW, pl.lit(reference.name).alias("field"), pl.col(reference.name).alias("name")
    ).join(lookup, on="name", how="left")
    linked = {name: d["matched"] for name, d in found.items() if d["status"] in (MatchStatus.AUTO, MatchStatus.NEEDS_REVIEW)}
    unmatched = located.filter(pl.col("status") == MatchStatus.UNMATCHED.value)
    if referenced.name in AUTO_CREATED_ENTITIES:
        spellings: dict[str, str] = {}
        for name in unmatched["name"].unique(maintain_order=True).to_list():
            spellings.setdefault(fold(name), name)
        linked |= {name: spellings[fold(name)] for name in unmatched["name"].to_list()}
        rows = rows.with_columns(pl.col(reference.name).replace(linked))
        return rows, located, pl.DataFrame(schema=FAILURE_COLUMNS), set(spellings)
    rows = rows.with_columns(pl.col(reference.name).replace(linked))
    columns = {sheet.name: sheet.source_column(reference.name) or reference.name for sheet in sheets}
    failures = unmatched.select(
        SHEET,
        SOURCE_ROW,
        pl.col(SHEET).replace_strict(columns, default=reference.name, return_dtype=pl.String).alias("column"),
        pl.col("field"),
        pl.col("name").alias("raw_value"),
        (
            pl.lit(f"no {referenced.label} matches '") + pl.col("name")
            + pl.lit(f"' (closest: ") + pl.col("candidates").fill_null("none") + pl.lit(f"); add it to a {referenced.label} sheet, fix the name or pick one with a set_component override")
        ).alias("reason"),
    )
    return rows, located, failures, set()


def resolve_components(
    session: Session, entity: EntitySpec, rows: pl.DataFrame, loadable: dict[str, pl.DataFrame], sheets: Sequence[TypedSheet]
) -> ComponentResolution:
    """Match every reference of ``entity``'s rows against stored records and this import's loadable rows."""
    matches, failures, unmatched = [], [], {}
    for reference in entity.reference_fields:
        if reference.name not in rows.columns:
            continue
        rows, located, field_failures, missing = _resolve_field(session, reference, rows, loadable, sheets)
        matches.append(located)
        failures.append(field_failures.select(pl.col(n).cast(t) for n, t in FAILURE_COLUMNS.items()))
        if missing:
            unmatched[reference.name] = (reference.references or "", missing)
    return ComponentResolution(
        rows=rows,
        matches=pl.concat(matches) if matches else pl.DataFrame(schema=MATCH_COLUMNS),
        failures=pl.concat(failures) if failures else pl.DataFrame(schema=FAILURE_COLUMNS),
        unmatched=unmatched,
    )
