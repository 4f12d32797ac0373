"""Stateful schemathesis: sequences of calls that follow the OpenAPI document's links.

Schemathesis builds a state machine from the links (`api.openapi_links`):
a created session's ``id`` feeds its get, re-previews, commit, undo and
downloads; a created custom field's ``id`` its patch, delete and restore; a
listed record's name its get and patch. Every answer must not be a 5xx and
must match the document. A generated multipart body never names a file the
importer reads (schemathesis calls it ``upload``), so the positive session
creations upload a real CSV (clean, or with a failing row so the error
workbook exists); the negative ones keep the generated body. Bounded: a fixed
number of scenarios and steps, no shrinking (each session is an import run).

Each scenario starts from its own copy of the database and upload store as
they stood after the sample's commit. Hypothesis requires that the same
choices lead to the same calls. If scenarios shared one database, a field
key created by an earlier scenario would turn a later 201 into a 409, and
the run would end in ``FlakyStrategyDefinition`` instead of a verdict.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from dealbrain.settings import ImporterSettings
from tests.api.conftest import load_sample
from tests.support.databases import database_copy

pytestmark = pytest.mark.slow  # import runs behind the generated calls: `make test-all`

SCENARIOS = 20
STEPS = 6
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
UPLOADS = (
    "CPU Name,Cores,Threads\nIntel Core i7-8700,6,12\nStateful CPU,4,8\n",
    "CPU Name,Cores\nStateful Bad CPU,many\n",
)
CREATE = ("POST", "/v1/imports/sessions")


def test_linked_sequences_of_calls_answer_within_the_schema(
    client: TestClient, settings: ImporterSettings, tmp_path: Path,
) -> None:
    load_sample(client)  # stored records and a committed session for the listed ids to point at
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    calls: Counter[tuple[str, str, int]] = Counter()

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def setup(self) -> None:
            self.world = ExitStack()
            folder = Path(self.world.enter_context(tempfile.TemporaryDirectory(dir=tmp_path)))
            url = self.world.enter_context(database_copy(settings.effective_database_url, folder))
            copied = ImporterSettings(data_dir=folder / "data", database_url=url)  # as the `settings` fixture
            shutil.copytree(settings.effective_upload_dir, copied.effective_upload_dir)
            self.app = create_app(copied)
            self.uploads = 0

        def teardown(self) -> None:
            self.app.state.engine.dispose()
            self.world.close()

        def call(self, case: schemathesis.Case, **kwargs: Any) -> Any:
            return case.call(app=self.app, **kwargs)

        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            if (case.method.upper(), case.path) != CREATE or case.meta.generation.mode is not GenerationMode.POSITIVE:
                return {}
            text = UPLOADS[self.uploads % len(UPLOADS)]
            self.uploads += 1
            return {"files": {"upload": ("cpus.csv", text.encode(), "text/csv")},
                    "data": {"declared_entities": json.dumps({"cpus": "cpu"})}}

        def validate_response(self, response: Any, case: schemathesis.Case, additional_checks: Any = None,
                              **kwargs: Any) -> None:
            calls[(case.method.upper(), case.path, response.status_code)] += 1
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs or None, recorder=self.recorder)

    Workflow.run(settings=hypothesis_settings(
        max_examples=SCENARIOS, stateful_step_count=STEPS, deadline=None, derandomize=True, database=None,
        suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate],
    ))
    created = sum(n for (method, path, status), n in calls.items() if (method, path) == CREATE and status == 201)
    followed = {path for (method, path, status) in calls if "{session_id}" in path or "{field_id}" in path}
    assert created, f"no session was created: {dict(calls)}"
    assert len(followed) >= 3, f"the links were hardly followed: {dict(calls)}"
