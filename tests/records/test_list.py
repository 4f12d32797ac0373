"""`RecordService.list`: the filter language, sort, paging and field selection, checked like every read."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from dealbrain.auth import PermissionDeniedError
from dealbrain.records import InvalidFilterError, RecordService, RecordUsageError
from tests.records.conftest import ANALYST, OPERATOR


def test_a_filtered_sorted_page_counts_every_match(records: RecordService, imported: str) -> None:
    page = records.list("cpu", where='manufacturer = "intel"', sort="-cpu_mark_multi", limit=1)

    assert page.total == 2
    assert [record["name"] for record in page.records] == ["Intel Core i5-12400"]
    second = records.list("cpu", where='manufacturer = "intel"', sort="-cpu_mark_multi", limit=1, offset=1)
    assert [record["name"] for record in second.records] == ["Intel Core i7-8700"]


def test_fields_limit_the_documents_custom_attributes_included(
    records: RecordService, imported: str, custom_field: Callable[..., None]
) -> None:
    custom_field("cpu", "l3_cache_mb", "integer")
    records.update("cpu", "AMD Ryzen 5 5600G", {"l3_cache_mb": "16"})

    page = records.list("cpu", where="l3_cache_mb >= 10", fields=["name", "l3_cache_mb"])

    assert page.total == 1
    assert page.records == [{"id": page.records[0]["id"], "name": "AMD Ryzen 5 5600G", "attributes": {"l3_cache_mb": 16},
                             "disabled": False, "needs_review": False}]  # id, disabled and (CPUs, GPUs, ports) review always come


@pytest.mark.parametrize(
    ("arguments", "error", "says"),
    [
        ({"where": "cores >>= 2"}, InvalidFilterError, "The filter cannot be used"),
        ({"sort": "speed"}, RecordUsageError, "'speed' is not a field"),
        ({"fields": "name,speed"}, RecordUsageError, "'speed' are not fields"),
    ],
)
def test_wrong_requests_are_refused_with_a_sentence(
    records: RecordService, imported: str, arguments: dict[str, str], error: type[Exception], says: str
) -> None:
    with pytest.raises(error, match=says):
        records.list("cpu", **arguments)


def test_analysts_may_list(engine: Engine, imported: str) -> None:
    assert RecordService(engine, ANALYST).list("gpu").total == 2


def test_an_analyst_lists_but_the_service_refuses_their_edit(engine: Engine, imported: str) -> None:
    analyst = RecordService(engine, ANALYST)
    assert analyst.list("listing", sort="price_usd").total == 2
    with pytest.raises(PermissionDeniedError, match="may not edit records"):
        analyst.update("cpu", "Intel Core i7-8700", {"cores": "8"})
    assert RecordService(engine, OPERATOR).get("cpu", "Intel Core i7-8700")["cores"] == 6
