"""The demo's history filled in behind the main window: the window opens on the days backed up so far, the
rest is backed up on the Graph worker (database reads stay free for the window), with its progress in the status
bar and the list read again as days arrive. Closing the window stops it; the days backed up are kept.

The filler is the context's `history` (context.DemoHistory): `build_rest(progress, cancel=...)` calls
`progress(days_built, days)` after each day, and `between_days(on_wait, cancel)` is a context in which no day is
built: Back up now runs in it."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QWidget

from desktop_app.domain.cancel import CancelToken
from desktop_app.ui.context import DemoHistory
from desktop_app.ui.named import named
from desktop_app.ui.tasks import Executor, Operation, TaskContext, TaskRunner

log = logging.getLogger(__name__)

# The list is read again at most this often while days arrive (each read costs the database worker a moment).
REFRESH_EVERY_S = 4.0


class HistoryFill(QObject):
    """Its label and progress bar are for the window's status bar."""

    # More days are in: the list may be read again (at most every REFRESH_EVERY_S).
    days_arrived = Signal()
    finished = Signal(str)  # "complete" | "cancelled" | "failed"

    def __init__(self, filler: DemoHistory, runner: TaskRunner, parent: QWidget) -> None:
        super().__init__(parent)
        self._filler = filler
        self._last_refresh = 0.0
        self.label = named(QLabel(parent), "historyFillLabel", self.tr("Demo history being built"))
        self.bar = named(QProgressBar(parent), "historyFillProgress", self.tr("Demo history progress"))
        self.bar.setMaximumWidth(160)
        self.bar.setTextVisible(False)
        self._show(filler.days_built, filler.days)

        def work(task: TaskContext) -> None:
            filler.build_rest(lambda done, all_days: task.progress((done, all_days)), cancel=task.cancel)

        self.op: Operation[None] | None = Operation(runner, work, kind=Executor.GRAPH, owner=self, name="build the demo's history")
        self.op.on_progress(self._progress).on_success(lambda _r: self._ended("complete")) \
            .on_cancelled(lambda: self._ended("cancelled")) \
            .on_failure(self._failed).run()

    @property
    def running(self) -> bool:
        return self.op is not None

    def cancel(self) -> None:
        if self.op is not None:
            self.op.cancel()

    def between_days(self, on_wait: Callable[[], None], cancel: CancelToken) -> AbstractContextManager[None]:
        """What Back up now runs in while the history fills: between two of its days (the filler's
        `between_days`), so it neither waits for the whole history nor races it for the tenant's lock."""
        if self.op is None:
            return nullcontext()
        return self._filler.between_days(on_wait, cancel)

    def _show(self, days: int, total: int) -> None:
        self.label.setText(self.tr("Building the demo's history: day {days} of {total}…").format(
            days=days, total=total))
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(days)

    def _progress(self, progress: tuple[int, int]) -> None:
        days, total = progress
        self._show(days, total)
        now = time.monotonic()
        if now - self._last_refresh >= REFRESH_EVERY_S:
            self._last_refresh = now
            self.days_arrived.emit()

    def _ended(self, outcome: str) -> None:
        self.op = None
        self.bar.hide()
        if outcome == "complete":
            self.label.setText(self.tr("The demo's history is complete."))  # the window reads everything again
        else:
            self.label.setText(self.tr("The demo's history is partly built: the next start goes on."))
        self.finished.emit(outcome)

    def _failed(self, exc: BaseException) -> None:
        log.warning("building the demo's history failed: %s", exc)
        self._ended("failed")
        self.label.setText(self.tr("The demo's history could not be completed: {error}").format(error=exc))
