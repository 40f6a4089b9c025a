"""Run page: RestoreService.run in the background, a progress bar and every app's status as it happens."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWizardPage,
)

from desktop_app.services.restore import RestoreProgress, RestoreReport
from desktop_app.store import LockHolder
from desktop_app.ui.named import named
from desktop_app.ui.restore.models import AppRunStatus, run_status_model
from desktop_app.ui.restore.setup import RestoreSetup, WizardState
from desktop_app.ui.tasks import Executor, Operation, TaskContext

FINISHED = frozenset({"verified", "warnings", "unchanged", "failed", "skipped"})
# How long a restore waits for a backup or another restore of the tenant (its lock) before it gives up.
LOCK_WAIT_S = 30 * 60.0


@dataclass(frozen=True)
class WaitingForLock:
    """The run waits for the tenant's lock: `who` holds it, in words (LockHolder.describe())."""

    who: str


@dataclass(frozen=True)
class RunState:
    """Every RestoreProgress seen so far (the task runner delivers only the latest value, so the worker sends
    the whole state each time: nothing is lost when reports are coalesced)."""

    latest: RestoreProgress | WaitingForLock
    statuses: tuple[tuple[str, str, str], ...]  # (source object id, display_name, status)


class ProgressCollector:
    """Lives on the worker: RestoreService calls it per app; it forwards the accumulated state."""

    def __init__(self, task: TaskContext) -> None:
        self._task = task
        self._lock = threading.Lock()
        self._statuses: dict[str, tuple[str, str, str]] = {}

    def __call__(self, progress: RestoreProgress) -> None:
        with self._lock:
            object_id = str(progress.object_id)
            if object_id:
                self._statuses[object_id] = (object_id, str(progress.display_name), str(progress.status))
            state = RunState(progress, tuple(self._statuses.values()))
        self._task.progress(state)

    def waiting(self, holder: LockHolder | None) -> None:
        """RestoreService's on_lock_wait: someone else holds the tenant's lock, the run waits for it."""
        who = holder.describe() if holder is not None else ""
        with self._lock:
            state = RunState(WaitingForLock(who), tuple(self._statuses.values()))
        self._task.progress(state)


class RunPage(QWizardPage):
    run_finished = Signal()

    def __init__(self, setup: RestoreSetup, state: WizardState) -> None:
        super().__init__()
        self._setup = setup
        self._state = state
        self.setObjectName("runPage")
        self.setTitle(self.tr("Restoring"))
        # Several apps are restored at once (16 workers): Cancel starts no further app, and says how many of
        # those under way it finishes, not "the app in flight".
        self.setSubTitle(self.tr("Several apps are restored at a time; a failure doesn't stop the others. Cancel "
                                 "starts no further app: those already under way, and any app they refer to, are finished and "
                                 "checked."))
        self.setCommitPage(True)  # no way back to a preview of a state that is no longer there
        self._op: Operation[RestoreReport] | None = None
        self._names: list[str] = []
        self._rows: dict[str, int] = {}  # source object id -> row
        self._done = False

        self.progress = named(QProgressBar(self), "runProgress", self.tr("Restore progress"))
        self.progress.setTextVisible(True)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("runStatusLabel")
        self.status_label.setWordWrap(True)
        self.model = run_status_model(self)
        self.table = named(QTableView(self), "runTable", self.tr("Status of each app"))
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.table, 1)

    @property
    def running(self) -> bool:
        return self._op is not None

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        preview = self._state.preview
        assert preview is not None  # the Preview page's Restore is enabled only with one
        self._names = [item.display_name for item in preview.items]
        # preview.apps are in the order of preview.items; a row is found by the source app's object id.
        self._rows = {app.object_id: row for row, app in enumerate(preview.apps)}
        self.model.set_records([AppRunStatus(name, "pending") for name in self._names])
        self.progress.setRange(0, len(self._names))
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("%v of %m apps"))
        self.status_label.setText(self.tr("Taking a snapshot of the apps that will be overwritten…"))
        self._done = False
        engine = self._setup.engine

        def work(task: TaskContext) -> RestoreReport:
            collector = ProgressCollector(task)
            return engine.run(preview, progress=collector, cancel=task.cancel, lock_wait=LOCK_WAIT_S,
                              on_lock_wait=collector.waiting)

        op: Operation[RestoreReport] = Operation(self._setup.runner, work, kind=Executor.GRAPH, owner=self,
                                       name="restore")
        op.on_progress(self._show_progress) \
            .on_success(self._finished) \
            .on_failure(self._failed) \
            .on_cancelled(lambda: self._failed(None))
        self._op = op
        op.run()

    def cancel(self) -> None:
        if self._op is not None:
            self._op.cancel()
            under_way = sum(1 for r in self.model.records if r.status == "running")
            self.status_label.setText(self.tr(
                "Cancelling: no further app is started; the %Ln under way are finished first…", "", under_way))

    def _show_progress(self, state: RunState) -> None:
        finished = 0
        for object_id, name, status in state.statuses:
            row = self._rows.get(object_id)
            if row is not None:
                self.model.set_record(row, AppRunStatus(name, status))
            finished += status in FINISHED
        self.progress.setValue(min(finished, len(self._names)))
        latest = state.latest
        if isinstance(latest, WaitingForLock):
            who = latest.who or self.tr("another backup or restore")
            self.status_label.setText(self.tr(
                "Waiting for {who} to finish: one backup or restore of a tenant runs at a time. The restore starts "
                "by itself when it is done (Cancel stops waiting; nothing has been written).").format(who=who))
            return
        if self._op is not None and not self._op.cancel_token.cancelled:
            self.status_label.setText(self.tr("Restoring {name} ({index} of {total})…").format(
                name=latest.display_name, index=min(finished + 1, latest.total), total=latest.total))

    def _finished(self, report: RestoreReport) -> None:
        self._op = None
        self._state.report = report
        self._state.run_error = None
        for item in report.items:
            row = self._rows.get(item.source_object_id)
            if row is not None:
                self.model.set_record(row, AppRunStatus(item.display_name, item.result))
        done = sum(1 for item in report.items if item.result in FINISHED - {"skipped"})
        self.progress.setValue(min(done, len(self._names)))
        self._end()

    def _failed(self, exc: BaseException | None) -> None:
        self._op = None
        self._state.report = None
        self._state.run_error = exc
        self._end()

    def _end(self) -> None:
        self._done = True
        self.status_label.setText(self.tr("Done."))
        self.completeChanged.emit()
        self.run_finished.emit()
        # On to the report as soon as the run ends (queued: never inside the page's own signal handling).
        wizard = self.wizard()
        if wizard is not None:
            QTimer.singleShot(0, wizard.next)

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self._done
