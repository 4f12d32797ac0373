"""Turning the original API's request bodies into changes of the session's import config.

Pure functions over the ``uploaded_workbook`` run config (the same fields as
the CLI's ``--config`` file): a client's mapping corrections become
``mapping_overrides``, conflict resolutions ``conflict_decisions`` and
component overrides ``set_component`` overrides of the listing rows.
"""

from __future__ import annotations

import json
from typing import Any

from api.errors import ApiError
from api.schemas.imports import CommitRequest, MappingsUpdate
from dealbrain.db.models import ImportSession

COMPONENT_FIELDS = {"cpu_match": "cpu", "gpu_match": "gpu", "ports_profile_match": "ports_profile"}
EXTRA_SETTINGS = (
    "mapping_overrides", "promote_columns", "overrides", "conflict_policy", "conflict_decisions", "on_duplicate",
    "on_invalid",
    "keep_rows", "on_near_duplicate", "near_duplicate_decisions",
)
"""The import settings a client may send on create (the ``config`` form field) beyond ``declared_entities``."""


def parse_json_form(name: str, text: str | None) -> dict[str, Any]:
    """A form field holding a JSON object; 400 naming the field and the problem otherwise."""
    if text is None or not text.strip():
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise ApiError(f"{name} is not valid JSON ({error.msg} at character {error.pos}); send an object.") from None
    if not isinstance(value, dict):
        raise ApiError(f"{name} must be a JSON object, got {type(value).__name__}.")
    return value


def declared_entities(text: str | None) -> dict[str, str]:
    declared = parse_json_form("declared_entities", text)
    bad = [sheet for sheet, entity in declared.items() if not isinstance(entity, str) or not entity.strip()]
    if bad:
        raise ApiError(f"declared_entities: the entity of sheet(s) {', '.join(map(repr, bad))} must be a non-empty string.")
    return {sheet: entity.strip() for sheet, entity in declared.items()}


def extra_settings(text: str | None) -> dict[str, Any]:
    settings = parse_json_form("config", text)
    unknown = sorted(set(settings) - set(EXTRA_SETTINGS))
    if unknown:
        raise ApiError(f"config: unknown setting(s) {', '.join(unknown)}; the settings are {', '.join(EXTRA_SETTINGS)}.")
    return settings


def _merge_overrides(existing: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    replaced = {(item["sheet"], item["column"]) for item in new}
    return [item for item in existing if (item["sheet"], item["column"]) not in replaced] + new


def with_mappings(config: dict[str, Any], row: ImportSession, update: MappingsUpdate) -> dict[str, Any]:
    """``config`` with the client's column choices as mapping overrides (a null column unmaps the field)."""
    stored = row.mappings_json or {}
    overrides = []
    for entity, mapping in update.mappings.items():
        sheet = stored.get(mapping.sheet)
        if sheet is None:
            sheets = ", ".join(map(repr, stored)) or "none"
            raise ApiError(f"mappings.{entity}.sheet: {mapping.sheet!r} is not imported in this session (sheets: {sheets}).")
        current = {target: column for column, target in sheet.get("columns", {}).items() if target}
        for field, choice in mapping.fields.items():
            if choice.column:
                overrides.append({"sheet": mapping.sheet, "column": choice.column, "field": field})
            elif field in current:
                overrides.append({"sheet": mapping.sheet, "column": current[field], "field": None})
    return {**config, "mapping_overrides": _merge_overrides(config.get("mapping_overrides", []), overrides)}


def _sheet_of(row: ImportSession, entity: str) -> str:
    for sheet, stored in (row.mappings_json or {}).items():
        if stored.get("entity") == entity:
            return sheet
    raise ApiError(f"component_overrides: this session imports no {entity} sheet.")


def with_commit_choices(config: dict[str, Any], row: ImportSession, body: CommitRequest) -> dict[str, Any]:
    """``config`` with the conflict resolutions, component picks and default policy of a commit request."""
    decisions = {(d["entity"], d["key"]): d for d in config.get("conflict_decisions", [])}
    for item in body.conflict_resolutions:
        decisions[(item.entity, item.identifier)] = {"entity": item.entity, "key": item.identifier, "decision": item.action}
    overrides = list(config.get("overrides", []))
    for item in body.component_overrides:
        sheet = _sheet_of(row, item.entity)
        for name, field in COMPONENT_FIELDS.items():
            value = getattr(item, name)
            if value:
                overrides.append({"sheet": sheet, "action": "set_component", "rows": str(item.row_index),
                                  "field": field, "value": value})
    changed = {**config, "conflict_decisions": list(decisions.values()), "overrides": overrides}
    if body.conflict_policy:
        changed["conflict_policy"] = body.conflict_policy
    return changed
