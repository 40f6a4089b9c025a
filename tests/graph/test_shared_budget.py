"""A tenant's shared 429 budget (graph/budget.py) with the clients' own sleeps: no spinning when a sleep doesn't
move the budget's clock, and every client of a tenant gives up together once Graph has throttled it for longer
than the patience (issue 16, the window's 429-storm test and the CLI's minute-long 429 test)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from graph_fakes import Harness, graph_error

from desktop_app.graph import GraphError
from desktop_app.graph.budget import ThrottleBudget

OK = httpx.Response(200, json={"id": "x"})


def throttled(request_id: str, seconds: int = 10) -> httpx.Response:
    return graph_error(429, "TooManyRequests", "slow down", request_id=request_id, **{"Retry-After": str(seconds)})


class Clock:
    """The budget's clock; `sleep` moves it (a real sleep would), `frozen_sleep` doesn't (a test's no-op sleep)."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def frozen_sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        if len(self.sleeps) > 50:
            raise AssertionError("the budget keeps waiting for a clock that the sleep does not move")


def answers(*script: httpx.Response) -> Iterator[httpx.Response]:
    return iter(script)


def test_a_sleep_that_returns_at_once_sits_out_each_wait_once_instead_of_spinning(harness: Harness) -> None:
    clock = Clock()
    budget = ThrottleBudget(clock=clock)
    script = answers(throttled("rid-1", 20), OK)
    client = harness.client(lambda r: next(script), budget=budget, sleep=clock.frozen_sleep)

    assert client.get("/applications") == {"id": "x"}
    assert len(harness.requests) == 2
    # The client's own wait for the 429, then the budget's once: the clock never moved, so it can't tell it is over.
    assert len(clock.sleeps) == 2 and clock.sleeps[0] == 20.0


def test_a_client_waiting_its_turn_gives_up_without_sending_once_the_tenant_is_throttled_past_the_patience(
    harness: Harness,
) -> None:
    clock = Clock()
    budget = ThrottleBudget(clock=clock)
    script = answers(throttled("rid-1"), throttled("rid-2"), throttled("rid-3"), throttled("rid-4"))
    first = harness.client(lambda r: next(script), budget=budget, sleep=clock.sleep, throttle_patience_s=30)
    with pytest.raises(GraphError) as first_error:
        first.get("/applications")
    assert len(harness.requests) == 4 and clock.now == 130.0  # 429s at 100, 110, 120, 130: 30 s of them

    # Another client of the tenant (another thread of the backup) would have to wait until 140: Graph has
    # throttled the tenant for its whole patience, so it gives up now with Graph's last answer and sends nothing.
    second = harness.client(lambda r: next(script), budget=budget, sleep=clock.sleep, throttle_patience_s=30)
    with pytest.raises(GraphError) as second_error:
        second.get("/applications/y")
    assert len(harness.requests) == 4
    assert clock.now == 130.0
    assert (second_error.value.status, second_error.value.code) == (429, "TooManyRequests")
    assert second_error.value.request_id == first_error.value.request_id == "rid-4"
    assert second_error.value.path == "/v1.0/applications/y"
    assert second.stats.requests == 0


def test_throttling_long_after_everyone_gave_up_starts_a_new_run_with_the_whole_patience(harness: Harness) -> None:
    clock = Clock()
    budget = ThrottleBudget(clock=clock)
    script = answers(*(throttled(f"rid-{n}") for n in range(4)))
    first = harness.client(lambda r: next(script), budget=budget, sleep=clock.sleep, throttle_patience_s=30)
    with pytest.raises(GraphError):
        first.get("/applications")

    clock.now += 600  # the user tries again ten minutes later: Graph throttles once, then answers
    script = answers(throttled("rid-later"), OK)
    later = harness.client(lambda r: next(script), budget=budget, sleep=clock.sleep, throttle_patience_s=30)
    assert later.get("/applications") == {"id": "x"}
    assert later.stats.throttled == 1
