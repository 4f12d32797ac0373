"""The production-like smoke test runs only when asked for (``-m deploy``): it starts a whole deployment."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "deploy" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="the production-like smoke test runs with -m deploy (see .ci/run)")
    for item in items:
        if item.get_closest_marker("deploy"):
            item.add_marker(skip)
