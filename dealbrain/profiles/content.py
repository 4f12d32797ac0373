"""What a profile holds and how it combines with the options of one import.

A profile holds every field of `ImportOptions` except the file (its path and
its display name ``source_name``), ``commit`` and ``profile`` itself, derived from the model, so an option added to
`ImportOptions` is part of profiles without a change here. Applying a
profile: an option the import leaves at its default takes the profile's
value; an option given (different from its default) wins over the profile's.
"""

from __future__ import annotations

from typing import Any

from dealbrain.importing.options import ImportOptions

NOT_IN_PROFILES = frozenset({"file", "source_name", "commit", "profile"})
PROFILE_FIELDS = tuple(name for name in ImportOptions.model_fields if name not in NOT_IN_PROFILES)
"""The options a profile decides: all of `ImportOptions` but the file and its name, the commit switch and the profile's name."""


def profile_content(document: dict[str, Any], *, origin: str) -> dict[str, Any]:
    """The profile fields of an options document, checked as `ImportOptions` (a mistake names the field)."""
    options = ImportOptions.parse({key: value for key, value in document.items() if key not in NOT_IN_PROFILES}, origin=origin)
    return options.model_dump(mode="json", include=set(PROFILE_FIELDS))


def _given(options: ImportOptions, name: str) -> bool:
    info = ImportOptions.model_fields[name]
    default = info.get_default(call_default_factory=True)
    return getattr(options, name) != default


def apply_profile(options: ImportOptions, content: dict[str, Any]) -> ImportOptions:
    """``options`` with every profile field it leaves at its default taken from ``content``."""
    merged = options.model_dump(mode="json")
    for name in PROFILE_FIELDS:
        if name in content and not _given(options, name):
            merged[name] = content[name]
    return ImportOptions.parse(merged, origin=f"profile {options.profile!r}")


def differing_fields(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The profile fields whose values differ between two contents."""
    return [name for name in PROFILE_FIELDS if old.get(name) != new.get(name)]


SINGLE_SHEET_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".json", ".jsonl", ".ndjson"})
"""Files holding one sheet named after the file's stem."""


def sheets_named(content: dict[str, Any]) -> set[str]:
    """Every sheet name the profile's options mention (declarations and any list of items with a ``sheet``)."""
    names = set(content.get("declared_entities") or {})
    for value in content.values():
        if isinstance(value, list):
            names |= {item["sheet"] for item in value if isinstance(item, dict) and isinstance(item.get("sheet"), str)}
    return names


def for_file(content: dict[str, Any], file_name: str) -> dict[str, Any]:
    """``content`` aimed at ``file_name``: a one-sheet file (CSV, JSON) takes the profile's one sheet whatever its stem.

    A recurring source's files are named by day (``listings-2026-12-01.csv``) while the profile was saved from
    one of them; without this its declarations and overrides would name a sheet the next file does not have.
    """
    stem, suffix = file_name.rsplit(".", 1) if "." in file_name else (file_name, "")
    named = sheets_named(content)
    if f".{suffix.lower()}" not in SINGLE_SHEET_SUFFIXES or len(named) != 1 or stem in named:
        return content
    (old,) = named
    aimed = dict(content)
    if old in (content.get("declared_entities") or {}):
        aimed["declared_entities"] = {stem if sheet == old else sheet: entity for sheet, entity in content["declared_entities"].items()}
    for key, value in content.items():
        if isinstance(value, list):
            aimed[key] = [dict(item, sheet=stem) if isinstance(item, dict) and item.get("sheet") == old else item for item in value]
    return aimed


def holds_nul(value: Any) -> bool:
    """Whether any text in ``value`` (keys included) holds NUL, which a stored JSON document cannot (PostgreSQL)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(holds_nul(key) or holds_nul(item) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return any(holds_nul(item) for item in value)
    return False
