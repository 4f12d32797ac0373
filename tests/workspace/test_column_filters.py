"""Header filters as the filter language: each AG Grid filter model, the text it becomes, and what it selects."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from dealbrain.auth import Actor, Role
from dealbrain.customfields import CustomFieldService
from dealbrain.customfields.inputs import FieldInputs
from dealbrain.records import RecordService
from dealbrain.records.fields import all_fields
from dealbrain.specs import get_entity_spec
from tests.workspace.admin_seed import add_cpus
from tests.workspace.seeding import seed_cpus
from workspace.grid.column_filters import ColumnFilterError, column_filter_text, combined_filter, filter_def

ADMIN = Actor("ada", Role.ADMIN)
CPU = all_fields(get_entity_spec("cpu"), [])


def text(kind: str, value: str | None = None) -> dict[str, Any]:
    return {"filterType": "text", "type": kind, "filter": value}


def number(kind: str, value: float | None, to: float | None = None) -> dict[str, Any]:
    return {"filterType": "number", "type": kind, "filter": value, "filterTo": to}


@pytest.mark.parametrize(("model", "expected"), [
    ({"name": text("contains", 'say "hi"')}, 'name contains "say \\"hi\\""'),
    ({"name": text("notContains", "x")}, 'name not contains "x"'),
    ({"manufacturer": text("equals", "AMD")}, 'manufacturer = "AMD"'),
    ({"manufacturer": text("blank")}, "manufacturer is null"),
    ({"cores": number("greaterThanOrEqual", 6)}, "cores >= 6"),
    ({"tdp_w": number("lessThan", 6.5)}, "tdp_w < 6.5"),
    ({"cores": number("inRange", 4, 8)}, "(cores >= 4 and cores <= 8)"),
    ({"cores": {"filterType": "number", "operator": "OR", "conditions": [number("equals", 4), number("equals", 8)]}},
     "(cores = 4 or cores = 8)"),
    ({"cores": number("greaterThan", 2), "name": text("contains", "i5")}, 'cores > 2 and name contains "i5"'),
    ({"name": text("contains", "")}, ""),
    ({"ghost": text("contains", "x")}, ""),  # a column that has gone filters nothing
])
def test_each_filter_model_becomes_the_filter_language(model: dict[str, Any], expected: str) -> None:
    assert column_filter_text(model, CPU) == expected


def test_choices_become_equalities_and_wrong_values_are_refused_with_a_sentence() -> None:
    tier = filter_def(next(field for field in get_entity_spec("listing").fields if field.name == "condition"))
    keys = [option["displayKey"] if isinstance(option, dict) else option for option in tier["filterParams"]["filterOptions"]]
    assert "is:used" in keys and "blank" in keys
    listing = all_fields(get_entity_spec("listing"), [])
    assert column_filter_text({"condition": {"filterType": "text", "type": "is:used"}}, listing) == 'condition = "used"'
    with pytest.raises(ColumnFilterError, match="Cores column filter needs a number"):
        column_filter_text({"cores": number("equals", "six")}, CPU)  # type: ignore[arg-type]
    assert combined_filter('manufacturer = "amd"', "cores > 2") == '(manufacturer = "amd") and (cores > 2)'
    assert combined_filter("", "cores > 2") == "cores > 2"


def test_the_translated_filters_select_what_they_say_in_the_database(engine: Engine) -> None:
    seed_cpus(engine)
    CustomFieldService(engine, ADMIN).create("cpu", "tier", FieldInputs(type="enum", options=["gold", "silver"]))
    add_cpus(engine, {"Custom Gold One": {"tier": "gold"}, "Custom Silver One": {"tier": "silver"}})
    service = RecordService(engine, ADMIN)
    spec, custom = service.fields("cpu")
    known = all_fields(spec, custom)

    def names(model: dict[str, Any], box: str = "") -> list[str]:
        where = combined_filter(box, column_filter_text(model, known))
        return sorted(record["name"] for record in service.list("cpu", where=where or None, limit=100).records)

    assert names({"name": text("contains", "INTEL")}) == ["Intel Core i5-12400", "Intel Core i7-8700"]
    assert names({"cpu_mark_multi": number("inRange", 19531, 20650)}) == ["AMD Ryzen 5 5600G", "Intel Core i5-12400"]
    assert names({"cpu_mark_multi": number("greaterThan", 19531)}, box='manufacturer = "amd"') == ["AMD Ryzen 5 5600G"]
    assert names({"tier": {"filterType": "text", "type": "is:gold"}}) == ["Custom Gold One"]  # custom: polars path
    assert names({"manufacturer": text("blank")}) == ["Custom Gold One", "Custom Silver One"]
