"""The SQL listing means what the polars filter means: same records, same order, same count, for each filter kind."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from dealbrain.customfields import active_field_specs
from dealbrain.db.engine import transaction
from dealbrain.records import RecordService
from dealbrain.records.fields import all_fields
from dealbrain.records.listing import selection, sorted_frame, stored_frame
from dealbrain.records.sql_listing import sql_page
from dealbrain.specs import get_entity_spec
from dealbrain.store.frames import RECORD_ID
from tests.records.conftest import OPERATOR
from tests.workspace.seeding import seed_cpus

CPUS = [
    {"name": "Intel Core i7-8700", "manufacturer": "Intel", "cores": 6, "threads": 12, "cpu_mark_multi": 13875,
     "tdp_w": 65.0},
    {"name": "AMD Ryzen 5 5600G", "manufacturer": "AMD", "cores": 6, "threads": 12, "cpu_mark_multi": 20650},
    {"name": "intel core i5-12400", "manufacturer": "intel", "cores": 6, "threads": None, "cpu_mark_multi": 19531,
     "tdp_w": 65.0},
    {"name": "Intel N100", "manufacturer": None, "cores": 4, "threads": 4, "cpu_mark_multi": None, "tdp_w": 6.0},
    {"name": "AMD 50% off_sale", "manufacturer": "AMD", "cores": 8, "threads": 16, "cpu_mark_multi": 30000},
]
FILTERS = [
    'manufacturer = "intel"', "cores != 6", "not (cores != 6)", "cpu_mark_multi >= 19531", "threads < 12",
    "not (threads < 12)", 'manufacturer in ("amd", "INTEL")', 'manufacturer not in ("amd")', "tdp_w in (65, 6.0)",
    'name contains "core"', 'name not contains "CORE"', 'name contains "50%"', 'name contains "_"',
    "manufacturer is null", "cpu_mark_multi is not null", 'cores = 6 and (threads = 12 or manufacturer = "amd")',
    'name >= "intel"', 'not (manufacturer = "amd" or cores > 6)',
]
SORTS = [None, "name", "-name", "threads", "-threads", "-cpu_mark_multi", "id", "-id", "manufacturer"]


@pytest.fixture
def cpus(engine: Engine) -> None:
    seed_cpus(engine, CPUS)


def polars_ids(engine: Engine, where: str | None, sort: str | None) -> list[int]:
    spec = get_entity_spec("cpu")
    frame, custom = stored_frame(engine, spec)
    if where:
        frame = frame.filter(selection(spec, custom, where))
    return sorted_frame(frame.sort(RECORD_ID), all_fields(spec, custom), sort).get_column(RECORD_ID).to_list()


def sql_ids(engine: Engine, where: str | None, sort: str | None, limit: int = 100, offset: int = 0) -> tuple[int, list[int]]:
    spec = get_entity_spec("cpu")
    with transaction(engine) as session:
        custom = active_field_specs(session, "cpu")
    answered = sql_page(engine, spec, custom, all_fields(spec, custom), where=where, sort=sort, limit=limit,
                        offset=offset)
    assert answered is not None, "a standard-field filter is answered in SQL"
    total, frame = answered
    return total, frame.get_column(RECORD_ID).to_list()


@pytest.mark.parametrize("where", FILTERS)
def test_a_filter_selects_the_same_records_in_sql(engine: Engine, cpus: None, where: str) -> None:
    expected = polars_ids(engine, where, None)
    assert sql_ids(engine, where, None) == (len(expected), expected)


@pytest.mark.parametrize("sort", SORTS)
def test_a_sort_orders_like_polars_with_nulls_last(engine: Engine, cpus: None, sort: str | None) -> None:
    total, ids = sql_ids(engine, None, sort)
    expected = polars_ids(engine, None, sort)
    assert total == len(CPUS)
    if sort and sort.lstrip("-") in ("threads", "manufacturer"):  # ties: SQL breaks them by id, polars in any order
        assert _values(engine, ids, sort) == _values(engine, expected, sort)
    else:
        assert ids == expected


def test_a_page_loads_only_its_records_in_order(engine: Engine, cpus: None) -> None:
    total, ids = sql_ids(engine, "cores >= 4", "-cpu_mark_multi", limit=2, offset=1)
    assert total == 5
    assert ids == polars_ids(engine, "cores >= 4", "-cpu_mark_multi")[1:3]


def test_custom_attributes_fall_back_to_polars(engine: Engine, cpus: None, custom_field: Callable[..., None]) -> None:
    custom_field("cpu", "l3_cache_mb", "integer")
    spec = get_entity_spec("cpu")
    with transaction(engine) as session:
        custom = active_field_specs(session, "cpu")
    known = all_fields(spec, custom)
    assert sql_page(engine, spec, custom, known, where="l3_cache_mb > 1", sort=None, limit=5, offset=0) is None
    assert sql_page(engine, spec, custom, known, where=None, sort="l3_cache_mb", limit=5, offset=0) is None
    records = RecordService(engine, OPERATOR)
    records.update("cpu", "Intel N100", {"l3_cache_mb": "6"})
    page = records.list("cpu", where="l3_cache_mb > 1 and cores = 4")
    assert [record["name"] for record in page.records] == ["Intel N100"]


def _values(engine: Engine, ids: list[int], sort: str) -> list[object]:
    frame, _ = stored_frame(engine, get_entity_spec("cpu"))
    by_id = dict(zip(frame.get_column(RECORD_ID), frame.get_column(sort.lstrip("-")), strict=True))
    return [by_id[record] for record in ids]
