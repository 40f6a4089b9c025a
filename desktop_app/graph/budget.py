"""One tenant's Graph budget, shared by every client of this process that talks to it (graph-notes §8).

Graph throttles per calling app and tenant: a backup, a restore and a preview of the same tenant spend one
budget. When any of them is told to wait (429 with Retry-After), all of them hold back their next request until
then, instead of each finding out with a throttled request of its own (which still counts against the budget
and keeps the tenant throttled). After the wait they don't all return at once either: the number of requests in
flight for the tenant drops to one and grows by one with each answer that was not throttled (a slow start, as
TCP does after a loss), so a stampede of 100 threads can't turn one free slot into 99 more 429s.

Giving up is shared too: once the tenant has been answered nothing but 429s for longer than a client's patience,
every request of that client still waiting for its turn gives up at once with Graph's last 429, instead of each
sending one more throttled request in its turn (32 listing threads, one Retry-After apart, took a minute).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable

from desktop_app.graph.errors import GraphError

_SPREAD = 0.1  # waiters return over the first tenth of the wait after it (at most SPREAD_CAP_S)
_SPREAD_CAP_S = 2.0
# A 429 arriving this long after the last wait Graph asked for was over starts a new run of 429s: the clients that
# gave up on the last run sent nothing since, so a backup started later is not refused for their patience.
_RUN_GAP_S = 30.0


UNLIMITED = 1_000_000


class ThrottleBudget:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Condition()
        self._resume_at = 0.0
        self._last_wait = 0.0
        self._random = random.Random()
        self._window = UNLIMITED  # requests allowed in flight; drops to 1 when Graph throttles
        self._in_flight = 0
        self._throttled_since: float | None = None  # start of the tenant's current run of 429s
        self._refusal: GraphError | None = None  # Graph's last 429 for the tenant

    def enter(self, wait: Callable[[float], None], patience: float = float("inf")) -> GraphError | None:
        """Before a request: wait out Graph's wait (with `wait`, which may raise Cancelled), then for a slot.

        None: the request may go, and holds its slot until `leave`. Graph's last 429 for the tenant instead (no
        slot taken) when the request would have to wait while the tenant has been answered only 429s for
        `patience` seconds. Each wait Graph asked for is sat out once: `wait` is the client's (a test's may
        return at once without moving this clock), so checking the clock again after it would spin."""
        served = float("-inf")  # the end of the last wait Graph asked for that this request sat out
        while True:
            with self._lock:
                resume_at = self._resume_at
                pause = resume_at - self._clock() if resume_at > served else 0.0
                if pause <= 0 and self._in_flight < self._window:
                    self._in_flight += 1
                    return None
                if self._refusal is not None and self._run_length() >= patience:
                    return self._refusal
                if pause <= 0:
                    self._lock.wait(0.5)  # for a slot: a `leave` wakes it
                    continue
                pause += self._random.uniform(0.0, min(_SPREAD_CAP_S, self._last_wait * _SPREAD))
            wait(pause)
            served = resume_at

    def leave(self, throttled: bool) -> None:
        """After the answer: a throttled one shrinks the window to one request, others let it grow."""
        with self._lock:
            self._in_flight = max(0, self._in_flight - 1)
            if throttled:
                self._window = 1
            else:
                self._throttled_since = None
            if not throttled and self._window < UNLIMITED:
                self._window = UNLIMITED if self._window >= 64 else self._window + 1
            self._lock.notify_all()

    def throttled(self, retry_after: float, refusal: GraphError | None = None) -> None:
        """Graph said to wait `retry_after` seconds before the tenant's next request (`refusal`: its answer)."""
        with self._lock:
            if self._throttled_since is None or self._clock() > self._resume_at + _RUN_GAP_S:
                self._throttled_since = self._clock()
            if refusal is not None:
                self._refusal = refusal
            until = self._clock() + max(retry_after, 0.0)
            if until > self._resume_at:
                self._resume_at = until
                self._last_wait = retry_after

    def throttled_for(self) -> float:
        """How long the tenant has been answered only 429s (0 once an answer got through): every client of
        the tenant gives up together when this passes its patience, instead of each waiting its own turn."""
        with self._lock:
            return self._run_length()

    def _run_length(self) -> float:
        if self._throttled_since is None or self._clock() > self._resume_at + _RUN_GAP_S:
            return 0.0
        return self._clock() - self._throttled_since


class ThrottleBudgets:
    """The budgets of one process's tenants (GraphConnector keeps one), by Graph base URL and tenant id:
    national clouds and emulators are separate."""

    def __init__(self) -> None:
        self._budgets: dict[tuple[str, str], ThrottleBudget] = {}
        self._lock = threading.Lock()

    def of(self, base_url: str, tenant_id: str) -> ThrottleBudget:
        key = (base_url.rstrip("/").lower(), tenant_id.lower())
        with self._lock:
            budget = self._budgets.get(key)
            if budget is None:
                budget = self._budgets[key] = ThrottleBudget()
            return budget
