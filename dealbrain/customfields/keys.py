"""Custom-field keys: safe identifiers that can never shadow a real column.

Keys are checked exactly as typed. They are not Unicode-normalised first, so
a look-alike such as Cyrillic ``а`` in ``rаm`` or fullwidth ``ｒａｍ`` is
refused rather than silently turned into ``ram``.
"""

from __future__ import annotations

import re
import unicodedata

from dealbrain.customfields.errors import InvalidKey
from dealbrain.specs import ENTITY_NAMES, EntitySpec

MAX_KEY_LENGTH = 64
KEY_RULE = "a lowercase letter followed by lowercase letters, digits or underscores (a-z, 0-9, _)"
_KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]*")

SYSTEM_COLUMNS: frozenset[str] = frozenset({"id", "attributes_json", "created_at", "updated_at"})
"""Columns every entity table has besides its fields."""

REFERENCE_COLUMNS: frozenset[str] = frozenset(f"{name}_id" for name in ENTITY_NAMES)
"""Foreign-key column names (``cpu_id``...), reserved on every entity."""


def reserved_keys(entity: EntitySpec) -> frozenset[str]:
    """Names a custom field of ``entity`` may not take: its fields, their columns and system columns."""
    standard = {spec.name for spec in entity.fields} | {spec.column_name for spec in entity.fields}
    return frozenset(standard) | SYSTEM_COLUMNS | REFERENCE_COLUMNS


def check_key(key: object, entity: EntitySpec) -> str:
    """``key`` if it is a safe, unreserved identifier for ``entity``; `InvalidKey` otherwise."""
    if not isinstance(key, str):
        raise InvalidKey(f"A custom field key must be text, not {type(key).__name__}.")
    shown = _shown(key)
    if not key:
        raise InvalidKey(f"The key is empty. Give the field a key made of {KEY_RULE}.")
    if len(key) > MAX_KEY_LENGTH:
        raise InvalidKey(
            f"The key {shown} is {len(key)} characters long; keys may have at most {MAX_KEY_LENGTH}. "
            "Choose a shorter key."
        )
    _refuse_foreign_characters(key, shown)
    if not _KEY_PATTERN.fullmatch(key):
        raise InvalidKey(_shape_problem(key, shown))
    if key in reserved_keys(entity):
        raise InvalidKey(
            f"The key {shown} is reserved on {entity.name}: it is a standard field or a system column "
            "(id, attributes_json, created_at, updated_at, *_id). Choose another key, e.g. "
            f"'{key}_custom' or a more specific name."
        )
    return key


def _refuse_foreign_characters(key: str, shown: str) -> None:
    for character in key:
        if not character.isascii():
            name = unicodedata.name(character, "unnamed character")
            raise InvalidKey(
                f"The key {shown} contains {character!r} (U+{ord(character):04X} {name}), which is not "
                f"a plain ASCII letter even if it looks like one. Keys must be {KEY_RULE}; retype the key "
                "using only those characters."
            )


def _shape_problem(key: str, shown: str) -> str:
    if key[0].isdigit() or key[0] == "_":
        return f"The key {shown} must start with a lowercase letter; keys are {KEY_RULE}."
    if any(character.isupper() for character in key):
        return f"The key {shown} has uppercase letters; keys are {KEY_RULE}. Try {key.lower()!r}."
    bad = next(character for character in key if not (character.islower() or character.isdigit() or character == "_"))
    what = "a space" if bad == " " else repr(bad)
    advice = "Use '_' to separate words." if bad in " -." else "Remove it."
    return f"The key {shown} contains {what}; keys are {KEY_RULE}. {advice}"


def _shown(key: str) -> str:
    """The key quoted for a message, shortened when it is very long."""
    return repr(key if len(key) <= 40 else key[:37] + "...")
