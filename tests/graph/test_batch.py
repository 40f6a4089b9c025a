"""$batch: chunks of 20, each inner answer on its own, inner throttling retried after the largest Retry-After."""

from __future__ import annotations

import base64
import json
import threading
from collections import Counter
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from graph_fakes import Harness

from desktop_app.graph import BatchRequest, GraphConnectionError

Inner = tuple[int, dict[str, str], Any]


class FakeBatchGraph:
    """Answers POST /$batch by calling `answer(inner_request, times_seen)` for every inner request."""

    def __init__(self, answer: Callable[[dict[str, Any], int], Inner]) -> None:
        self.answer = answer
        self.envelopes: list[list[dict[str, Any]]] = []
        self.seen: Counter[str] = Counter()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert request.method == "POST" and request.url.path == "/v1.0/$batch"
        inner = json.loads(request.content)["requests"]
        self.envelopes.append(inner)
        responses = []
        for item in inner:
            self.seen[item["id"]] += 1
            status, headers, body = self.answer(item, self.seen[item["id"]])
            responses.append({"id": item["id"], "status": status, "headers": headers, "body": body})
        responses.reverse()  # Graph does not promise order
        return httpx.Response(200, json={"responses": responses})


def ok_owner(item: dict[str, Any], seen: int) -> Inner:
    return 200, {"Content-Type": "application/json", "x-ms-resource-unit": "1"}, {"value": [{"id": item["url"]}]}


def owners_requests(count: int) -> list[BatchRequest]:
    return [BatchRequest(str(i), "GET", f"/applications/app-{i}/owners") for i in range(count)]


def test_45_requests_go_in_chunks_of_20_and_come_back_in_input_order(harness: Harness) -> None:
    fake = FakeBatchGraph(ok_owner)
    client = harness.client(fake)

    answers = client.batch(owners_requests(45))

    assert [len(e) for e in fake.envelopes] == [20, 20, 5]
    assert all(item["url"].startswith("/applications/") for e in fake.envelopes for item in e)
    assert [a.id for a in answers] == [str(i) for i in range(45)]
    assert [a.json["value"][0]["id"] for a in answers] == [f"/applications/app-{i}/owners" for i in range(45)]
    stats = client.stats
    assert (stats.requests, stats.inner_requests, stats.resource_units, stats.writes) == (3, 45, 45.0, 0)


class InFlight:
    """Wraps a fake: counts the envelopes being answered at once; `together` of them wait for each other first."""

    def __init__(self, fake: FakeBatchGraph, together: int = 0) -> None:
        self.fake = fake
        self.most = 0
        self._now = 0
        self._lock = threading.Lock()
        self._barrier = threading.Barrier(together) if together else None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        with self._lock:
            self._now += 1
            self.most = max(self.most, self._now)
        try:
            if self._barrier is not None:
                self._barrier.wait(timeout=120)  # broken (an error) if they are sent one after the other
            with self._lock:
                return self.fake(request)
        finally:
            with self._lock:
                self._now -= 1


def test_read_envelopes_go_side_by_side_when_asked_and_answers_keep_input_order(harness: Harness) -> None:
    in_flight = InFlight(FakeBatchGraph(ok_owner), together=3)
    client = harness.client(in_flight)

    answers = client.batch(owners_requests(45), parallel=3)

    assert in_flight.most == 3 and sorted(len(e) for e in in_flight.fake.envelopes) == [5, 20, 20]
    assert [a.json["value"][0]["id"] for a in answers] == [f"/applications/app-{i}/owners" for i in range(45)]
    assert client.stats.requests == 3


def test_writes_never_go_side_by_side(harness: Harness) -> None:
    in_flight = InFlight(FakeBatchGraph(lambda item, seen: (204, {}, None)))
    client = harness.client(in_flight)
    writes = [BatchRequest(str(i), "PATCH", f"/applications/{i}", body={}) for i in range(45)]

    assert [a.status for a in client.batch(writes, parallel=3)] == [204] * 45
    assert in_flight.most == 1 and len(in_flight.fake.envelopes) == 3


def test_inner_429s_are_retried_after_the_largest_retry_after(harness: Harness) -> None:
    throttled = {"3": "4", "7": "9", "12": "2"}

    def answer(item: dict[str, Any], seen: int) -> Inner:
        if item["id"] in throttled and seen == 1:
            return 429, {"Retry-After": throttled[item["id"]]}, {
                "error": {"code": "TooManyRequests", "message": "throttled"}}
        return ok_owner(item, seen)

    fake = FakeBatchGraph(answer)
    client = harness.client(fake)

    answers = client.batch(owners_requests(20))

    assert harness.sleeps == [9.0]
    assert [len(e) for e in fake.envelopes] == [20, 3]
    assert sorted(item["id"] for item in fake.envelopes[1]) == ["12", "3", "7"]
    assert all(a.status == 200 for a in answers)
    stats = client.stats
    assert (stats.throttled, stats.retries, stats.inner_requests, stats.requests) == (3, 3, 23, 2)


def test_inner_failures_are_returned_with_a_parsed_error_not_raised(harness: Harness) -> None:
    def answer(item: dict[str, Any], seen: int) -> Inner:
        if item["id"] == "1":
            return 404, {"Content-Type": "application/json"}, {"error": {
                "code": "Request_ResourceNotFound", "message": "Resource 'app-1' does not exist",
                "innerError": {"request-id": "inner-rid", "date": "2026-11-26T10:00:00"}}}
        if item["id"] == "2":
            # 503 of a POST: it may have run, so it is not repeated.
            return 503, {}, {"error": {"code": "ServiceUnavailable", "message": "busy"}}
        return ok_owner(item, seen)

    fake = FakeBatchGraph(answer)
    client = harness.client(fake)
    requests = owners_requests(2) + [BatchRequest("2", "POST", "/applications", body={"displayName": "n"})]

    answers = client.batch(requests)

    assert [a.status for a in answers] == [200, 404, 503]
    assert answers[0].error is None and answers[0].ok
    err = answers[1].error
    assert err is not None
    assert (err.status, err.code, err.request_id) == (404, "Request_ResourceNotFound", "inner-rid")
    assert "GET /applications/app-1/owners" in str(err)
    assert answers[2].error is not None and answers[2].error.code == "ServiceUnavailable"
    assert len(fake.envelopes) == 1 and harness.sleeps == []
    with pytest.raises(Exception, match="Request_ResourceNotFound"):
        answers[1].raise_for_status()
    # the POST's body went with a Content-Type, as Graph requires
    post = next(item for item in fake.envelopes[0] if item["id"] == "2")
    assert post["headers"]["Content-Type"] == "application/json"
    assert client.stats.writes == 1


def test_inner_503_of_a_get_backs_off_and_inner_retries_are_bounded(harness: Harness) -> None:
    def answer(item: dict[str, Any], seen: int) -> Inner:
        if item["id"] == "0":
            return 503, {}, {"error": {"code": "ServiceUnavailable", "message": "busy"}}
        return ok_owner(item, seen)

    fake = FakeBatchGraph(answer)
    client = harness.client(fake, max_retries=3)

    answers = client.batch(owners_requests(2))

    assert [len(e) for e in fake.envelopes] == [2, 1, 1, 1]
    assert len(harness.sleeps) == 3 and all(0 < s <= 30 for s in harness.sleeps)
    assert answers[0].status == 503 and answers[0].error is not None
    assert answers[1].status == 200


def test_binary_inner_bodies_are_exposed_raw(harness: Harness) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00binary"

    def answer(item: dict[str, Any], seen: int) -> Inner:
        return 200, {"Content-Type": "image/png"}, base64.b64encode(png).decode()

    client = harness.client(FakeBatchGraph(answer))

    [logo] = client.batch([BatchRequest("logo", "GET", "/applications/a/logo")])

    assert logo.raw == png
    assert logo.json == {}


def fully_parallel_or_sequential(envelope: list[dict[str, Any]]) -> bool:
    """What Graph takes (microsoft-graph-docs-contrib#2339): no dependsOn at all, or on every request after the
    first, naming requests before it."""
    ids = [item["id"] for item in envelope]
    if not any("dependsOn" in item for item in envelope):
        return True
    return all(item.get("dependsOn") and set(item["dependsOn"]) <= set(ids[:i])
               for i, item in enumerate(envelope) if i)


def test_chains_go_whole_in_sequential_batches_and_independent_requests_in_parallel_ones(harness: Harness) -> None:
    def answer(item: dict[str, Any], seen: int) -> Inner:
        if item["id"] == "bad":
            return 400, {}, {"error": {"code": "Request_BadRequest", "message": "no"}}
        if set(item.get("dependsOn") or ()) & {"bad", "after-bad"}:  # Graph fails the rest of a chain with 424
            return 424, {}, {"error": {"code": "FailedDependency", "message": "x"}}
        return 204, {}, None

    fake = FakeBatchGraph(answer)
    client = harness.client(fake)
    filler = [BatchRequest(f"f{i}", "GET", f"/applications/{i}") for i in range(18)]
    requests = [BatchRequest("good", "PATCH", "/applications/a", body={}),
                BatchRequest("bad", "PATCH", "/applications/b", body={}), *filler,
                BatchRequest("after-good", "PATCH", "/applications/a", body={}, depends_on=["good"]),
                BatchRequest("after-bad", "PATCH", "/applications/b", body={}, depends_on=["bad"]),
                BatchRequest("chained", "PATCH", "/applications/b", body={}, depends_on=["after-bad"])]

    answers = {a.id: a for a in client.batch(requests)}

    assert all(fully_parallel_or_sequential(e) for e in fake.envelopes)
    by_first = {e[0]["id"]: [i["id"] for i in e] for e in fake.envelopes}
    assert by_first["good"] == ["good", "after-good"] and by_first["bad"] == ["bad", "after-bad", "chained"]
    assert by_first["f0"] == [f"f{i}" for i in range(18)]
    assert answers["after-good"].status == 204
    assert answers["after-bad"].status == 424 and answers["chained"].status == 424
    assert answers["chained"].error is not None and answers["chained"].error.code == "FailedDependency"


def test_a_chain_longer_than_a_batch_continues_in_the_next_one_after_it(harness: Harness) -> None:
    fake = FakeBatchGraph(lambda item, seen: (204, {}, None))
    client = harness.client(fake)
    chain = [BatchRequest("0", "PATCH", "/applications/a", body={})]
    chain += [BatchRequest(str(i), "PATCH", "/applications/a", body={}, depends_on=[str(i - 1)]) for i in range(1, 25)]

    assert [a.status for a in client.batch(chain)] == [204] * 25
    assert [[i["id"] for i in e] for e in fake.envelopes] == [[str(i) for i in range(20)],
                                                             [str(i) for i in range(20, 25)]]
    assert all(fully_parallel_or_sequential(e) for e in fake.envelopes)


def test_a_chain_with_two_starts_sends_its_starts_first(harness: Harness) -> None:
    """The documentation's own mixed example (1 and 3 first, then 2, then 4) would be refused whole by Graph."""
    fake = FakeBatchGraph(lambda item, seen: (204, {}, None))
    client = harness.client(fake)
    requests = [BatchRequest("1", "PATCH", "/a", body={}), BatchRequest("2", "PATCH", "/a", body={}, depends_on=["1"]),
                BatchRequest("3", "PATCH", "/b", body={}), BatchRequest("4", "PATCH", "/b", body={}, depends_on=["3"]),
                BatchRequest("5", "PATCH", "/c", body={}, depends_on=["2", "4"])]

    assert [a.status for a in client.batch(requests)] == [204] * 5
    assert all(fully_parallel_or_sequential(e) for e in fake.envelopes)
    sent = [i["id"] for e in fake.envelopes for i in e]
    assert sorted(sent) == ["1", "2", "3", "4", "5"]
    assert all(sent.index(d) < sent.index(r.id) for r in requests for d in r.depends_on or ())


def throttled_once(throttled: set[str], failing: set[str]) -> Callable[[dict[str, Any], int], Inner]:
    """Graph's answers to writes where the first try of `throttled` is throttled (429, a second's Retry-After) and
    the first try of `failing` fails with it (424); every other try is done (204)."""
    def answer(item: dict[str, Any], seen: int) -> Inner:
        if item["id"] in throttled and seen == 1:
            return 429, {"Retry-After": "1"}, {"error": {"code": "TooManyRequests", "message": "x"}}
        if item["id"] in failing and seen == 1:
            return 424, {}, {"error": {"code": "FailedDependency", "message": "x"}}
        return 204, {}, None

    return answer


def test_a_throttled_prerequisite_is_retried_together_with_its_dependent(harness: Harness) -> None:
    fake = FakeBatchGraph(throttled_once({"a"}, {"b"}))
    client = harness.client(fake)

    answers = client.batch([BatchRequest("a", "PATCH", "/applications/x", body={}),
                            BatchRequest("b", "PATCH", "/applications/x", body={}, depends_on=["a"])])

    assert [a.status for a in answers] == [204, 204]
    assert fake.envelopes[1] == [
        {"id": "a", "method": "PATCH", "url": "/applications/x", "body": {},
         "headers": {"Content-Type": "application/json"}},
        {"id": "b", "method": "PATCH", "url": "/applications/x", "body": {},
         "headers": {"Content-Type": "application/json"}, "dependsOn": ["a"]},
    ]


def test_retries_keep_what_a_request_depends_on_before_it(harness: Harness) -> None:
    """a <- b <- c and a <- d: d throttled alone is retried alone; b throttled (c failing with it) goes again as
    the chain b <- c, never beside an independent request in one batch."""
    fake = FakeBatchGraph(throttled_once({"b", "d"}, {"c"}))
    client = harness.client(fake)
    requests = [BatchRequest("a", "PATCH", "/x", body={}), BatchRequest("b", "PATCH", "/x", body={}, depends_on=["a"]),
                BatchRequest("c", "PATCH", "/x", body={}, depends_on=["b"]),
                BatchRequest("d", "PATCH", "/y", body={}, depends_on=["a"])]

    assert [a.status for a in client.batch(requests)] == [204] * 4
    assert all(fully_parallel_or_sequential(e) for e in fake.envelopes)
    assert [i["id"] for i in fake.envelopes[0]] == ["a", "b", "c", "d"]
    retried = sorted(([i["id"] for i in e] for e in fake.envelopes[1:]), key=len)
    assert retried == [["d"], ["b", "c"]]
    assert next(e for e in fake.envelopes[1:] if len(e) == 2)[1]["dependsOn"] == ["b"]


def test_the_envelope_is_resent_after_a_dropped_connection_only_when_every_inner_request_is_safe(
    harness: Harness,
) -> None:
    calls = {"n": 0}

    def flaky(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] == 1:
            raise httpx.RemoteProtocolError("server disconnected", request=request)
        return FakeBatchGraph(ok_owner)(request)

    client = harness.client(flaky)
    assert [a.status for a in client.batch(owners_requests(3))] == [200, 200, 200]
    assert calls["n"] == 2

    calls["n"] = 0
    with pytest.raises(GraphConnectionError, match="not retried"):
        client.batch([*owners_requests(2), BatchRequest("p", "POST", "/applications", body={"displayName": "x"})])
    assert calls["n"] == 1


@pytest.mark.parametrize(
    ("requests", "message"),
    [
        ([BatchRequest("1", "GET", "/a"), BatchRequest("1", "GET", "/b")], "used twice"),
        ([BatchRequest("1", "GET", "https://graph.microsoft.com/v1.0/a")], "relative"),
        ([BatchRequest("1", "GET", "/a", depends_on=["2"]), BatchRequest("2", "GET", "/b")], "come before"),
    ],
)
def test_bad_batches_are_refused_before_sending(harness: Harness, requests: list[BatchRequest],
                                                message: str) -> None:
    client = harness.client(FakeBatchGraph(ok_owner))
    with pytest.raises(ValueError, match=message):
        client.batch(requests)
    assert harness.requests == []


def test_an_envelope_that_reports_its_units_is_not_counted_on_top_of_its_inner_requests(harness: Harness) -> None:
    fake = FakeBatchGraph(ok_owner)

    def with_envelope_units(request: httpx.Request) -> httpx.Response:
        answer = fake(request)
        inner = len(json.loads(request.content)["requests"])
        return httpx.Response(200, json=answer.json(), headers={"x-ms-resource-unit": str(inner)})

    client = harness.client(with_envelope_units)
    client.batch(owners_requests(25))

    assert client.stats.resource_units == 25.0
