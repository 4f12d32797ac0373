"""A session's error workbook downloaded over HTTP, and a committed session undone."""

from __future__ import annotations

import io
import json

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

pytestmark = pytest.mark.slow  # every session is a real import_workbook run

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CPUS = "CPU Name,Cores\nGood CPU,4\nBad CPU,many\n"


def create(client: TestClient, text: str) -> dict:
    response = client.post("/v1/imports/sessions", files={"upload": ("cpus.csv", text.encode(), "text/csv")},
                           data={"declared_entities": json.dumps({"cpus": "cpu"})})
    assert response.status_code == 201, response.text
    return response.json()


def test_the_error_workbook_holds_the_failing_rows_until_a_repreview_fixes_them(client: TestClient) -> None:
    session = create(client, CPUS)
    assert session["status"] == "blocked" and session["error_workbook_available"] is True

    download = client.get(f"/v1/imports/sessions/{session['id']}/errors.xlsx")
    assert download.status_code == 200 and download.headers["content-type"] == XLSX
    assert f"{session['id']}-errors.xlsx" in download.headers["content-disposition"]
    workbook = load_workbook(io.BytesIO(download.content), read_only=True)
    failing = [sheet for sheet in workbook.worksheets if not sheet.title.startswith("planned")]
    rows = [row for sheet in failing for row in sheet.iter_rows(values_only=True)]
    cells = {str(value) for row in rows for value in row if value is not None}
    assert "Bad CPU" in cells and "many" in cells and "Good CPU" not in cells
    assert "planned cpu" in workbook.sheetnames  # the rows that would be written are in the same workbook

    fixed = client.post(f"/v1/imports/sessions/{session['id']}/conflicts", json={"options": {
        "overrides": [{"sheet": "cpus", "action": "set_field", "rows": "3", "field": "cores", "value": "8"}],
    }})
    assert fixed.status_code == 200, fixed.text
    assert fixed.json()["status"] == "previewed"
    # The preview workbook stays: it lists what the commit would write, and no failing row is left in it.
    fixed_workbook = load_workbook(io.BytesIO(client.get(f"/v1/imports/sessions/{session['id']}/errors.xlsx").content))
    planned = {str(value) for row in fixed_workbook["planned cpu"].iter_rows(values_only=True) for value in row if value is not None}
    assert {"Good CPU", "Bad CPU", "8"} <= planned
    assert all(sheet.title.startswith("planned") for sheet in fixed_workbook.worksheets)


def test_a_committed_session_is_undone_once(client: TestClient) -> None:
    session = create(client, "CPU Name,Cores\nUndo Me CPU,4\n")
    not_yet = client.post(f"/v1/imports/sessions/{session['id']}/undo")
    assert not_yet.status_code == 409 and not_yet.json()["error"] == "undo_refused"

    assert client.post(f"/v1/imports/sessions/{session['id']}/commit", json={}).status_code == 200
    assert client.get("/v1/reference/cpu/records/Undo Me CPU").status_code == 200
    undone = client.post(f"/v1/imports/sessions/{session['id']}/undo")
    assert undone.status_code == 200, undone.text
    assert undone.json()["status"] == "undone" and undone.json()["counts"]["cpu"]["deleted"] == 1
    assert client.get("/v1/reference/cpu/records/Undo Me CPU").status_code == 404
    assert client.get(f"/v1/imports/sessions/{session['id']}").json()["status"] == "undone"
    again = client.post(f"/v1/imports/sessions/{session['id']}/undo")
    assert again.status_code == 409 and "undone" in again.json()["detail"]
