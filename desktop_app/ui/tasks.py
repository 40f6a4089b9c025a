"""The one place that runs background work for the window (STYLE.md: Anki's `taskman.py` and operations).

Two executors:
- `graph`: a thread pool for work that talks to Graph (a backup for minutes, a preview, a restore run, a
  sign-in); what such work writes to the store (a snapshot, the restore's audit) it writes from there, under the
  store's own locking (the tenant's lock, transactions), not through the database worker;
- `database`: ONE worker for the window's store reads that can be slow (an id list over 100,000 apps, an app's
  365 versions) and its small writes (settings, a report file). Queries run in the order they were asked, and a
  newer request can cancel one still queued.

Results, progress and errors come back to the GUI thread through ONE queued signal that carries a closure;
the slot that runs it lives on the GUI thread. Workers never touch widgets or models: they compute plain
Python values, and the operation's handlers (run on the GUI thread) apply them.

    Operation(runner, lambda task: store.app_ids(...), kind=Executor.DATABASE)
        .on_success(self._apply_ids)
        .on_failure(self._show_error)
        .run()
"""

from __future__ import annotations

import enum
import functools
import logging
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

import shiboken6
from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from desktop_app.domain.cancel import Cancelled, CancelToken

log = logging.getLogger(__name__)

T = TypeVar("T")

# Progress callbacks from a backup can fire per app (thousands a second); the GUI needs a few a second.
PROGRESS_INTERVAL_S = 0.05


class Executor(enum.Enum):
    GRAPH = "graph"
    DATABASE = "database"


class TaskContext:
    """What a worker function gets: a cancel token and a thread-safe, coalescing progress reporter."""

    def __init__(self, runner: TaskRunner, cancel: CancelToken,
                 on_progress: Callable[[Any], None] | None) -> None:
        self.cancel = cancel
        self._runner = runner
        self._on_progress = on_progress
        self._lock = threading.Lock()
        self._latest: Any = None
        self._scheduled = False
        self._last_sent = 0.0

    def progress(self, value: Any) -> None:
        """Report progress from the worker; only the latest value is delivered, a few times a second."""
        if self._on_progress is None:
            return
        with self._lock:
            self._latest = value
            if self._scheduled:
                return  # a delivery is on its way and takes the latest value
            now = time.monotonic()
            wait = PROGRESS_INTERVAL_S - (now - self._last_sent)
            self._scheduled = True
            self._last_sent = now + max(wait, 0.0)
        if wait <= 0:
            self._runner.run_on_main(self._deliver)
        else:
            # Too soon after the last one: delivered a little later, never left waiting for a next report (a
            # worker may go quiet for minutes after it, e.g. pacing certificate reads or held by a dialog).
            delay_ms = max(1, round(wait * 1000))
            self._runner.run_on_main(lambda: QTimer.singleShot(delay_ms, self._deliver))

    def flush_progress(self) -> None:
        """Deliver the value not delivered yet (called once the work is done, before its outcome is handed over:
        a delivery still timed for later then finds nothing to deliver)."""
        if self._on_progress is None:
            return
        with self._lock:
            if self._latest is None:
                return
            self._scheduled = True
        self._runner.run_on_main(self._deliver)

    def _deliver(self) -> None:
        with self._lock:
            value, self._latest, self._scheduled = self._latest, None, False
        if self._on_progress is not None and value is not None:
            self._on_progress(value)


class Operation(Generic[T]):
    """A small builder: what to run in the background and what to do with the outcome on the GUI thread.

    `owner` (a QObject, usually the widget that asked) guards the handlers: when it has been deleted by the
    time the result arrives, the result is dropped instead of touching a dead object.
    """

    def __init__(
        self,
        runner: TaskRunner,
        work: Callable[[TaskContext], T],
        *,
        kind: Executor = Executor.DATABASE,
        owner: QObject | None = None,
        cancel: CancelToken | None = None,
        name: str = "",
    ) -> None:
        self._runner = runner
        self._work = work
        self.kind = kind
        self.owner = owner
        self.cancel_token = cancel or CancelToken()
        self.name = name or getattr(work, "__name__", "operation")
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None
        self._cancelled: Callable[[], None] | None = None
        self._progress: Callable[[Any], None] | None = None
        self.future: Future[None] | None = None  # None until run(), and when the runner was shut down

    def on_success(self, handler: Callable[[T], None]) -> Operation[T]:
        self._success = handler
        return self

    def on_failure(self, handler: Callable[[BaseException], None]) -> Operation[T]:
        self._failure = handler
        return self

    def on_cancelled(self, handler: Callable[[], None]) -> Operation[T]:
        self._cancelled = handler
        return self

    def on_progress(self, handler: Callable[[Any], None]) -> Operation[T]:
        self._progress = handler
        return self

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def run(self) -> Operation[T]:
        self.future = self._runner.submit(self)
        return self

    # --- called by the runner -------------------------------------------------------------------------

    def _execute(self) -> None:
        """Runs on a worker thread."""
        task = TaskContext(self._runner, self.cancel_token, self._progress)
        try:
            result = self._work(task)
        except Cancelled:
            task.flush_progress()
            self._runner.run_on_main(lambda: self._finish_cancelled())
        except BaseException as exc:  # noqa: BLE001 - every failure must reach the GUI, never vanish in a thread
            task.flush_progress()
            # Bound now: `exc` is unbound when the except block ends.
            self._runner.run_on_main(functools.partial(self._finish_failed, exc))
        else:
            task.flush_progress()
            self._runner.run_on_main(lambda: self._finish_ok(result))

    def _alive(self) -> bool:
        return self.owner is None or shiboken6.isValid(self.owner)

    def _finish_ok(self, result: T) -> None:
        if self._alive() and self._success is not None:
            self._success(result)

    def _finish_cancelled(self) -> None:
        if not self._alive():
            return
        if self._cancelled is not None:
            self._cancelled()
        elif self._failure is not None:
            self._failure(Cancelled())

    def _finish_failed(self, exc: BaseException) -> None:
        log.error("%s failed: %s", self.name, exc, exc_info=exc)
        if not self._alive():
            return
        if self._failure is not None:
            self._failure(exc)
        else:
            self._runner.unhandled_error.emit(exc)


class TaskRunner(QObject):
    """Owns the executors; lives on the GUI thread."""

    # The one bridge from workers to the GUI thread: it carries a closure, run by `_run_closure`.
    _closure_ready = Signal(object)
    # Failures of operations that did not say how to handle them (the window shows them in a dialog).
    unhandled_error = Signal(object)
    # Emitted when the number of operations in flight changes (tests and a busy indicator wait on it).
    busy_changed = Signal(int)

    def __init__(self, parent: QObject | None = None, *, graph_workers: int = 4) -> None:
        super().__init__(parent)
        self._graph = ThreadPoolExecutor(max_workers=graph_workers, thread_name_prefix="regvault-graph")
        self._database = ThreadPoolExecutor(max_workers=1, thread_name_prefix="regvault-db")
        self._in_flight: set[Operation[Any]] = set()
        self._closed = False
        self._closure_ready.connect(self._run_closure, Qt.ConnectionType.QueuedConnection)

    @property
    def in_flight(self) -> int:
        return len(self._in_flight)

    def run_on_main(self, closure: Callable[[], None]) -> None:
        """Thread-safe: `closure` runs on the GUI thread, in order."""
        self._closure_ready.emit(closure)

    @Slot(object)
    def _run_closure(self, closure: Callable[[], None]) -> None:
        try:
            closure()
        except Exception:  # a bug in a handler must not take the event loop down
            log.exception("handler of a background operation failed")

    def submit(self, op: Operation[Any]) -> Future[None] | None:
        if self._closed:
            # The window is closing: handlers that ask for more work (a refresh after a cancelled backup) get none.
            log.debug("%s not started: the task runner is shut down", op.name)
            return None
        executor = self._graph if op.kind is Executor.GRAPH else self._database
        self._in_flight.add(op)
        self.busy_changed.emit(len(self._in_flight))
        future = executor.submit(op._execute)
        # Bookkeeping after the handlers: run_on_main keeps order, so this closure runs after _finish_*.
        future.add_done_callback(lambda _f: self.run_on_main(lambda: self._done(op)))
        return future

    def _done(self, op: Operation[Any]) -> None:
        self._in_flight.discard(op)
        self.busy_changed.emit(len(self._in_flight))

    def shutdown(self, *, wait: bool = True) -> None:
        """Cancel what runs, wait for the workers (so nothing touches a closed database), drop queued work."""
        self._closed = True
        for op in list(self._in_flight):
            op.cancel()
        self._graph.shutdown(wait=wait, cancel_futures=True)
        self._database.shutdown(wait=wait, cancel_futures=True)
