"""Drift of one import against the previous import of the same source.

A snapshot (taken at preview time, stored on the session) holds per entity
the row count, the null rate of each field and each record's numeric values
by key. Comparing two snapshots gives the row count change, null rates that
moved, the share of records whose numeric fields swung by more than the
source's percentage, and keys that are new or vanished; each measure has a
threshold in the source's YAML and is blocking only if the source says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dealbrain.importing.stages.validation import ImportPreview
from dealbrain.specs import FieldType, get_entity_spec
from dealbrain.store.records import natural_key_field

NUMERIC = (FieldType.INTEGER, FieldType.NUMBER)


def preview_snapshot(preview: ImportPreview) -> dict[str, Any]:
    """Per entity: rows, null rate per field, and key -> {numeric field: value} of the rows to commit."""
    snapshot: dict[str, Any] = {}
    for name, entity in preview.entities.items():
        spec = get_entity_spec(name)
        rows = entity.rows
        key = natural_key_field(spec).name
        fields = [f for f in (*spec.fields, *preview.custom_fields.get(name, [])) if f.name in rows.columns]
        numeric = [f.name for f in fields if f.type in NUMERIC]
        nulls = {f.name: (rows[f.name].null_count() / rows.height if rows.height else 0.0) for f in fields}
        values: dict[str, dict[str, float | None]] = {}
        if key in rows.columns:
            for record in rows.select(key, *numeric).iter_rows(named=True):
                values[str(record[key])] = {field: record[field] for field in numeric}
        snapshot[name] = {"rows": rows.height, "null_rates": nulls, "values": values}
    return snapshot


@dataclass(frozen=True)
class DriftThresholds:
    """Limits beyond which a measure fails its check (fractions, 0.5 = 50%)."""

    row_count_change: float = 0.5
    null_rate_increase: float = 0.2
    price_swing_percent: float = 30.0
    """A record 'swings' when a numeric field moves by more than this percentage of its previous value."""
    price_swing_share: float = 0.1
    """...and the check fails when more than this share of the previous records swing."""
    vanished_keys_share: float = 0.2
    new_keys_share: float = 1.0


@dataclass(frozen=True)
class DriftMeasure:
    """One check's result: its name, whether it passed, the sentence and the figures."""

    check: str
    passed: bool
    reason: str
    figures: dict[str, Any]


def _swings(before: dict[str, dict[str, float | None]], after: dict[str, dict[str, float | None]], percent: float) -> list[str]:
    lines = []
    for key in sorted(set(before) & set(after)):
        for field, old in before[key].items():
            new = after[key].get(field)
            if old in (None, 0) or new is None:
                continue
            change = abs(new - old) / abs(old) * 100
            if change > percent:
                lines.append(f"{key}: {field} {old:g} -> {new:g} ({change:.0f}%)")
    return lines


def compare_snapshots(previous: dict[str, Any] | None, current: dict[str, Any], limits: DriftThresholds,
                      previous_session: str | None) -> list[DriftMeasure]:
    """The four drift measures of ``current`` against ``previous`` (all pass when there is no previous import)."""
    if not previous:
        note = "First import of this source: nothing to compare with."
        return [DriftMeasure(check, True, note, {}) for check in ("row_count", "null_rates", "price_swings", "keys")]
    since = f"since session {previous_session}"
    measures = []
    entities = sorted(set(previous) | set(current))
    empty = {"rows": 0, "null_rates": {}, "values": {}}
    row_lines, null_lines, swing_lines, key_lines = [], [], [], []
    figures: dict[str, dict[str, Any]] = {"row_count": {}, "null_rates": {}, "price_swings": {}, "keys": {}}
    row_fail = null_fail = swing_fail = key_fail = False
    for entity in entities:
        old, new = previous.get(entity, empty), current.get(entity, empty)
        change = (new["rows"] - old["rows"]) / old["rows"] if old["rows"] else (1.0 if new["rows"] else 0.0)
        figures["row_count"][entity] = {"previous": old["rows"], "now": new["rows"], "change": round(change, 4)}
        if abs(change) > limits.row_count_change:
            row_fail = True
            row_lines.append(f"{entity}: {old['rows']} -> {new['rows']} rows ({change:+.0%}) {since}")
        for field, rate in new["null_rates"].items():
            increase = rate - old["null_rates"].get(field, 0.0)
            if increase > limits.null_rate_increase:
                null_fail = True
                null_lines.append(f"{entity}.{field}: {increase:+.0%} empty {since}")
        swings = _swings(old["values"], new["values"], limits.price_swing_percent)
        share = len({line.split(":")[0] for line in swings}) / len(old["values"]) if old["values"] else 0.0
        figures["price_swings"][entity] = {"records": len(swings), "share": round(share, 4)}
        if share > limits.price_swing_share:
            swing_fail = True
            swing_lines.append(f"{entity}: {share:.0%} of records changed a numeric field by more than "
                               f"{limits.price_swing_percent:g}% ({'; '.join(swings[:5])})")
        added, vanished = set(new["values"]) - set(old["values"]), set(old["values"]) - set(new["values"])
        base = len(old["values"]) or 1
        figures["keys"][entity] = {"new": sorted(added)[:20], "vanished": sorted(vanished)[:20]}
        if len(vanished) / base > limits.vanished_keys_share or len(added) / base > limits.new_keys_share:
            key_fail = True
            key_lines.append(f"{entity}: {len(added)} new and {len(vanished)} vanished keys {since}")
    for check, failed, lines, ok in (
        ("row_count", row_fail, row_lines, "Row counts within limits."),
        ("null_rates", null_fail, null_lines, "Null rates within limits."),
        ("price_swings", swing_fail, swing_lines, "No unusual swings of numeric fields."),
        ("keys", key_fail, key_lines, "New and vanished keys within limits."),
    ):
        measures.append(DriftMeasure(check, not failed, "; ".join(lines) if failed else ok, figures[check]))
    return measures

