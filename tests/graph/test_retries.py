"""Throttling, back-off, dropped connections, bounded retries and cancellation."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from graph_fakes import Handler, Harness, graph_error

from desktop_app.domain.cancel import Cancelled, CancelToken
from desktop_app.graph import GraphConnectionError, GraphError
from desktop_app.graph.client import BACKOFF_CAP_S


def scripted(*answers: httpx.Response | type[httpx.TransportError]) -> Iterator[httpx.Response | type[httpx.TransportError]]:
    return iter(answers)


def replay(script: Iterator[httpx.Response | type[httpx.TransportError]]) -> Handler:
    """A handler that gives the scripted answers in order, raising the exception classes as transport errors."""

    def handler(request: httpx.Request) -> httpx.Response:
        answer = next(script)
        if isinstance(answer, type):
            raise answer("connection dropped", request=request)
        return answer

    return handler


OK = httpx.Response(200, json={"id": "x"})


def test_429_waits_exactly_retry_after_then_succeeds(harness: Harness) -> None:
    client = harness.client(replay(scripted(
        graph_error(429, "TooManyRequests", "slow down", **{"Retry-After": "7"}), OK,
    )))

    assert client.get("/applications/x") == {"id": "x"}

    assert harness.sleeps == [7.0]
    stats = client.stats
    assert (stats.requests, stats.retries, stats.throttled, stats.seconds_waited) == (2, 1, 1, 7.0)


def test_503_without_retry_after_backs_off_exponentially_with_jitter(harness: Harness) -> None:
    client = harness.client(replay(scripted(
        graph_error(503, "ServiceUnavailable", "busy"), graph_error(504, "GatewayTimeout", "slow"),
        graph_error(503, "ServiceUnavailable", "busy"), OK,
    )))

    client.get("/applications/x")

    assert len(harness.sleeps) == 3
    # attempt n waits between half and all of 0.5 * 2**(n-1) seconds
    for n, waited in enumerate(harness.sleeps, start=1):
        ceiling = 0.5 * 2 ** (n - 1)
        assert ceiling / 2 <= waited <= ceiling


def test_503_with_retry_after_honours_it(harness: Harness) -> None:
    client = harness.client(replay(scripted(
        graph_error(503, "ServiceUnavailable", "busy", **{"Retry-After": "12"}), OK,
    )))

    client.get("/applications/x")

    assert harness.sleeps == [12.0]


def test_back_off_is_capped_and_retries_are_bounded_with_a_clear_error(harness: Harness) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return graph_error(503, "ServiceUnavailable", "The service is busy.", request_id="rid-503")

    client = harness.client(handler, max_retries=10)

    with pytest.raises(GraphError) as caught:
        client.get("/applications/abc", params={"$select": "id"})

    assert len(harness.requests) == 11
    assert len(harness.sleeps) == 10
    assert max(harness.sleeps) <= BACKOFF_CAP_S
    assert harness.sleeps[-1] >= BACKOFF_CAP_S / 2  # the cap is reached, not an ever-growing wait
    err = caught.value
    assert (err.status, err.code, err.request_id, err.attempts) == (503, "ServiceUnavailable", "rid-503", 11)
    assert str(err) == (
        "503 ServiceUnavailable: The service is busy. (request-id rid-503, date 2026-11-26T17:00:00) "
        "on GET /v1.0/applications/abc after 11 attempts"
    )


def test_429_retries_are_bounded_too_by_the_time_spent_waiting(harness: Harness) -> None:
    client = harness.client(lambda r: graph_error(429, "TooManyRequests", "x", **{"Retry-After": "1"}),
                            max_retries=30, throttle_patience_s=3)

    with pytest.raises(GraphError) as caught:
        client.get("/applications")

    assert caught.value.status == 429
    assert len(harness.requests) == 4  # waited 1 + 1 + 1 s; a fourth wait would exceed the patience
    assert client.stats.throttled == 4


def test_a_full_throttle_budget_is_waited_out_beyond_max_retries(harness: Harness) -> None:
    """Issue 16 case 3: Graph says how long to wait; a backup that meets a full budget waits and finishes."""
    answers = iter([graph_error(429, "TooManyRequests", "x", **{"Retry-After": "30"}) for _ in range(12)] + [OK])
    client = harness.client(lambda r: next(answers), max_retries=3)

    assert client.get("/applications") == {"id": "x"}
    assert len(harness.requests) == 13
    assert harness.sleeps == [30.0] * 12


def test_clients_of_one_tenant_hold_back_while_graph_asked_one_of_them_to_wait(harness: Harness) -> None:
    from desktop_app.graph.budget import ThrottleBudget

    now = [100.0]
    budget = ThrottleBudget(clock=lambda: now[0])
    answers = iter([graph_error(429, "TooManyRequests", "x", **{"Retry-After": "20"}), OK, OK])
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    first = harness.client(lambda r: next(answers), budget=budget, sleep=sleep)
    second = harness.client(lambda r: next(answers), budget=budget, sleep=sleep)
    first.get("/applications")  # throttled once, waits 20 s, succeeds
    assert sleeps == [20.0]
    now[0] -= 15  # the second client starts 5 s into the wait Graph asked for
    second.get("/applications")
    assert len(sleeps) == 2 and 15.0 <= sleeps[1] <= 17.0  # held back until the wait was over, not throttled
    assert second.stats.throttled == 0


@pytest.mark.parametrize("dropped", [httpx.RemoteProtocolError, httpx.ReadError, httpx.ReadTimeout])
@pytest.mark.parametrize("method", ["GET", "PATCH", "PUT", "DELETE"])
def test_a_dropped_connection_is_retried_for_idempotent_methods(
    harness: Harness, method: str, dropped: type[httpx.TransportError]
) -> None:
    client = harness.client(replay(scripted(dropped, httpx.Response(204))))

    if method == "GET":
        client.get("/applications/x")
    elif method == "PATCH":
        client.patch("/applications/x", {"displayName": "a"})
    elif method == "PUT":
        client.put_bytes("/applications/x/logo", b"png", "image/png")
    else:
        client.delete("/applications/x")

    assert [r.method for r in harness.requests] == [method, method]
    assert client.stats.retries == 1


def test_a_dropped_connection_is_not_retried_for_a_post(harness: Harness) -> None:
    client = harness.client(replay(scripted(httpx.RemoteProtocolError, OK)))

    with pytest.raises(GraphConnectionError) as caught:
        client.post("/applications", {"displayName": "a"})

    assert len(harness.requests) == 1  # a second POST could create a duplicate app
    assert caught.value.status == 0
    assert "RemoteProtocolError" in str(caught.value)
    assert "not retried" in str(caught.value)
    assert "POST /v1.0/applications" in str(caught.value)


def test_a_dropped_connection_is_retried_for_a_post_marked_retry_safe(harness: Harness) -> None:
    client = harness.client(replay(scripted(httpx.ReadTimeout, OK)))

    assert client.post("/directoryObjects/getByIds", {"ids": []}, retry_safe=True) == {"id": "x"}
    assert len(harness.requests) == 2


def test_a_503_on_a_post_is_not_retried_but_a_429_is(harness: Harness) -> None:
    client = harness.client(replay(scripted(graph_error(503, "ServiceUnavailable", "busy"))))
    with pytest.raises(GraphError) as caught:
        client.post("/applications", {"displayName": "a"})
    assert caught.value.status == 503
    assert len(harness.requests) == 1

    # Graph did not run a throttled request, so repeating the POST cannot duplicate anything.
    client = harness.client(replay(scripted(graph_error(429, "TooManyRequests", "x", **{"Retry-After": "2"}),
                                            httpx.Response(201, json={"id": "new"}))))
    assert client.post("/applications", {"displayName": "a"}) == {"id": "new"}


def test_connection_errors_give_up_after_max_retries(harness: Harness) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    client = harness.client(handler, max_retries=2)

    with pytest.raises(GraphConnectionError) as caught:
        client.get("/applications")

    assert len(harness.requests) == 3
    assert caught.value.attempts == 3
    assert str(caught.value) == "ReadTimeout: timed out on GET /v1.0/applications after 3 attempts"


def test_other_errors_are_not_retried(harness: Harness) -> None:
    client = harness.client(lambda r: graph_error(400, "Request_BadRequest", "bad"))

    with pytest.raises(GraphError):
        client.patch("/applications/x", {"displayName": ""})
    assert len(harness.requests) == 1
    assert harness.sleeps == []


# ----- cancellation ----------------------------------------------------------------------------------------


def test_cancelled_before_a_request_sends_nothing(harness: Harness) -> None:
    cancel = CancelToken()
    cancel.cancel()
    client = harness.client(lambda r: OK, cancel=cancel)

    with pytest.raises(Cancelled):
        client.get("/applications")
    assert harness.requests == []


def test_cancelled_while_waiting_stops_before_the_next_attempt(harness: Harness) -> None:
    cancel = CancelToken()
    client = harness.client(
        lambda r: graph_error(429, "TooManyRequests", "x", **{"Retry-After": "5"}),
        cancel=cancel, sleep=lambda seconds: cancel.cancel(),
    )

    with pytest.raises(Cancelled):
        client.get("/applications")
    assert len(harness.requests) == 1


def test_a_long_retry_after_is_cut_short_by_cancel_with_the_real_sleep(harness: Harness) -> None:
    cancel = CancelToken()
    started_waiting = threading.Event()

    def handler(request: httpx.Request) -> httpx.Response:
        started_waiting.set()
        return graph_error(429, "TooManyRequests", "x", **{"Retry-After": "120"})

    client = harness.client(handler, cancel=cancel, sleep=time.sleep)
    outcome: list[BaseException] = []

    def run() -> None:
        try:
            client.get("/applications")
        except BaseException as exc:  # noqa: BLE001 - the test inspects what came out
            outcome.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    assert started_waiting.wait(5)
    began = time.monotonic()
    cancel.cancel()
    worker.join(10)

    assert not worker.is_alive()
    assert time.monotonic() - began < 5  # not the 120 s Graph asked for
    assert len(outcome) == 1 and isinstance(outcome[0], Cancelled)
    assert len(harness.requests) == 1
