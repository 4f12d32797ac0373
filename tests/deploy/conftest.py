"""The deployment tests run only when asked for (``-m deploy``): they start a whole deployment."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.deploy.deployment import Deployment, running_deployment


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "deploy" in (config.getoption("markexpr") or ""):
        return
    skip = pytest.mark.skip(reason="the production-like smoke test runs with -m deploy (see .ci/run)")
    for item in items:
        if item.get_closest_marker("deploy"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    """Code server, webserver, daemon and two Celery workers over fresh PostgreSQL databases, started once."""
    with running_deployment(tmp_path_factory.mktemp("deployment")) as started:
        yield started
