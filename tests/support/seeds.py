"""Seeded databases: data a test starts from, made once per test session and copied per test.

Many tests start from "an import already committed". Running that import in
every test's setup costs a few hundred milliseconds each time. A seed is
written once as a function of an engine and an upload folder::

    @seed_fixture
    def imported(engine: Engine, uploads: Path) -> str:
        return commit_something(engine, uploads)

which makes a fixture named ``imported``. A test asking for it gets a
database copied from a template the seed ran on once per session (instead of
the bare migrated template), its upload store (``tmp_path / "uploads"``)
starts as a copy of the one the seed wrote, and the fixture's value is what
the seed returned. A test asks for at most one seed.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from dealbrain.db.engine import make_engine
from tests.support.databases import TEST_DATABASE_URL_VARIABLE, Template, admin_engine, postgres_url

Seed = Callable[[Engine, Path], Any]
SEEDS: dict[str, Seed] = {}
"""Seed fixtures by name (see `seed_fixture`)."""


@dataclass(frozen=True)
class Planted:
    """A seed after it ran: the database template it wrote, its upload folder, and what it returned."""

    template: Template
    uploads: Path
    value: Any


class SeedTemplates:
    """Each seed, run at most once per test session on its own copy of the migrated template."""

    def __init__(self, migrated: Template, folder: Path) -> None:
        self._migrated, self._folder = migrated, folder
        self._planted: dict[str, Planted] = {}
        self._base_url = os.environ.get(TEST_DATABASE_URL_VARIABLE)

    def planted(self, name: str) -> Planted:
        if name not in self._planted:
            self._planted[name] = self._plant(name, SEEDS[name])
        return self._planted[name]

    def _plant(self, name: str, seed: Seed) -> Planted:
        folder = self._folder / name
        folder.mkdir(parents=True)
        if self._base_url is None:
            file = folder / "importer.db"
            shutil.copyfile(self._migrated.sqlite_file, file)
            template, url = Template(sqlite_file=file), f"sqlite:///{file}"
        else:
            database = f"seed_{name}_{uuid.uuid4().hex[:8]}"
            admin = admin_engine(self._base_url)
            with admin.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{database}" TEMPLATE "{self._migrated.postgres_database}"'))
            admin.dispose()
            template, url = Template(postgres_database=database), postgres_url(self._base_url, database=database)
        engine = make_engine(url)
        try:
            value = seed(engine, folder / "uploads")
        except BaseException:
            engine.dispose()
            self._drop_databases([template])  # a failed seed leaves no database behind
            raise
        engine.dispose()  # a PostgreSQL template must have no open connections
        return Planted(template, folder / "uploads", value)

    def drop(self) -> None:
        self._drop_databases([planted.template for planted in self._planted.values()])

    def _drop_databases(self, templates: list[Template]) -> None:
        if self._base_url is None:
            return
        admin = admin_engine(self._base_url)
        with admin.connect() as connection:
            for template in templates:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{template.postgres_database}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def seed_templates(migrated_template: Template, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SeedTemplates]:
    templates = SeedTemplates(migrated_template, tmp_path_factory.mktemp("seeds"))
    yield templates
    templates.drop()


@pytest.fixture
def database_template(request: pytest.FixtureRequest, migrated_template: Template) -> Template:
    """What this test's database is copied from: its seed's template, or the migrated one."""
    seeds = [name for name in request.fixturenames if name in SEEDS]
    if not seeds:
        return migrated_template
    assert len(seeds) == 1, f"a test starts from one seed, not {seeds}"
    templates: SeedTemplates = request.getfixturevalue("seed_templates")
    return templates.planted(seeds[0]).template


def seed_fixture(seed: Seed) -> Any:
    """The fixture named after ``seed``: see the module's docstring."""
    SEEDS[seed.__name__] = seed

    def planted_value(seed_templates: SeedTemplates, database_url: str, tmp_path: Path) -> Any:
        planted = seed_templates.planted(seed.__name__)
        if planted.uploads.exists():
            shutil.copytree(planted.uploads, tmp_path / "uploads", dirs_exist_ok=True)
        return planted.value

    planted_value.__doc__ = seed.__doc__
    return pytest.fixture(name=seed.__name__)(planted_value)
