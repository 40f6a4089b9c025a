"""Helpers of the emulator conformance suite (imported by the tests as `emulator_helpers`)."""

from __future__ import annotations

from typing import Any

import httpx


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    """Graph's error body: error.code, error.message, innerError with request-id, date, client-request-id."""
    assert response.status_code == status, response.text
    error = response.json()["error"]
    if code is not None:
        assert error["code"] == code, error
    assert isinstance(error["message"], str) and error["message"]
    inner = error["innerError"]
    assert inner["request-id"] and inner["date"] and inner["client-request-id"]
    assert response.headers["request-id"] == inner["request-id"]
    return error


def all_apps(graph: httpx.Client, **params: str) -> list[dict[str, Any]]:
    apps: list[dict[str, Any]] = []
    url: str | None = "/applications"
    query: dict[str, str] | None = {"$top": "999", **params}
    while url:
        response = graph.get(url, params=query)
        assert response.status_code == 200, response.text
        body = response.json()
        apps.extend(body["value"])
        url, query = body.get("@odata.nextLink"), None
    return apps


def app_of_kind(graph: httpx.Client, suffix: str) -> dict[str, Any]:
    """A seeded app whose display name ends the way its kind is named ("API", "Sync Job", "Deploy", ...)."""
    for app in all_apps(graph):
        if app["displayName"].endswith(f" {suffix}"):
            return app
    raise AssertionError(f"no seeded app ending with {suffix!r}")


def new_app(graph: httpx.Client, **body: Any) -> dict[str, Any]:
    response = graph.post("/applications", json={"displayName": "Test app", **body})
    assert response.status_code == 201, response.text
    return response.json()
