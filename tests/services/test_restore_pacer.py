"""The write pacer (Graph's write budget, client side) and the write gate (a refused first write stops all)."""

from __future__ import annotations

import threading

import pytest

from desktop_app.graph.errors import GraphError
from desktop_app.services.restore_texts import describe_failure
from desktop_app.services.restore_writes import WriteGate, WritePacer


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_the_burst_goes_at_once_then_the_steady_rate() -> None:
    clock = FakeClock()
    pacer = WritePacer(20, 100, clock=clock, sleep=clock.sleep)
    for _ in range(100):
        pacer.acquire()
    assert clock.now == 0
    for _ in range(40):
        pacer.acquire()
    assert clock.now == pytest.approx(2.0)  # 40 more writes at 20 per second


def test_a_throttled_write_drops_the_burst() -> None:
    clock = FakeClock()
    pacer = WritePacer(10, 1000, clock=clock, sleep=clock.sleep)
    pacer.acquire()
    pacer.exhaust()
    for _ in range(10):
        pacer.acquire()
    assert clock.now == pytest.approx(1.0)
    clock.now += 60  # a quiet minute no longer builds up a burst
    for _ in range(5):
        pacer.acquire()
    assert clock.now == pytest.approx(61.0 + 0.4)


def test_the_gate_lets_everyone_through_after_a_first_write_that_worked() -> None:
    gate = WriteGate()
    assert gate.enter() is True
    others: list[bool] = []
    waiter = threading.Thread(target=lambda: others.append(gate.enter()))
    waiter.start()
    waiter.join(0.05)
    assert waiter.is_alive()  # waits for the first answer
    gate.answer(None)
    waiter.join(5)
    assert others == [False] and gate.refused is None and gate.failure is None


def test_a_refused_first_write_refuses_all_the_others_without_sending() -> None:
    gate = WriteGate()
    assert gate.enter()
    gate.answer(GraphError(403, "Authorization_RequestDenied", "Insufficient privileges"))
    with pytest.raises(GraphError) as refused:
        gate.enter()
    assert refused.value.code == "Authorization_RequestDenied"
    assert gate.failure is not None and "Nothing was changed" in describe_failure(gate.failure)


def test_a_first_write_that_failed_otherwise_does_not_close_the_gate() -> None:
    gate = WriteGate()
    assert gate.enter()
    gate.answer(GraphError(400, "Request_BadRequest", "bad body"))
    assert gate.enter() is False and gate.refused is None
