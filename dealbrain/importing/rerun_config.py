"""The run config that reproduces a preview, with every open decision written out as a commented choice.

`rerun_config_yaml(preview)` is what the Dagster UI shows on each preview:
the `import_workbook` run config of the options the preview was made with,
and below each option the choices still open (undecided conflicts, component
matches to review, suggested and unknown columns, suggestions awaiting
acceptance, choice values matching no option, failing cells, likely
duplicates of stored records, rows left out as notes or totals, duplicate
and invalid-row policies), commented out, each with why it is offered. The
next try is: copy, uncomment or fill in what you decide, launch. Every line
starting with ``# `` is a choice that stays valid YAML (and valid
`ImportOptions`) once its ``# `` is removed; explanations start with ``##``
or follow a choice as a trailing comment.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import polars as pl
import yaml

from dealbrain.store.frames import SHEET, SOURCE_ROW
from dealbrain.importing.request import ImportRequest, InvalidRowPolicy
from dealbrain.importing.stages.validation import ImportPreview
from dealbrain.mapping import Bucket
from dealbrain.specs import CUSTOM_FIELD_TYPES, get_entity_spec

FIRST_STAGE = "uploaded_workbook"
MAX_CHOICES = 200
"""Per option; past it a line says how many more there are (the error workbook lists every row)."""
MAX_ROWS_LISTED = 60
WRAP_AT = 60
_KEY_CHARACTERS = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class Choice:
    """One commented alternative under one option: a list item, or a scalar value."""

    option: str
    value: Any
    why: str

    @property
    def line(self) -> str:
        """The choice as written in the run config, once uncommented: a list item under its option, or
        ``option: value`` for a scalar option."""
        return f"- {_flow(self.value)}" if isinstance(self.value, dict) else f"{self.option}: {_flow(self.value)}"


def request_options(request: ImportRequest) -> dict[str, Any]:
    """The request as the plain document of its `ImportOptions` (what the run config's form holds)."""
    return {
        "file": str(request.file_path),
        "declared_entities": dict(request.declared_entities),
        "mapping_overrides": [
            {"sheet": sheet, "column": column, "field": target}
            for sheet, columns in request.mapping_overrides.items()
            for column, target in columns.items()
            if not any(p.sheet == sheet and p.column == column for p in request.promotions)
        ],
        "promote_columns": [
            {"sheet": p.sheet, "column": p.column, "key": p.key, "label": p.label, "type": str(p.data_type), "options": list(p.options)}
            for p in request.promotions
        ],
        "accept_suggestions": True if request.accept_all_suggestions else [
            {"sheet": sheet, "column": column} for sheet, columns in request.accepted_suggestions.items() for column in columns
        ],
        "value_mappings": [
            {name: value for name, value in (("field", m.field), ("sheet", m.sheet), ("column", m.column)) if value is not None}
            | {"values": dict(m.values)}
            for m in request.value_mappings
        ],
        "overrides": [
            {name: value for name, value in (("sheet", o.sheet), ("action", str(o.action)), ("rows", o.rows),
                                              ("where", o.where), ("field", o.field), ("value", o.value)) if value is not None}
            for o in request.overrides
        ],
        "conflict_policy": str(request.conflict_policy) if request.conflict_policy else None,
        "conflict_decisions": [
            {"entity": entity, "key": key, "decision": str(policy)}
            for entity, decisions in request.conflict_decisions.items()
            for key, policy in decisions.items()
        ],
        "on_duplicate": str(request.on_duplicate),
        "on_invalid": str(request.on_invalid),
        "on_unknown_component": str(request.on_unknown_component) if request.on_unknown_component else None,
        "keep_rows": [{"sheet": keep.sheet, "rows": keep.rows} for keep in request.keep_rows],
        "on_near_duplicate": str(request.on_near_duplicate),
        "near_duplicate_decisions": [
            {"entity": entity, "name": name, "decision": str(decision)}
            for entity, decisions in request.near_duplicate_decisions.items()
            for name, decision in decisions.items()
        ],
        "commit": request.commit,
    }


def _one_line(text: Any) -> str:
    return " ".join(str(text).split())


def _rows(numbers: Iterable[int]) -> str:
    return ", ".join(str(n) for n in sorted(set(numbers))[:MAX_ROWS_LISTED])


def _custom_key(column: str) -> str:
    key = _KEY_CHARACTERS.sub("_", column.lower()).strip("_")
    return key if key[:1].isalpha() else f"field_{key}".rstrip("_")


def _column_choices(preview: ImportPreview) -> list[Choice]:
    choices = []
    custom_types = {str(kind) for kind in CUSTOM_FIELD_TYPES}
    for typed in preview.sheets:
        for column in typed.mapping.columns:
            where = {"sheet": typed.name, "column": column.column}
            samples = ", ".join(column.samples) or "no values"
            if column.bucket is Bucket.SUGGESTED and column.awaiting_acceptance:
                choices.append(Choice(
                    "accept_suggestions", where,
                    f"suggested {column.field} at {column.confidence:.0%}, not loaded until accepted: {_one_line(column.rationale)}; "
                    f"samples: {samples}. Accept it here (or accept_suggestions: true for all), or map it with mapping_overrides",
                ))
            elif column.bucket is Bucket.SUGGESTED:
                choices.append(Choice(
                    "mapping_overrides", where | {"field": column.field},
                    f"suggested {column.confidence:.0%}: {_one_line(column.rationale)}; samples: {samples}. "
                    "Keep the field to confirm, name another, or null to leave the column out",
                ))
            elif column.bucket is Bucket.NEW:
                kind = str(column.inferred_type) if column.inferred_type and str(column.inferred_type) in custom_types else "string"
                choices.append(Choice(
                    "promote_columns", where | {"key": _custom_key(column.column), "type": kind},
                    f"no field fits this column (samples: {samples}); promote it to a custom field, map it with mapping_overrides, "
                    "or leave it out (it is not imported)",
                ))
    return choices


def _value_choices(preview: ImportPreview) -> list[Choice]:
    """One value_mappings entry per column whose choice values match no option, each value -> the closest option."""
    choices = []
    for typed in preview.sheets:
        by_column: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for row in typed.unknown_choices:
            by_column.setdefault((row["column"], row["field"]), []).append(row)
        for (column, target), rows in by_column.items():
            options = next((spec.options for spec in typed.fields if spec.name == target), ())
            fallback = options[0] if options else ""
            values = {row["value"]: row["closest"] or fallback for row in rows}
            described = "; ".join(
                f"'{row['value']}' ({row['rows']} row(s)) -> {row['closest'] or 'nothing close'}" for row in rows
            )
            choices.append(Choice(
                "value_mappings", {"sheet": typed.name, "column": column, "values": values},
                f"{target} values matching no option: {described}; options: {', '.join(options)}. "
                "Edit each value's option; a value left unmapped fails its rows",
            ))
    return choices


def _component_choices(preview: ImportPreview) -> list[Choice]:
    choices = []
    for entity in preview.entities.values():
        matches = entity.components.matches.filter(pl.col("status").is_in(["needs_review", "unmatched"]))
        for (sheet, reference, name, status, matched, candidates), group in matches.group_by(
            SHEET, "field", "name", "status", "matched", "candidates", maintain_order=True
        ):
            first = (candidates or "").split("; ")[0].rsplit(" (", 1)[0]
            value = matched or first or name
            why = (f"'{name}' matched '{matched}' but needs review" if status == "needs_review"
                   else f"'{name}' matches no stored record")
            choices.append(Choice(
                "overrides",
                {"sheet": sheet, "action": "set_component", "rows": _rows(group[SOURCE_ROW]), "field": reference, "value": value},
                f"{why}; candidates: {candidates or 'none'}. Set the record name it means",
            ))
    return choices


def _failure_choices(preview: ImportPreview) -> list[Choice]:
    failures = preview.failures.filter(pl.col("field").is_not_null() & (pl.col("field") != ""))
    required = {
        (typed.name, spec.name) for typed in preview.sheets for spec in get_entity_spec(typed.entity).fields if spec.required
    }
    choices = []
    for (sheet, target, reason), group in failures.group_by(SHEET, "field", "reason", maintain_order=True):
        values = list(dict.fromkeys(str(v) for v in group["raw_value"].to_list() if v is not None))
        must_have = (sheet, target) in required
        hint = (f"{target} is required: discard the rows, or make it action: set_field, field: {target}, value: ..."
                if must_have else "type the value to use; empty blanks the cell")
        rows = _rows(group[SOURCE_ROW])
        choices.append(Choice(
            "overrides",
            {"sheet": sheet, "action": "discard", "rows": rows} if must_have
            else {"sheet": sheet, "action": "set_field", "rows": rows, "field": target, "value": ""},
            f"{group.height} row(s): {_one_line(reason)} (values: {', '.join(values) or 'blank'}); {hint}",
        ))
    return choices


def _conflict_choices(preview: ImportPreview) -> list[Choice]:
    choices = []
    for name, entity in preview.entities.items():
        diffs = entity.conflicts.diffs
        for key in entity.conflicts.undecided:
            changes = diffs.filter(pl.col("key") == key)
            described = "; ".join(f"{r['field']}: {r['before']} -> {r['after']}" for r in changes.iter_rows(named=True))
            choices.append(Choice(
                "conflict_decisions", {"entity": name, "key": key, "decision": "update"},
                f"changes the stored record ({described}); update, skip, keep or merge",
            ))
    return choices


def _near_duplicate_choices(preview: ImportPreview) -> list[Choice]:
    choices = []
    for name, entity in preview.entities.items():
        report = entity.near_duplicates
        if report is None:
            continue
        for row in report.rows.filter(pl.col("decision").is_null()).unique("name", maintain_order=True).iter_rows(named=True):
            choices.append(Choice(
                "near_duplicate_decisions", {"entity": name, "name": row["name"], "decision": "update"},
                f"new name nearly equals the stored {row['candidate']!r} ({row['match']}, {row['score']:.2f}; "
                f"sheet {row[SHEET]!r} row {row[SOURCE_ROW]}): update treats it as that record, insert adds a record of its own, "
                "skip leaves the row out",
            ))
    return choices


def _keep_row_choices(preview: ImportPreview) -> list[Choice]:
    return [
        Choice("keep_rows", {"sheet": row[SHEET], "rows": str(row[SOURCE_ROW])},
               f"left out as {row['reason']}: {_one_line(row['text'])[:80]}; keep it only if it is a record")
        for row in preview.set_aside_rows().iter_rows(named=True)
    ]


def _scalar_choices(preview: ImportPreview) -> list[Choice]:
    request = preview.request
    choices = []
    if request.conflict_policy is None and any(e.conflicts.undecided for e in preview.entities.values()):
        choices.append(Choice("conflict_policy", "update", "for every conflict without a decision: update, skip, keep or merge"))
    blocked = [entry for entry in preview.created_records() if entry["decision"] == "blocked"]
    if blocked:
        names = ", ".join(f"{entry['entity']} {entry['name']!r}" for entry in blocked[:10])
        choices.append(Choice(
            "on_unknown_component", "create",
            f"blocked by records listings name but nobody imported ({names}): create makes them, flagged for review",
        ))
    return choices


def open_choices(preview: ImportPreview) -> list[Choice]:
    """Every decision the preview leaves open, as a value its option would accept."""
    return [
        *_scalar_choices(preview),
        *_column_choices(preview),
        *_value_choices(preview),
        *_component_choices(preview),
        *_failure_choices(preview),
        *_conflict_choices(preview),
        *_near_duplicate_choices(preview),
        *_keep_row_choices(preview),
    ]


def _policy_notes(preview: ImportPreview) -> dict[str, str]:
    """Trailing comments on the policies that block this preview."""
    notes = {}
    if any(e.duplicates.blocking for e in preview.entities.values()):
        notes["on_duplicate"] = "blocked by repeated names: first or last keeps one of them"
    if preview.failures.height and preview.request.on_invalid is InvalidRowPolicy.ERROR:
        notes["on_invalid"] = "blocked by invalid rows: skip commits the valid rows only"
    if any(e.near_duplicates and e.near_duplicates.undecided for e in preview.entities.values()):
        notes["on_near_duplicate"] = "blocked by likely duplicates of stored records: insert, update or skip decides them all"
    notes["commit"] = "true: also commit in the same run when nothing blocks"
    return notes


def _flow(value: Any) -> str:
    return yaml.safe_dump(value, default_flow_style=True, width=1_000_000, allow_unicode=True, sort_keys=False).strip().removesuffix("...").strip()


def _comment(why: str) -> str:
    return f"  # {_one_line(why)}" if why else ""


def _block_item(value: Any) -> list[str]:
    """A list item in block style, one field a line: narrow enough for the UI's metadata column."""
    return yaml.safe_dump([value], default_flow_style=False, width=1_000_000, allow_unicode=True, sort_keys=False).splitlines()


def _explained(indent: str, choice: list[str], why: str) -> list[str]:
    """A commented choice under its reason, the reason wrapped so the block reads without scrolling sideways."""
    reason = textwrap.wrap(_one_line(why), WRAP_AT, break_long_words=False, break_on_hyphens=False)
    return [*(f"{indent}## {line}" for line in reason), *(f"{indent}# {line}" for line in choice)]


def _option_lines(option: str, value: Any, choices: list[Choice], note: str, indent: str) -> list[str]:
    inner = indent + "  "
    shown, hidden = choices[:MAX_CHOICES], len(choices) - MAX_CHOICES
    more = [f"{inner}## … and {hidden} more like these (see the error workbook and the tables above)"] if hidden > 0 else []
    if isinstance(value, list):
        if not value and not choices:
            return []
        items = [f"{inner}{line}" for item in value for line in _block_item(item)]
        offered = [line for c in shown for line in _explained(inner, _block_item(c.value), c.why)]
        if value:
            return [f"{indent}{option}:", *items, *offered, *more]
        return [f"{indent}# {option}:", *offered, *more]
    if isinstance(value, dict):
        if not value:
            return []
        return [f"{indent}{option}:", *(f"{inner}{_flow(k)}: {_flow(v)}" for k, v in value.items())]
    if value is None:
        return [line for c in shown for line in _explained(indent, [f"{option}: {_flow(c.value)}"], c.why)]
    return [f"{indent}{option}: {_flow(value)}{_comment(note)}"]


def rerun_config_yaml(preview: ImportPreview) -> str:
    """The `import_workbook` run config reproducing ``preview``, each open decision a commented choice."""
    options = request_options(preview.request)
    choices = open_choices(preview)
    notes = _policy_notes(preview)
    indent = " " * 6
    lines = [
        f"## Reproduces this preview of session {preview.session_id}:",
        "## launch import_workbook for that partition with it. Open decisions are commented out:",
        "## remove the '# ' of those you take (edit the values), then launch.",
        "## The CLI's --config takes the part under `config:`.",
        "ops:",
        f"  {FIRST_STAGE}:",
        "    config:",
    ]
    for option, value in options.items():
        lines += _option_lines(option, value, [c for c in choices if c.option == option], notes.get(option, ""), indent)
    return "\n".join(lines) + "\n"
