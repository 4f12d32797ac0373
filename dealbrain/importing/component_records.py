"""The records a listing's components name: matched like the listing's references, or planned for creation.

Each component whose type names an entity (``COMPONENT_ENTITIES``: a ``gpu``
component names a GPU) is matched against that entity's stored records and
this import's incoming ones, by the same matcher and tiers as the listing's
own CPU, GPU and ports profile. A match (automatic or to review) sets the
component's ``record``; a name matching nothing names a record to create,
and its metadata fills that record's fields (``{"gpu_mark": 8540}``).

`created_records` lists what the commit would create, with the values filled
in and the rows that name each, so the preview shows it and the
``on_unknown_component`` policy can decide on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl
from sqlalchemy.orm import Session

from dealbrain.coercion.value import coerce_value
from dealbrain.importing.listing_components import COMPONENTS
from dealbrain.matching import MatchIndex, MatchStatus
from dealbrain.specs import FieldType, get_entity_spec
from dealbrain.specs.components import COMPONENT_ENTITIES
from dealbrain.store.component_lists import canonical_components, read_components
from dealbrain.store.frames import SHEET, SOURCE_ROW
from dealbrain.store.keys import fold
from dealbrain.store.records import unlinkable_records


@dataclass
class ComponentMatches:
    """The rows with each component's ``record`` set, how each was matched, and the names matching nothing.

    The values a created record gets are read later, from the rows actually
    written (`metadata_values`).
    """

    rows: pl.DataFrame
    matches: list[dict[str, Any]] = field(default_factory=list)
    unknown: dict[str, set[str]] = field(default_factory=dict)
    """Entity -> folded names that match no record (created on commit, if the policy allows)."""
    unlinkable: list[dict[str, Any]] = field(default_factory=list)
    """Components matching a deleted or disabled record (never linked: their rows fail): sheet, row, field, name,
    matched, entity, state."""


def _typed_metadata(entity: str, metadata: dict[str, Any]) -> dict[str, Any]:
    """The metadata keys that are standard fields of ``entity``, coerced like cells; others stay on the component."""
    spec = get_entity_spec(entity)
    typed: dict[str, Any] = {}
    for key, raw in metadata.items():
        if key not in spec.field_names or key in spec.natural_key:
            continue
        field_spec = spec.field(key)
        if field_spec.type is FieldType.REFERENCE or raw is None:
            continue
        text = raw if isinstance(raw, str) else ("true" if raw is True else "false" if raw is False else str(raw))
        value, reason = coerce_value(text, field_spec)
        if reason is None and value is not None:
            typed[key] = value
    return typed


def match_component_records(
    session: Session, rows: pl.DataFrame, index_for: Any
) -> ComponentMatches:
    """Match every component naming a CPU, GPU or ports profile; ``index_for(entity)`` gives its `MatchIndex`."""
    result = ComponentMatches(rows)
    if COMPONENTS not in rows.columns:
        return result
    listed = rows.select(SHEET, SOURCE_ROW, COMPONENTS).filter(pl.col(COMPONENTS).is_not_null()).to_dicts()
    names: dict[str, list[str]] = {}
    for row in listed:
        for item in read_components(row[COMPONENTS]):
            entity = COMPONENT_ENTITIES.get(item["component_type"])
            if entity:
                names.setdefault(entity, []).append(item["name"])
    verdicts: dict[tuple[str, str], Any] = {}
    unlinkable = {entity: unlinkable_records(session, get_entity_spec(entity)) for entity in names}
    for entity, wanted in names.items():
        distinct = list(dict.fromkeys(wanted))
        index: MatchIndex = index_for(entity)
        verdicts |= {(entity, name): match for name, match in zip(distinct, index.match(distinct), strict=True)}
    rewritten: dict[int, str] = {}
    for position, row in enumerate(listed):
        items = read_components(row[COMPONENTS])
        for item in items:
            entity = COMPONENT_ENTITIES.get(item["component_type"])
            if not entity:
                continue
            verdict = verdicts[(entity, item["name"])]
            linked = verdict.status in (MatchStatus.AUTO, MatchStatus.NEEDS_REVIEW) and verdict.matched is not None
            if linked and verdict.matched.record_id in unlinkable[entity]:
                result.unlinkable.append({SHEET: row[SHEET], SOURCE_ROW: row[SOURCE_ROW], "entity": entity,
                                          "field": f"components.{item['component_type']}", "name": item["name"],
                                          "matched": verdict.matched.name,
                                          "state": unlinkable[entity][verdict.matched.record_id]})
            item["record"] = verdict.matched.name if linked else item["name"]
            if not linked:
                result.unknown.setdefault(entity, set()).add(fold(item["name"]))
            result.matches.append({
                SHEET: row[SHEET], SOURCE_ROW: row[SOURCE_ROW], "field": f"components.{item['component_type']}",
                "name": item["name"], "status": verdict.status.value,
                "matched": verdict.matched.name if linked else None, "score": round(verdict.score, 3),
                "candidates": "; ".join(f"{name} ({score:.2f})" for name, score in verdict.alternatives),
            })
        rewritten[position] = canonical_components(items)
    if rewritten:
        keys = pl.DataFrame(
            {SHEET: [r[SHEET] for r in listed], SOURCE_ROW: [r[SOURCE_ROW] for r in listed],
             "__rewritten__": [rewritten[i] for i in range(len(listed))]},
            schema={SHEET: pl.String, SOURCE_ROW: pl.Int64, "__rewritten__": pl.String},
        )
        result.rows = rows.join(keys, on=[SHEET, SOURCE_ROW], how="left").with_columns(
            pl.coalesce("__rewritten__", COMPONENTS).alias(COMPONENTS)
        ).drop("__rewritten__")
    return result


def metadata_values(rows: pl.DataFrame) -> dict[tuple[str, str], dict[str, Any]]:
    """(entity, folded record name) -> typed fields from the metadata of every component naming that record."""
    values: dict[tuple[str, str], dict[str, Any]] = {}
    if COMPONENTS not in rows.columns:
        return values
    for text in rows[COMPONENTS].drop_nulls().to_list():
        for item in read_components(text):
            entity = COMPONENT_ENTITIES.get(item["component_type"])
            if entity and item.get("metadata"):
                key = (entity, fold(item.get("record") or item["name"]))
                values.setdefault(key, {}).update(_typed_metadata(entity, item["metadata"]))
    return values
