"""What an update asks for, and the definition it produces (pure, no database).

A `FieldChange` lists only what changes: attributes left at `UNCHANGED` keep
their value and ``None`` clears a rule. Options have their own verbs:
``add_options`` (a retired option added again is revived), ``rename_options``
(old -> new; stored values are rewritten by the service) and
``retire_options`` (no longer accepted; stored values are kept but become
invalid, which the impact report shows).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any, Final

from dealbrain.coercion.choices import option_key
from dealbrain.customfields.defaults import normalise_default
from dealbrain.customfields.definition import FieldDefinition
from dealbrain.customfields.errors import InvalidDefinition
from dealbrain.customfields.rules import normalise_definition
from dealbrain.jsonsafe import to_jsonable


class _Unchanged:
    """Marker of an attribute the change leaves alone."""

    _instance: _Unchanged | None = None

    def __new__(cls) -> _Unchanged:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNCHANGED"

    def __bool__(self) -> bool:
        return False


UNCHANGED: Final = _Unchanged()

RULE_ATTRIBUTES = ("type", "required", "minimum", "maximum", "max_length", "pattern", "options")
"""Attributes whose change can make stored values invalid."""
_SIMPLE_ATTRIBUTES = (*RULE_ATTRIBUTES, "label", "description", "default", "visibility", "display_order",
                      "label_translations")


@dataclass(frozen=True)
class FieldChange:
    """The requested changes to one definition; ``None`` clears a rule, `UNCHANGED` keeps it."""

    type: Any = UNCHANGED
    label: Any = UNCHANGED
    description: Any = UNCHANGED
    required: Any = UNCHANGED
    default: Any = UNCHANGED
    minimum: Any = UNCHANGED
    maximum: Any = UNCHANGED
    max_length: Any = UNCHANGED
    pattern: Any = UNCHANGED
    options: Any = UNCHANGED
    """Replaces the whole list (use the option verbs below to keep stored values valid)."""
    visibility: Any = UNCHANGED
    display_order: Any = UNCHANGED
    label_translations: Any = UNCHANGED
    add_options: tuple[str, ...] = ()
    rename_options: Mapping[str, str] = field(default_factory=dict)
    retire_options: tuple[str, ...] = ()

    @property
    def touches_rules(self) -> bool:
        """True when stored values might stop being valid (so the impact must be checked)."""
        rules_set = any(getattr(self, name) is not UNCHANGED for name in RULE_ATTRIBUTES)
        return rules_set or bool(self.add_options or self.rename_options or self.retire_options)

    @property
    def is_empty(self) -> bool:
        simple = any(getattr(self, name) is not UNCHANGED for name in _SIMPLE_ATTRIBUTES)
        return not (simple or self.add_options or self.rename_options or self.retire_options)

    def as_dict(self) -> dict[str, Any]:
        """Only what was asked for, JSON-able (for audit payloads)."""
        asked = {
            spec.name: getattr(self, spec.name)
            for spec in fields(self)
            if getattr(self, spec.name) is not UNCHANGED and getattr(self, spec.name) not in ((), {})
        }
        return to_jsonable(asked)


def apply_change(definition: FieldDefinition, change: FieldChange) -> tuple[FieldDefinition, dict[str, str]]:
    """The changed definition (not yet normalised) and the option renames (old -> new) to apply to values."""
    updates = {name: getattr(change, name) for name in _SIMPLE_ATTRIBUTES if getattr(change, name) is not UNCHANGED}
    if "options" in updates:
        updates["options"] = tuple(str(option).strip() for option in updates["options"] or ())
    changed = replace(definition, **updates)
    options, retired = list(changed.options), list(changed.retired_options)
    for option in change.add_options:
        _add_option(option.strip(), options, retired, definition.key)
    renames: dict[str, str] = {}
    for old, new in change.rename_options.items():
        renames[_rename_option(old, new.strip(), options, definition.key)] = new.strip()
    for option in change.retire_options:
        canonical = _find_option(option, options, definition.key, "retire")
        options.remove(canonical)
        retired.append(canonical)
    default = renamed_value(changed.default, renames) if "default" not in updates else changed.default
    return replace(changed, options=tuple(options), retired_options=tuple(retired), default=default), renames


def requested_change(change: FieldChange | None, keyword_changes: Mapping[str, Any]) -> FieldChange:
    """One `FieldChange` from either form a caller may use; an empty change is refused."""
    if change is not None and keyword_changes:
        raise TypeError("pass either a FieldChange or keyword changes, not both")
    try:
        requested = change or FieldChange(**keyword_changes)
    except TypeError as error:
        raise InvalidDefinition(f"Unknown change: {error}.") from None
    if requested.is_empty:
        raise InvalidDefinition("Nothing to change: say what should change (a label, a rule, options...).")
    return requested


def changed_definition(before: FieldDefinition, change: FieldChange) -> tuple[FieldDefinition, dict[str, str]]:
    """``before`` with ``change`` applied, checked and normalised, and the option renames to apply to values."""
    changed, renames = apply_change(before, change)
    return normalise_default(normalise_definition(changed)), renames


def renamed_value(value: Any, renames: Mapping[str, str]) -> Any:
    """A stored enum value (text) or multi_enum value (list) with renamed options replaced."""
    if not renames:
        return value
    by_key = {option_key(old): new for old, new in renames.items()}
    if isinstance(value, str):
        return by_key.get(option_key(value), value)
    if isinstance(value, list):
        return [by_key.get(option_key(item), item) if isinstance(item, str) else item for item in value]
    return value


def _add_option(option: str, options: list[str], retired: list[str], key: str) -> None:
    if any(option_key(existing) == option_key(option) for existing in options):
        raise InvalidDefinition(f"{option!r} is already an option of {key!r}; nothing to add.")
    for old in [existing for existing in retired if option_key(existing) == option_key(option)]:
        retired.remove(old)
    options.append(option)


def _rename_option(old: str, new: str, options: list[str], key: str) -> str:
    canonical = _find_option(old, options, key, "rename")
    clash = [existing for existing in options if existing != canonical and option_key(existing) == option_key(new)]
    if clash:
        raise InvalidDefinition(
            f"Cannot rename {canonical!r} to {new!r}: {clash[0]!r} is already an option of {key!r}. "
            "Retire one of them instead, or choose another name."
        )
    options[options.index(canonical)] = new
    return canonical


def _find_option(option: str, options: list[str], key: str, verb: str) -> str:
    for existing in options:
        if option_key(existing) == option_key(option):
            return existing
    offered = ", ".join(options) or "(none)"
    raise InvalidDefinition(f"Cannot {verb} {option!r}: it is not an option of {key!r} (options: {offered}).")
