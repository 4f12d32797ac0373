"""OpenAPI links: which response value feeds which other operation.

The document FastAPI generates says what each operation takes and returns,
not how they chain. Links (OpenAPI 3 ``responses.<code>.links``) say it: the
``id`` of a created session is the ``session_id`` of its get, re-previews,
commit, undo and downloads; a created custom field's ``id`` is the
``field_id`` of its patch, delete and restore; a listed or saved profile's
``name`` is the ``name`` of its show and saves. A client generator shows them,
and schemathesis' stateful run follows them to test sequences of calls.

`LINKS` lists them by method and path (operation ids are FastAPI's generated
names, looked up from the document), so a renamed route function changes nothing here.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

SESSION = "/v1/imports/sessions/{session_id}"
FIELD = "/v1/reference/custom-fields/{field_id}"
RECORD = "/v1/reference/{entity}/records/{key}"
SESSION_FOLLOW_UPS = (
    ("get", SESSION), ("post", f"{SESSION}/mappings"), ("post", f"{SESSION}/conflicts"), ("post", f"{SESSION}/commit"),
    ("post", f"{SESSION}/undo"), ("get", f"{SESSION}/errors.xlsx"), ("get", f"{SESSION}/runs"),
    ("post", f"{SESSION}/fields"),
)
FIELD_FOLLOW_UPS = (("patch", FIELD), ("delete", FIELD), ("post", f"{FIELD}/restore"))
RECORD_FOLLOW_UPS = (("get", RECORD), ("patch", RECORD))
PROFILE = "/v1/profiles/{name}"
PROFILE_FOLLOW_UPS = (("get", PROFILE), ("post", f"{PROFILE}/versions"), ("post", f"{PROFILE}/from-session"))


def _session_links(source: tuple[str, str], status: str, pointer: str) -> list[tuple[Any, ...]]:
    return [(*source, status, target, {"session_id": f"$response.body#{pointer}"}) for target in SESSION_FOLLOW_UPS]


def _field_links(source: tuple[str, str], status: str, pointer: str) -> list[tuple[Any, ...]]:
    return [(*source, status, target, {"field_id": f"$response.body#{pointer}"}) for target in FIELD_FOLLOW_UPS]


LINKS: list[tuple[str, str, str, tuple[str, str], dict[str, str]]] = [
    *_session_links(("post", "/v1/imports/sessions"), "201", "/id"),
    ("post", "/v1/imports/sessions", "202", ("get", SESSION), {"session_id": "$response.body#/id"}),
    *_session_links(("get", "/v1/imports/sessions"), "200", "/sessions/0/id"),
    *_session_links(("get", SESSION), "200", "/id"),
    *_session_links(("post", f"{SESSION}/commit"), "200", "/session/id"),
    *_field_links(("post", "/v1/reference/custom-fields"), "201", "/id"),
    *_field_links(("get", "/v1/reference/custom-fields"), "200", "/fields/0/id"),
    *_field_links(("post", f"{SESSION}/fields"), "201", "/field/id"),
    *[("get", "/v1/reference/{entity}/records", "200", target,
       {"entity": "$request.path.entity", "key": "$response.body#/records/0/name"}) for target in RECORD_FOLLOW_UPS],
    *[("get", "/v1/profiles", "200", target, {"name": "$response.body#/profiles/0/name"}) for target in PROFILE_FOLLOW_UPS],
    *[("post", f"{PROFILE}/{how}", status, ("get", PROFILE), {"name": "$response.body#/name"})
      for how in ("versions", "from-session") for status in ("200", "201")],
]
"""(method, path, status, (target method, target path), target parameter -> runtime expression)."""


def _link_name(method: str, path: str) -> str:
    words = [part.strip("{}") for part in path.removeprefix("/v1/").split("/")]
    return method.capitalize() + "".join(word.replace("-", "_").replace(".", "_").title().replace("_", "")
                                         for word in words)


def add_links(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` with `LINKS` in its responses (only between operations it has)."""
    paths = document.get("paths", {})
    for method, path, status, (target_method, target_path), parameters in LINKS:
        source = paths.get(path, {}).get(method)
        target = paths.get(target_path, {}).get(target_method)
        if source is None or target is None or status not in source.get("responses", {}):
            continue
        links = source["responses"][status].setdefault("links", {})
        links[_link_name(target_method, target_path)] = {"operationId": target["operationId"], "parameters": parameters}
    return document


def install_links(app: FastAPI) -> None:
    """Serve ``app``'s OpenAPI document with its links."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = add_links(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
