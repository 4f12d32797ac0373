"""Per-column filters: each column header's AG Grid filter, and the filter model translated to the filter language.

The grid never filters on its own: whatever a header filter says is written
as the safe filter language (``cores >= 6``, ``name contains "ryzen"``,
``condition = "used"``) and joined with the filter box by ``and``, so the
service filters in the database exactly as the box would (and an export or a
bulk edit "on this filter" covers the header filters too). The page holds
only rows that pass, so AG Grid's own pass over them keeps every row.

Text fields get *contains / does not contain / equals / is not / blank*,
numbers comparisons and an inclusive range, dates the same, and enum,
multi-enum and boolean fields a choice of their values.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from dealbrain.errors import UserFacingError
from dealbrain.records.listing import quoted
from dealbrain.specs import FieldSpec, FieldType

TEXT_OPTIONS = {"contains": "{f} contains {v}", "notContains": "{f} not contains {v}", "equals": "{f} = {v}",
                "notEqual": "{f} != {v}"}
COMPARE_OPTIONS = {"equals": "{f} = {v}", "notEqual": "{f} != {v}", "lessThan": "{f} < {v}",
                   "lessThanOrEqual": "{f} <= {v}", "greaterThan": "{f} > {v}", "greaterThanOrEqual": "{f} >= {v}"}
BLANK_OPTIONS = {"blank": "{f} is null", "notBlank": "{f} is not null"}
CHOICE_PREFIX = "is:"
"""Key of a choice option (an enum value, true or false): ``is:used``."""
ANY_VALUE = {"displayKey": "any", "displayName": "Any value", "numberOfInputs": 0, ":predicate": "() => true"}
"""A choice filter's first option: picking a value is then a change AG Grid reports (the default never is)."""
NO_FILTER_TYPES = (FieldType.PORTS,)
DEBOUNCE_MS = 250


class ColumnFilterError(UserFacingError):
    """A header filter the grid cannot turn into the filter language (a value of the wrong kind)."""


def filter_def(field: FieldSpec) -> dict[str, Any]:
    """The column definition keys giving ``field`` its header filter (none for ports)."""
    if field.type in NO_FILTER_TYPES:
        return {"filter": False}
    common = {"debounceMs": DEBOUNCE_MS, "maxNumConditions": 2}
    if field.type in (FieldType.INTEGER, FieldType.NUMBER):
        return {"filter": "agNumberColumnFilter", "filterParams": common | {
            "filterOptions": [*COMPARE_OPTIONS, "inRange", *BLANK_OPTIONS], "inRangeInclusive": True}}
    if field.type is FieldType.DATE:
        return {"filter": "agDateColumnFilter", "cellDataType": "dateString", "filterParams": common | {
            "filterOptions": ["equals", "notEqual", "lessThan", "greaterThan", "inRange", *BLANK_OPTIONS],
            "inRangeInclusive": True}}
    if field.type in (FieldType.ENUM, FieldType.MULTI_ENUM, FieldType.BOOLEAN):
        choices = ("true", "false") if field.type is FieldType.BOOLEAN else field.options
        listed = field.type is FieldType.MULTI_ENUM
        return {"filter": "agTextColumnFilter", "filterParams": common | {
            "maxNumConditions": 1, "defaultOption": ANY_VALUE["displayKey"],
            "filterOptions": [ANY_VALUE, *(_choice_option(choice, listed=listed) for choice in choices),
                              *BLANK_OPTIONS]}}
    return {"filter": "agTextColumnFilter", "filterParams": common | {
        "filterOptions": [*TEXT_OPTIONS, *BLANK_OPTIONS]}}


def _choice_option(choice: str, *, listed: bool) -> dict[str, Any]:
    """A value to pick, as an AG Grid filter option of no input; its predicate mirrors the server's test."""
    folded = json.dumps(choice.lower())
    test = (f"String(v).toLowerCase().split(', ').includes({folded})" if listed
            else f"String(v).toLowerCase() === {folded}")
    return {"displayKey": f"{CHOICE_PREFIX}{choice}", "displayName": choice, "numberOfInputs": 0,
            ":predicate": f"(_, v) => v !== null && v !== undefined && {test}"}


def column_filter_text(model: Mapping[str, Any], fields: Mapping[str, FieldSpec]) -> str:
    """The filter language meaning AG Grid's filter ``model`` (column id -> filter), "" when it filters nothing."""
    if not isinstance(model, Mapping):
        raise ColumnFilterError("The column filters could not be read; clear them and set them again.")
    parts = []
    for name in sorted(model):
        field = fields.get(name)
        if field is None:  # a column that has gone (a custom field deactivated meanwhile): nothing to filter on
            continue
        text = _column_text(model[name], field)
        if text:
            parts.append(text)
    return " and ".join(parts)


def combined_filter(box: str, columns: str) -> str:
    """The filter box and the column filters together (each in parentheses, joined by ``and``)."""
    parts = [part.strip() for part in (box, columns) if part and part.strip()]
    if len(parts) < 2:
        return parts[0] if parts else ""
    return " and ".join(f"({part})" for part in parts)


def _column_text(item: Any, field: FieldSpec) -> str:
    if not isinstance(item, Mapping):
        return ""
    conditions = item.get("conditions")
    if isinstance(conditions, Sequence) and not isinstance(conditions, str):
        joiner = " or " if str(item.get("operator", "AND")).upper() == "OR" else " and "
        texts = [_condition_text(condition, field) for condition in conditions if isinstance(condition, Mapping)]
        texts = [text for text in texts if text]
        return f"({joiner.join(texts)})" if len(texts) > 1 else "".join(texts)
    return _condition_text(item, field)


def _condition_text(condition: Mapping[str, Any], field: FieldSpec) -> str:
    kind, name = str(condition.get("type") or ""), field.name
    if kind in BLANK_OPTIONS:
        return BLANK_OPTIONS[kind].format(f=name)
    if kind.startswith(CHOICE_PREFIX):
        choice = kind[len(CHOICE_PREFIX):]
        if field.type is FieldType.BOOLEAN:
            return f"{name} = {'true' if choice == 'true' else 'false'}"
        operator = "contains" if field.type is FieldType.MULTI_ENUM else "="
        return f"{name} {operator} {quoted(choice)}"
    if condition.get("filterType") == "number":
        return _range_text(kind, name, _number(condition.get("filter"), field), _number(condition.get("filterTo"), field))
    if condition.get("filterType") == "date":
        return _range_text(kind, name, _date(condition.get("dateFrom"), field), _date(condition.get("dateTo"), field))
    value = condition.get("filter")
    if kind not in TEXT_OPTIONS or value is None or str(value) == "":
        return ""
    return TEXT_OPTIONS[kind].format(f=name, v=quoted(str(value)))


def _range_text(kind: str, name: str, low: str | None, high: str | None) -> str:
    if low is None:
        return ""
    if kind == "inRange":
        return f"{name} >= {low}" if high is None else f"({name} >= {low} and {name} <= {high})"
    template = COMPARE_OPTIONS.get(kind)
    return template.format(f=name, v=low) if template else ""


def _number(value: Any, field: FieldSpec) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ColumnFilterError(f"The {field.display_label} column filter needs a number; {value!r} is not one.")
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _date(value: Any, field: FieldSpec) -> str | None:
    """AG Grid's ``YYYY-MM-DD hh:mm:ss`` as the filter's quoted ISO date."""
    if not value:
        return None
    day = str(value)[:10]
    if len(day) != 10 or day[4] != "-" or day[7] != "-" or not (day[:4] + day[5:7] + day[8:]).isdigit():
        raise ColumnFilterError(f"The {field.display_label} column filter needs a date; {value!r} is not one.")
    return quoted(day)
