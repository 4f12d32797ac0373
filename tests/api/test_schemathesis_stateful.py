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
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.api.conftest import load_sample

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


def test_linked_sequences_of_calls_answer_within_the_schema(client: TestClient) -> None:
    load_sample(client)  # stored records and a committed session for the listed ids to point at
    schema = schemathesis.openapi.from_asgi("/openapi.json", client.app)
    calls: Counter[tuple[str, str, int]] = Counter()

    class Workflow(schema.as_state_machine()):  # type: ignore[misc]
        def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
            if (case.method.upper(), case.path) != CREATE or case.meta.generation.mode is not GenerationMode.POSITIVE:
                return {}
            text = UPLOADS[sum(calls.values()) % len(UPLOADS)]
            return {"files": {"upload": ("cpus.csv", text.encode(), "text/csv")},
                    "data": {"declared_entities": json.dumps({"cpus": "cpu"})}}

        def validate_response(self, response: Any, case: schemathesis.Case, additional_checks: Any = None,
                              **kwargs: Any) -> None:
            calls[(case.method.upper(), case.path, response.status_code)] += 1
            case.validate_response(response, checks=CHECKS, transport_kwargs=kwargs or None, recorder=self.recorder)

    Workflow.run(settings=settings(
        max_examples=SCENARIOS, stateful_step_count=STEPS, deadline=None, derandomize=True, database=None,
        suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate],
    ))
    created = sum(n for (method, path, status), n in calls.items() if (method, path) == CREATE and status == 201)
    followed = {path for (method, path, status) in calls if "{session_id}" in path or "{field_id}" in path}
    assert created, f"no session was created: {dict(calls)}"
    assert len(followed) >= 3, f"the links were hardly followed: {dict(calls)}"
