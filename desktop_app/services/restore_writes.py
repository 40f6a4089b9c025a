"""How a restore run writes: paced to Graph's write budget (3,000 per 150 s per app and tenant, graph-notes §8: a
throttled write still counts against the budget, so running into 429s is slower than never causing them), and
gated, so that a token that may only read is found out by the first write alone."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop_app.domain.cancel import Cancelled, CancelToken
from desktop_app.domain.redact import redact
from desktop_app.domain.restore_plan import Failure, FailureCode, failure_json
from desktop_app.graph.client import GraphClient
from desktop_app.graph.errors import GraphError
from desktop_app.services.restore_journal import RunJournal
from desktop_app.store import RestoreRunInfo, Store
from desktop_app.store.restore_journal import JournalItem

log = logging.getLogger(__name__)

WRITES_PER_WINDOW = 3000  # graph-notes §8: per app and tenant
WRITE_WINDOW_S = 150.0
_REFUSED_CODES = frozenset({"Authorization_RequestDenied", "Forbidden", "AccessDenied"})


@dataclass(frozen=True)
class RestoreTiming:
    """How patient and how parallel a run is. Defaults suit Microsoft Graph; tests shorten the waits."""

    workers: int = 16
    writes_per_second: float = WRITES_PER_WINDOW / WRITE_WINDOW_S
    # Writes the budget allows at once when the run starts: Graph's bucket is full when nothing wrote in the last
    # window; a little is kept back for clock differences and other writers. If the bucket was not full, the
    # first 429 drops this to nothing and the run goes on at the steady rate. (A throttled write still counts
    # against the budget, and the client's own retries of it would too: overshooting costs more than it gains.)
    write_burst: float = WRITES_PER_WINDOW * 0.95
    replication_timeout_s: float = 300.0  # new objects have been seen to take minutes (graph-notes §6)
    lag_backoff_s: float = 0.5
    lag_backoff_cap_s: float = 10.0
    lookup_settle_s: tuple[float, ...] = (0.0, 2.0, 5.0)  # waits before each look-up of a create that timed out
    create_attempts: int = 5


class WritePacer:
    """A token bucket in front of every write: `writes_per_second` steady, `burst` at the start."""

    def __init__(
        self,
        writes_per_second: float,
        burst: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._rate = max(writes_per_second, 0.001)
        self._capacity = max(burst, 1.0)
        self._tokens = self._capacity
        self._clock = clock
        self._sleep = sleep
        self._at: float | None = None  # Graph's bucket starts draining at the first write, and so does this
        self._lock = threading.Lock()

    def acquire(self) -> None:
        while True:
            with self._lock:
                now = self._clock()
                if self._at is None:
                    self._at = now
                self._tokens = min(self._capacity, self._tokens + (now - self._at) * self._rate)
                self._at = now
                if self._tokens >= 1.0 - 1e-9:  # float rounding must not leave a sliver to wait for forever
                    self._tokens -= 1.0
                    return
                wait = (1.0 - self._tokens) / self._rate
            self._sleep(wait)

    def exhaust(self) -> None:
        """Graph throttled a write: the budget is not what the burst assumed; continue at the steady rate."""
        with self._lock:
            self._tokens = min(self._tokens, 0.0)
            self._capacity = 1.0


class WriteGate:
    """Lets the run's first write through alone: if Graph refuses it (a read-only token), nothing else is sent."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._opened = threading.Event()
        self._taken = False
        self.refused: GraphError | None = None

    def enter(self) -> bool:
        """True for the caller that sends the first write; the others wait for its answer."""
        with self._lock:
            if not self._taken:
                self._taken = True
                return True
        self._opened.wait()
        if self.refused is not None:
            raise self.refused
        return False

    def answer(self, error: GraphError | None) -> None:
        if error is not None and (error.status in (401, 403) or error.code in _REFUSED_CODES):
            self.refused = error
        self._opened.set()

    @property
    def failure(self) -> Failure | None:
        """Graph refused the first write: nothing was changed."""
        if self.refused is None:
            return None
        return Failure(FailureCode.WRITE_REFUSED, {"status": str(self.refused.status), "code": self.refused.code})


def run_ending(results: Sequence[str], cancel: CancelToken, gate: WriteGate) -> tuple[bool, str]:
    """How a run of apps (a restore's, a rollback's) ended, as the audit keeps it: (cancelled, status). Cancelled
    when a Cancel left apps not started; failed when Graph refused the first write or every app failed; else
    complete."""
    if cancel.cancelled and "skipped" in results:
        return True, "cancelled"
    failed = gate.refused is not None or (bool(results) and all(r == "failed" for r in results))
    return False, "failed" if failed else "complete"


def begin_run(store: Store, graph: GraphClient, start: Callable[[], RestoreRunInfo], request: Mapping[str, Any],
              items: Sequence[JournalItem], *, run: str, clock: Callable[[], datetime]) -> tuple[RestoreRunInfo, RunJournal]:
    """A run's audit row (`start`), then its journal (services/restore_journal.py). Either failing closes the run's
    graph; a run whose journal could not begin is recorded as stopped before writing (record_stopped)."""
    try:
        info = start()
    except BaseException:
        graph.close()
        raise
    try:
        return info, RunJournal.begin(store, info.id, request, items)
    except BaseException as exc:
        graph.close()
        record_stopped(store, info.id, exc, writing=False, run=run, finished=clock())
        raise


def record_stopped(store: Store, run_id: int, exc: BaseException, *, writing: bool, run: str,
                   finished: datetime) -> None:
    """The audit of a run (`run`: restore or rollback) an exception stopped. Stopped while apps were being written
    (a second Ctrl+C or SIGTERM, the database failing under it), some may be half done, or created with only Graph
    knowing: the run is `interrupted` and its journal left for the next run into the tenant to settle
    (services/restore_journal.py), which adopts what it created. Before that, nothing was written."""
    stopped: Failure
    if isinstance(exc, Cancelled):
        stopped = Failure(FailureCode.CANCELLED_BEFORE_WRITING)
    elif isinstance(exc, KeyboardInterrupt | SystemExit):
        stopped = Failure(FailureCode.STOPPED_WHILE_WRITING, {"run": run}) if writing else \
            Failure(FailureCode.STOPPED_BEFORE_WRITING)
    else:
        # Any exception may end up here, not only ours that redact themselves: the audit is a database too.
        error = redact(f"{type(exc).__name__}: {exc}")
        stopped = Failure(FailureCode.FAILED_WHILE_WRITING, {"run": run, "error": error}) if writing else \
            Failure(FailureCode.FAILED_BEFORE_WRITING, {"error": error})
    status = "interrupted" if writing and not isinstance(exc, Cancelled) else "failed"
    try:
        store.finish_restore_run(run_id, status, finished=finished, stopped=failure_json(stopped))
    except Exception as error:  # noqa: BLE001 - the store failing is why we are here: the journal says the rest
        log.warning("%s run %d: could not record how it stopped: %s", run, run_id, error)
