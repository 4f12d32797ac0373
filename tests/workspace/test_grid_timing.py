"""The CPU grid on 10,000 stored CPUs gives the right rows: the first page, a header sort, a filter.

No clock here (house rule): the same browse is timed by the benchmark,
`bench/workspace_grid.py`, which prints it against the targets.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import Engine

from bench.workspace_grid import CPU_COUNT, first_row
from tests.workspace.browser import WorkspaceServer
from tests.workspace.seeding import many_cpus, seed_cpus

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module", autouse=True)
def cpus(workspace_engine: Engine) -> None:
    seed_cpus(workspace_engine, many_cpus(CPU_COUNT))


def test_ten_thousand_cpus_page_sort_and_filter_on_the_server(page: Any, workspace_server: WorkspaceServer) -> None:
    page.goto(workspace_server.url("/cpus"))
    page.get_by_text(f"1–50 of {CPU_COUNT} records").wait_for()
    first_row(page, "Benchmark CPU 00000").wait_for()

    page.locator('.ag-header-cell-sortable[col-id="manufacturer"]').click()  # ascending: AMD (odd numbers) first
    first_row(page, "Benchmark CPU 00001").wait_for()

    page.get_by_label("Filter", exact=True).fill("cores >= 30")
    page.keyboard.press("Enter")
    page.get_by_text("1–50 of 666 records").wait_for()  # numbers ending 28 or 29 modulo 30
    first_row(page, "Benchmark CPU 00029").wait_for()  # still sorted: the first AMD among them
    page.get_by_role("button", name="Next").click()
    page.get_by_text("51–100 of 666 records").wait_for()
