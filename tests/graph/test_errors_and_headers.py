"""Typed errors from Graph's error body, request headers, counters, and no token anywhere it must not be."""

from __future__ import annotations

import logging
import threading
import uuid

import httpx
import pytest
from graph_fakes import TOKEN, WRITE_TOKEN, Harness, graph_error

from desktop_app.domain.redact import REDACTED
from desktop_app.graph import GraphConnectionError, GraphError, StaticTokenProvider, is_not_found_yet


def test_error_body_is_parsed_into_status_code_message_request_id_and_date(harness: Harness) -> None:
    client = harness.client(lambda r: graph_error(
        403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.", "rid-403"))

    with pytest.raises(GraphError) as caught:
        client.patch("/applications/obj-1", {"displayName": "x"})

    err = caught.value
    assert (err.status, err.code, err.request_id, err.date) == (
        403, "Authorization_RequestDenied", "rid-403", "2026-11-26T17:00:00")
    assert str(err).startswith(
        "403 Authorization_RequestDenied: Insufficient privileges to complete the operation. (request-id rid-403")
    assert str(err).endswith("on PATCH /v1.0/applications/obj-1")


def test_nested_inner_error_and_detail_codes_are_collected() -> None:
    body = {"error": {
        "code": "Request_BadRequest", "message": "Invalid value",
        "innerError": {"code": "invalidRange", "request-id": "outer",
                       "innerError": {"code": "CannotDeleteOrUpdateEnabledEntitlement", "request-id": "deepest",
                                      "date": "2026-01-02T03:04:05"}},
        "details": [{"target": "appRoles", "code": "InvalidAppRole"}, {"target": "x"}],
    }}

    err = GraphError.from_response(400, body, {"request-id": "header-rid"})

    assert err.codes == ("Request_BadRequest", "invalidRange", "CannotDeleteOrUpdateEnabledEntitlement",
                         "InvalidAppRole")
    assert err.has_code("CannotDeleteOrUpdateEnabledEntitlement")
    assert err.request_id == "deepest"
    assert err.date == "2026-01-02T03:04:05"


def test_a_body_that_is_not_graphs_shape_still_gives_a_useful_error() -> None:
    err = GraphError.from_response(502, "<html>Bad gateway</html>", {"request-id": "r", "Retry-After": "3"})

    assert (err.status, err.code, err.request_id, err.retry_after) == (502, "HTTP502", "r", 3.0)
    assert "Bad gateway" in err.message

    empty = GraphError.from_response(500, None, {})
    assert str(empty) == "500 HTTP500: Internal Server Error (no request-id)"


@pytest.mark.parametrize(
    ("status", "code", "message", "expected"),
    [
        (404, "Request_ResourceNotFound", "Resource 'x' does not exist", True),
        (400, "Request_ResourceNotFound", "gone", True),
        (400, "Request_BadRequest",
         "Resource 'x' does not exist or one of its queried reference-property objects are not present.", True),
        (400, "Request_BadRequest", "Invalid value for displayName", False),
        (403, "Authorization_RequestDenied", "does not exist", False),
    ],
)
def test_is_not_found_yet(status: int, code: str, message: str, expected: bool) -> None:
    err = GraphError.from_response(status, {"error": {"code": code, "message": message}})
    assert is_not_found_yet(err) is expected


def test_is_not_found_yet_is_false_for_other_exceptions() -> None:
    assert not is_not_found_yet(ValueError("404"))
    assert not is_not_found_yet(GraphConnectionError("ReadTimeout", "timed out"))


def test_each_request_has_a_fresh_client_request_id_and_the_right_token(harness: Harness) -> None:
    answers = iter([graph_error(429, "TooManyRequests", "x", **{"Retry-After": "1"}),
                    httpx.Response(200, json={}), httpx.Response(204)])
    client = harness.client(lambda r: next(answers))

    client.get("/applications/a")
    client.patch("/applications/a", {"displayName": "b"})

    ids = [r.headers["client-request-id"] for r in harness.requests]
    assert len(set(ids)) == 3  # a retry is a new request with its own id
    assert all(uuid.UUID(i).version == 4 for i in ids)
    assert [r.headers["Authorization"] for r in harness.requests] == [
        f"Bearer {TOKEN}", f"Bearer {TOKEN}", f"Bearer {WRITE_TOKEN}"]
    assert harness.requests[2].headers["Content-Type"] == "application/json"


def test_counters_add_requests_resource_units_and_writes(harness: Harness) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        units = "2" if request.method == "GET" else "1"
        return httpx.Response(200 if request.method == "GET" else 204, json={} if request.method == "GET" else None,
                              headers={"x-ms-resource-unit": units})

    client = harness.client(handler)
    before = client.stats
    client.get("/applications")
    client.get("/applications")
    client.patch("/applications/a", {"x": 1})
    client.delete("/applications/b")

    used = client.stats - before
    assert (used.requests, used.resource_units, used.writes, used.retries) == (4, 6.0, 2, 0)


def test_counters_are_exact_under_16_threads(harness: Harness) -> None:
    client = harness.client(lambda r: httpx.Response(200, json={}, headers={"x-ms-resource-unit": "1"}))

    def work() -> None:
        for _ in range(100):
            client.get("/applications")

    threads = [threading.Thread(target=work) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert client.stats.requests == 1600
    assert client.stats.resource_units == 1600.0


def test_the_token_never_reaches_errors_or_logs(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    def echoing(request: httpx.Request) -> httpx.Response:
        # A hostile or buggy server that repeats the credentials back in its error text.
        auth = request.headers["Authorization"]
        if request.url.path.endswith("/drop"):
            raise httpx.ReadError(f"connection reset while sending {auth}", request=request)
        return graph_error(401, "InvalidAuthenticationToken", f"Token {auth} is invalid; raw {auth[7:]}")

    client = harness.client(echoing, max_retries=1)
    caplog.set_level(logging.DEBUG, logger="desktop_app.graph")

    errors: list[GraphError] = []
    for call in (lambda: client.get("/applications"), lambda: client.patch("/applications/a", {}),
                 lambda: client.get("/drop")):
        with pytest.raises(GraphError) as caught:
            call()
        errors.append(caught.value)

    assert caplog.records, "the client logs its requests"
    texts = [str(e) for e in errors] + [repr(e) for e in errors] + [e.message for e in errors]
    texts += [r.getMessage() for r in caplog.records]
    for text in texts:
        assert TOKEN not in text
        assert WRITE_TOKEN not in text
        assert "Authorization" not in text
    assert REDACTED in str(errors[0])


def test_the_token_provider_repr_hides_tokens() -> None:
    provider = StaticTokenProvider("emulator.tenant-1", "emulator.tenant-1.write")
    assert "emulator.tenant-1" not in repr(provider)
    assert provider.access_token(write=False) == "emulator.tenant-1"
    assert provider.access_token(write=True) == "emulator.tenant-1.write"
    assert StaticTokenProvider("only").access_token(write=True) == "only"


def test_requests_and_retries_are_logged_without_query_strings(
    harness: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    answers = iter([graph_error(429, "TooManyRequests", "x", "rid-a", **{"Retry-After": "1"}),
                    httpx.Response(200, json={}, headers={"request-id": "rid-b"})])
    client = harness.client(lambda r: next(answers))
    caplog.set_level(logging.DEBUG, logger="desktop_app.graph")

    client.get("/applications", params={"$skiptoken": "opaque-cursor"})

    debug = [r.getMessage() for r in caplog.records if r.levelno == logging.DEBUG]
    info = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert any(m.startswith("GET /v1.0/applications -> 200 (request-id rid-b,") for m in debug)
    assert any("GET /v1.0/applications after 429 (request-id rid-a" in m for m in info)
    assert not any("opaque-cursor" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize("body", [b'{"value": [], "n": NaN}', b'{"n": Infinity}', b"<html>not json</html>",
                                  b'{"value": [' + b"[" * 100_000 + b"]" * 100_000 + b"]}"],
                         ids=["NaN", "Infinity", "html", "nested-100000-deep"])
def test_an_answer_that_is_not_json_is_an_error_not_a_document(harness: Harness, body: bytes) -> None:
    client = harness.client(lambda r: httpx.Response(200, content=body, headers={"content-type": "application/json"}))

    with pytest.raises(GraphError) as caught:
        client.get("/applications")

    assert caught.value.code == "InvalidJson"


def test_an_answer_in_utf16_is_still_read(harness: Harness) -> None:
    """orjson takes UTF-8 only; the json module reads the rest, as before."""
    body = '{"displayName": "Contoso ü"}'.encode("utf-16")
    client = harness.client(lambda r: httpx.Response(200, content=body, headers={"content-type": "application/json"}))

    assert client.get("/applications/x") == {"displayName": "Contoso ü"}
