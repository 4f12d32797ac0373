"""The OpenAPI document's links point at real operations and fill every path parameter they need."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_every_link_names_an_operation_and_its_path_parameters(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    operations = {op["operationId"]: (path, op) for path, ops in document["paths"].items() for op in ops.values()}
    links = [
        (path, method, status, name, link)
        for path, ops in document["paths"].items() for method, op in ops.items()
        for status, response in op["responses"].items() for name, link in response.get("links", {}).items()
    ]
    assert len(links) >= 40
    for path, method, status, name, link in links:
        target_path, target = operations[link["operationId"]]
        needed = {p["name"] for p in target.get("parameters", []) if p["in"] == "path"}
        assert set(link["parameters"]) == needed, (method, path, status, name)
        assert all(value.startswith(("$response.body#/", "$request.path.")) for value in link["parameters"].values())
    created = document["paths"]["/v1/imports/sessions"]["post"]["responses"]["201"]["links"]
    assert {"GetImportsSessionsSessionId", "PostImportsSessionsSessionIdCommit"} <= set(created)
    field = document["paths"]["/v1/reference/custom-fields"]["post"]["responses"]["201"]["links"]
    assert {"PatchReferenceCustomFieldsFieldId", "DeleteReferenceCustomFieldsFieldId"} <= set(field)
    assert field["PatchReferenceCustomFieldsFieldId"]["parameters"] == {"field_id": "$response.body#/id"}
