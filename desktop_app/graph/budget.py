"""One tenant's Graph budget, shared by every client of this process that talks to it (graph-notes §8).

Graph throttles per calling app and tenant: a backup, a restore and a preview of the same tenant spend one
budget. When any of them is told to wait (429 with Retry-After), all of them hold back their next request until
then, instead of each finding out with a throttled request of its own (which still counts against the budget
and keeps the tenant throttled). After the wait they don't all return at once either: the number of requests in
flight for the tenant drops to one and grows by one with each answer that was not throttled (a slow start, as
TCP does after a loss), so a stampede of 100 threads can't turn one free slot into 99 more 429s.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable

_SPREAD = 0.1  # waiters return over the first tenth of the wait after it (at most SPREAD_CAP_S)
_SPREAD_CAP_S = 2.0


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

    def enter(self, wait: Callable[[float], None]) -> None:
        """Before a request: wait out Graph's wait (with `wait`, which may raise Cancelled), then for a slot."""
        while True:
            pause = self.wait_needed()
            if pause > 0:
                wait(pause)
                continue
            with self._lock:
                if self._in_flight < self._window:
                    self._in_flight += 1
                    return
                self._lock.wait(0.5)

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

    def throttled(self, retry_after: float) -> None:
        """Graph said to wait `retry_after` seconds before the tenant's next request."""
        with self._lock:
            if self._throttled_since is None:
                self._throttled_since = self._clock()
            until = self._clock() + max(retry_after, 0.0)
            if until > self._resume_at:
                self._resume_at = until
                self._last_wait = retry_after

    def throttled_for(self) -> float:
        """How long the tenant has been answered only 429s (0 once an answer got through): every client of
        the tenant gives up together when this passes its patience, instead of each waiting its own turn."""
        with self._lock:
            return 0.0 if self._throttled_since is None else self._clock() - self._throttled_since

    def wait_needed(self) -> float:
        """Seconds to hold back before the next request (0 when Graph asked for no wait)."""
        with self._lock:
            remaining = self._resume_at - self._clock()
            if remaining <= 0:
                return 0.0
            return remaining + self._random.uniform(0.0, min(_SPREAD_CAP_S, self._last_wait * _SPREAD))


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
