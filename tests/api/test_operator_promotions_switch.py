"""`operator_promotions` off: operators may no longer propose custom fields, directly or from an import; admins still create them."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from assets.import_stages import IMPORT_STAGE_ASSETS
from dealbrain.auth import Role
from dealbrain.settings import ImporterSettings
from tests.api.conftest import MakeClient, bearer
from tests.importing.workbooks import CPU_HEADER, CPU_ROWS, write_xlsx
from tests.support.dagster_runs import auth_settings as run_auth_settings
from tests.support.dagster_runs import launch_tags_as, materialize, step_failure

FIELD = {"entity": "cpu", "key": "warranty_months", "label": "Warranty", "data_type": "number"}
SWITCHED_OFF = "operators' custom-field proposals are switched off in this environment"


def test_an_operator_cannot_propose_a_field_while_the_switch_is_off(
    auth_settings: ImporterSettings, make_client: MakeClient, tokens: dict[str, str]
) -> None:
    client: TestClient = make_client(auth_settings.model_copy(update={"feature_operator_promotions": False}))

    refused = client.post("/v1/reference/custom-fields", json=FIELD, headers=bearer(tokens["operator"]))
    assert refused.status_code == 403
    assert SWITCHED_OFF in refused.json()["detail"] and "Ask an admin" in refused.json()["detail"]
    assert client.get("/v1/reference/custom-fields", headers=bearer(tokens["admin"])).json()["fields"] == []

    created = client.post("/v1/reference/custom-fields", json=FIELD, headers=bearer(tokens["admin"]))
    assert created.status_code == 201, created.text


def test_an_operator_promotion_in_an_import_run_is_refused_while_the_switch_is_off(
    tmp_path: Path, database_url: str, engine: Engine
) -> None:
    settings = run_auth_settings(tmp_path, database_url).model_copy(update={"feature_operator_promotions": False})
    workbook = write_xlsx(tmp_path / "cpus.xlsx", {"CPUs": [[*CPU_HEADER, "Warranty"], *[[*row, 12] for row in CPU_ROWS]]})
    config = {"ops": {"uploaded_workbook": {"config": {
        "file": str(workbook), "promote_columns": [{"sheet": "CPUs", "column": "Warranty", "key": "warranty_months", "type": "number"}],
    }}}}

    result = materialize(IMPORT_STAGE_ASSETS, settings, run_config=config, partition_key="promoted",
                         tags=launch_tags_as(engine, "otto", Role.OPERATOR), instance=dg.DagsterInstance.ephemeral())

    assert SWITCHED_OFF in step_failure(result)
