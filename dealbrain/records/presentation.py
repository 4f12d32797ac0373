"""Records and edits as lines of text for people (the CLI), with stored text made safe to print."""

from __future__ import annotations

from typing import Any

from dealbrain.audit.report import printable
from dealbrain.records.results import BulkChange, RecordChange
from dealbrain.specs import EntitySpec

EMPTY = "(empty)"
VALUE_WIDTH = 80


def value_text(value: Any) -> str:
    """A stored value as a person would type it: lists comma-separated, ports as ``2x usb_c``."""
    if value is None:
        return EMPTY
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict) and "type" in value and "count" in value:
        notes = f" ({value['spec_notes']})" if value.get("spec_notes") else ""
        return f"{value['count']}x {value['type']}{notes}"
    if isinstance(value, (list, tuple)):
        return ", ".join(value_text(item) for item in value) if value else EMPTY
    return printable(value, VALUE_WIDTH)


def record_lines(document: dict[str, Any], entity: EntitySpec) -> list[str]:
    """A record from `RecordService.get`: its fields, then its custom values."""
    (key,) = entity.natural_key
    lines = [f"{entity.label} {printable(document[key])!r} (id {document['id']})"]
    custom = document.get("attributes_json") or {}
    width = max(len(name) for name in [*entity.field_names, *custom])
    lines += [f"  {spec.name.ljust(width)}  {value_text(document[spec.name])}" for spec in entity.fields]
    if "needs_review" in document:
        flag = "yes: created from a listing's name; check it, then `importer records review`" if document["needs_review"] else "no"
        lines.append(f"  {'needs review'.ljust(width)}  {flag}")
    if document.get("components"):
        lines.append("  components:")
        lines += [f"    {component_text(item)}" for item in document["components"]]
    if custom:
        lines.append("  custom fields:")
        lines += [f"  {printable(name).ljust(width)}  {value_text(value)}" for name, value in sorted(custom.items())]
    return lines


def component_text(item: dict[str, Any]) -> str:
    """``gpu: 1x NVIDIA GeForce GTX 1650 → GPU record 'NVIDIA …' {gpu_mark: 8540}`` for one listing component."""
    text = f"{item['component_type']}: {item['quantity']}x {printable(item['name'], VALUE_WIDTH)}"
    if item.get("record"):
        text += f" → record {printable(item['record'], VALUE_WIDTH)!r}"
    if item.get("metadata"):
        text += " {" + ", ".join(f"{k}: {value_text(v)}" for k, v in sorted(item["metadata"].items())) + "}"
    return text


def change_summary(before: dict[str, Any], after: dict[str, Any]) -> str:
    """``field old → new`` for each changed field, separated by semicolons."""
    return "; ".join(f"{name} {value_text(before.get(name))} → {value_text(after[name])}" for name in after)


def update_lines(change: RecordChange, entity: EntitySpec) -> list[str]:
    name = f"{entity.label} {printable(change.key)!r}"
    if not change.changed:
        return [f"{name} already has these values; nothing was changed."]
    lines = [f"Updated {name} (edit session {change.session_id}; revert it with `importer undo {change.session_id}`):"]
    lines += [
        f"  {field}: {value_text(change.before.get(field))} → {value_text(value)}"
        for field, value in change.after.items()
    ]
    return lines + [f"  note: {note}" for note in change.notes]


def bulk_lines(change: BulkChange, entity: EntitySpec, shown: int) -> list[str]:
    what = f"{change.selected} {entity.label} record{'s' if change.selected != 1 else ''}"
    if change.dry_run:
        head = f"Dry run: would update {change.updated} of the {what} selected; nothing was written."
    elif change.session_id:
        head = (
            f"Updated {change.updated} of the {what} selected (edit session {change.session_id}; "
            f"revert it with `importer undo {change.session_id}`)."
        )
    else:
        head = f"The {what} selected already have these values; nothing was changed."
    lines = [head]
    if change.unchanged and change.updated:
        lines.append(f"  {change.unchanged} already had these values.")
    lines += [
        f"  {printable(item['record'])}: {change_summary(item['before'], item['after'])}"
        for item in change.records[:shown]
    ]
    if change.updated > shown:
        lines.append(f"  … and {change.updated - shown} more (see --json)")
    return lines + [f"  note: {note}" for note in change.notes]
