"""The audit log (JSON and CSV, paginated) and exports (CSV and xlsx whose re-import changes nothing)."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.api.conftest import XLSX


def test_audit_filters_and_pages(client: TestClient, sample_committed: str) -> None:
    session_id = sample_committed
    first = client.get("/v1/audit", params={"session": session_id, "limit": 3}).json()
    assert first["limit"] == 3 and len(first["events"]) == 3 and first["next_offset"] == 3
    assert all(event["session"] == session_id for event in first["events"])
    assert first["events"][0]["action"] == "commit", "newest first"
    everything = client.get("/v1/audit", params={"session": session_id, "limit": 1000}).json()["events"]
    second = client.get("/v1/audit", params={"session": session_id, "limit": 3, "offset": 3}).json()
    assert [e["id"] for e in second["events"]] == [e["id"] for e in everything[3:6]]
    commits = client.get("/v1/audit", params={"action": "commit", "entity": "cpu"}).json()["events"]
    assert len(commits) == 1 and commits[0]["payload"]["inserted"] == 5
    assert client.get("/v1/audit", params={"since": "2999-01-01"}).json()["events"] == []

    table = client.get("/v1/audit", params={"session": session_id, "format": "csv"})
    assert table.status_code == 200 and table.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(table.text)))
    assert len(rows) == len(everything) and set(rows[0]) == {"time", "actor", "action", "entity", "session", "details"}

    assert client.get("/v1/audit", params={"action": "explode"}).status_code == 400
    bad_date = client.get("/v1/audit", params={"since": "yesterday"})
    assert bad_date.status_code == 400 and "YYYY-MM-DD" in bad_date.json()["detail"]


@pytest.mark.slow  # real import_workbook runs: `make test-all`
def test_exports_reimport_as_a_no_op(client: TestClient, sample_committed: str) -> None:
    client.post("/v1/reference/custom-fields", json={"entity": "cpu", "key": "warranty_months", "data_type": "integer"})
    client.patch("/v1/reference/cpu/records/Intel Core i7-8700", json={"attributes": {"warranty_months": 24},
                                                                       "fields": {"notes": "=HYPERLINK(\"x\")"}})
    exported = client.get("/v1/reference/cpu/export", params={"format": "xlsx"})
    assert exported.status_code == 200 and exported.headers["content-type"] == XLSX
    sheet = load_workbook(io.BytesIO(exported.content)).active
    header = [cell.value for cell in sheet[1]]
    assert header[0] == "name" and "warranty_months" in header
    notes = [row[header.index("notes")] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert '=HYPERLINK("x")' in notes, "formula-like text stays text"

    again = client.post("/v1/imports/sessions", files={"upload": ("cpu.xlsx", exported.content, XLSX)},
                        data={"declared_entities": '{"cpu": "cpu"}'})
    assert again.status_code == 201, again.text
    counts = again.json()["counts"]["cpu"]
    assert counts["insert"] == 0 and counts["update"] == 0 and counts["unchanged"] == 5
    assert again.json()["conflicts"] == []

    subset = client.get("/v1/reference/listing/export", params={"format": "csv", "where": "price_usd > 300"})
    assert subset.status_code == 200
    rows = list(csv.DictReader(io.StringIO(subset.text)))
    assert sorted(r["title"] for r in rows) == ["Beelink SER5 Mini PC", "Refurbished OptiPlex 7060 SFF"]
    again_csv = client.post("/v1/imports/sessions", files={"upload": ("listing.csv", subset.content, "text/csv")},
                            data={"declared_entities": '{"listing": "listing"}'})
    assert again_csv.status_code == 201, again_csv.text
    listing_counts = again_csv.json()["counts"]["listing"]
    assert listing_counts["insert"] == 0 and listing_counts["update"] == 0 and listing_counts["unchanged"] == 2
