"""Matching the CPU, GPU and ports profile a listing names to stored or incoming records.

A deleted or disabled record is never picked: a name matching one fails its
row with the reason (restore or enable the record, or name another). Exact and normalized names link automatically, close fuzzy matches (and
ties) link but are flagged for review, and names matching nothing are
created on commit as lightweight records flagged for review, if the
``on_unknown_component`` policy allows (`dealbrain.importing.created_records`).
The listing's components are matched the same way (`component_records`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl
from sqlalchemy import select
from sqlalchemy.orm import Session

from dealbrain.importing.component_records import match_component_records, metadata_values
from dealbrain.importing.failures import FAILURE_COLUMNS
from dealbrain.importing.listing_components import COMPONENTS
from dealbrain.importing.stages.typing import TypedSheet
from dealbrain.matching import Candidate, ComponentMatch, MatchIndex, MatchStatus
from dealbrain.specs import EntitySpec, FieldSpec, get_entity_spec
from dealbrain.specs.components import COMPONENT_ENTITIES, REVIEWABLE_ENTITIES
from dealbrain.store.component_lists import read_components
from dealbrain.store.frames import SHEET, SOURCE_ROW
from dealbrain.store.keys import fold, folded
from dealbrain.store.records import BRINGING_BACK, entity_table_by_name, unlinkable_records

AUTO_CREATED_ENTITIES = frozenset(REVIEWABLE_ENTITIES)
"""Referenced entities whose unknown names become new lightweight records on commit (CPU, GPU, ports profile)."""

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
    component_unknown: dict[str, set[str]] = field(default_factory=dict)
    """Entity -> folded names of components' records matching nothing."""
    to_create: dict[str, list[str]] = field(default_factory=dict)
    """Entity -> names to create; set by `plan_creations` from the rows that are actually written."""
    creations: list[dict[str, object]] = field(default_factory=list)
    """One entry per record to create: entity, name, the values filled in, the sheet and rows naming it."""

    def plan_creations(self, written: Sequence[pl.DataFrame]) -> None:
        """Create only what written rows name, one record per folded name, with the components' metadata."""
        named: dict[tuple[str, str], dict[str, object]] = {}

        def note(entity: str, name: str, sheet: str, row: int) -> None:
            entry = named.setdefault((entity, fold(name)), {"entity": entity, "name": name, "rows": {}})
            entry["rows"].setdefault(sheet, set()).add(row)  # type: ignore[union-attr]

        for frame in written:
            for reference, (entity, keys) in self.unmatched.items():
                if reference not in frame.columns:
                    continue
                naming = frame.select(SHEET, SOURCE_ROW, reference).filter(folded(pl.col(reference)).is_in(sorted(keys)))
                for sheet, row, name in naming.iter_rows():
                    note(entity, name, sheet, row)
            if COMPONENTS in frame.columns:
                listed = frame.select(SHEET, SOURCE_ROW, COMPONENTS).filter(pl.col(COMPONENTS).is_not_null())
                for sheet, row, text in (listed.iter_rows() if self.component_unknown else ()):
                    for item in read_components(text):
                        entity = COMPONENT_ENTITIES.get(item["component_type"])
                        record = item.get("record") or item["name"]
                        if entity and fold(record) in self.component_unknown.get(entity, set()):
                            note(entity, record, sheet, row)
        values: dict[tuple[str, str], dict[str, object]] = {}
        for frame in written if named else ():
            for key, found in metadata_values(frame).items():
                values.setdefault(key, {}).update(found)
        self.to_create, self.creations = {}, []
        for key in sorted(named, key=lambda k: (k[0], k[1])):
            entry = named[key]
            self.to_create.setdefault(key[0], []).append(str(entry["name"]))
            self.creations.append(entry | {"values": values.get(key, {}), "rows": {
                sheet: sorted(rows) for sheet, rows in entry["rows"].items()  # type: ignore[union-attr]
            }})

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


def _unlinkable_failure(sheet: str, row: int, column: str, field_name: str, name: str, matched: str, label: str,
                        state: str) -> dict[str, object]:
    """The failure of a row naming a deleted or disabled record (``state``): it is never picked as a match."""
    return {SHEET: sheet, SOURCE_ROW: row, "column": column, "field": field_name, "raw_value": name,
            "reason": f"'{name}' matches the {label} '{matched}', which is {state}; {BRINGING_BACK[state]} it in the "
                      f"workspace first, or name another {label} (a set_component override)"}


def _resolve_field(
    session: Session, reference: FieldSpec, rows: pl.DataFrame, loadable: dict[str, pl.DataFrame], sheets: Sequence[TypedSheet]
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame, set[str]]:
    referenced = get_entity_spec(reference.references or "")
    names = rows[reference.name].drop_nulls().unique().to_list()
    index = MatchIndex(_candidates(session, referenced.name, loadable.get(referenced.name)))
    verdicts = dict(zip(names, index.match(names), strict=True))
    unlinkable = unlinkable_records(session, referenced)
    refused = {name: (match.matched.name, unlinkable[match.matched.record_id]) for name, match in verdicts.items()
               if match.matched is not None and match.matched.record_id in unlinkable}
    found = {name: _describe(match) for name, match in verdicts.items()}
    lookup = pl.DataFrame(
        [{"name": name, **details} for name, details in found.items()],
        schema={name: MATCH_COLUMNS[name] for name in ("name", "status", "matched", "score", "candidates")},
    )
    located = rows.filter(pl.col(reference.name).is_not_null()).select(
        SHEET, SOURCE_ROW, pl.lit(reference.name).alias("field"), pl.col(reference.name).alias("name")
    ).join(lookup, on="name", how="left")
    linked = {name: d["matched"] for name, d in found.items()
              if d["status"] in (MatchStatus.AUTO, MatchStatus.NEEDS_REVIEW) and name not in refused}
    unmatched = located.filter(pl.col("status") == MatchStatus.UNMATCHED.value)
    columns = {sheet.name: sheet.source_column(reference.name) or reference.name for sheet in sheets}
    naming_unlinkable = pl.DataFrame([
        _unlinkable_failure(sheet, row, columns.get(sheet, reference.name), reference.name, name, matched,
                            referenced.label, state)
        for sheet, row, name in located.filter(pl.col("name").is_in(list(refused))).select(SHEET, SOURCE_ROW, "name").iter_rows()
        for matched, state in [refused[name]]
    ], schema=FAILURE_COLUMNS)
    if referenced.name in AUTO_CREATED_ENTITIES:
        spellings: dict[str, str] = {}
        for name in unmatched["name"].unique(maintain_order=True).to_list():
            spellings.setdefault(fold(name), name)
        linked |= {name: spellings[fold(name)] for name in unmatched["name"].to_list()}
        rows = rows.with_columns(pl.col(reference.name).replace(linked))
        return rows, located, naming_unlinkable, set(spellings)
    rows = rows.with_columns(pl.col(reference.name).replace(linked))
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
    return rows, located, pl.concat([failures.select(pl.col(n).cast(t) for n, t in FAILURE_COLUMNS.items()), naming_unlinkable]), set()


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
    found = match_component_records(
        session, rows, lambda name: MatchIndex(_candidates(session, name, loadable.get(name)))
    )
    if found.matches:
        matches.append(pl.DataFrame(found.matches, schema=MATCH_COLUMNS))
    columns = {sheet.name: sheet.source_column(COMPONENTS) or COMPONENTS for sheet in sheets}
    failures.append(pl.DataFrame([
        _unlinkable_failure(item[SHEET], item[SOURCE_ROW], columns.get(item[SHEET], COMPONENTS), item["field"],
                            item["name"], item["matched"], get_entity_spec(item["entity"]).label, item["state"])
        for item in found.unlinkable
    ], schema=FAILURE_COLUMNS))
    return ComponentResolution(
        rows=found.rows,
        matches=pl.concat(matches) if matches else pl.DataFrame(schema=MATCH_COLUMNS),
        failures=pl.concat(failures) if failures else pl.DataFrame(schema=FAILURE_COLUMNS),
        unmatched=unmatched,
        component_unknown=found.unknown,
    )
