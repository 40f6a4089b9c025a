"""The window captures its tenants' changes while it is open (Settings, on by default): a component with a timer
that runs a round of services.watch on the Graph worker every few minutes, and says what it found in the status
bar. A tenant busy with a backup or a restore (here or elsewhere) is left for the next round; so is everything
while the demo's history is still being built behind the window."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from desktop_app.services.capture import CaptureService
from desktop_app.services.watch import DEFAULT_INTERVAL_S, Watch, WatchReport, watching_while_open
from desktop_app.store import Store, TenantBusy, TenantInfo
from desktop_app.ui.errors import describe_error
from desktop_app.ui.tasks import Executor, Operation, TaskContext, TaskRunner
from desktop_app.ui.texts import format_datetime


class WindowWatch(QObject):
    # A capture wrote a snapshot of this tenant: the window reads its apps again.
    captured = Signal(str)
    # (text, milliseconds): for the status bar.
    status = Signal(str, int)
    # A capture of this tenant failed and is recorded (the tenant's last backup reads 'failed').
    failed = Signal(str)
    # A round ran: the tenants it captured or tried to (their alerts follow). Not sent when the setting is off.
    watched = Signal(list)
    # A round ended (tests wait on it).
    round_done = Signal()

    def __init__(self, capture: CaptureService, store: Store, runner: TaskRunner,
                 tenants: Callable[[], list[TenantInfo]], paused: Callable[[], bool], parent: QWidget,
                 interval_s: float = DEFAULT_INTERVAL_S) -> None:
        super().__init__(parent)
        self._store = store
        self._runner = runner
        self._paused = paused
        self._capture = capture
        self._tenants = tenants
        self._interval_s = interval_s
        self._op: Operation[list[WatchReport]] | None = None
        self.timer = QTimer(self)
        self.timer.setObjectName("watchTimer")
        self.timer.setInterval(int(interval_s * 1000))
        self.timer.timeout.connect(self.look)

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if self._op is not None:
            self._op.cancel()

    @Slot()
    def look(self) -> None:
        """One round now, unless one runs, the setting is off, or the window is busy building the demo's history."""
        if self._op is not None or self._paused():
            return
        # The tenants as the window lists them now (read here, on the GUI thread); restore-only ones are not watched.
        tenants = [t for t in self._tenants() if not t.is_restore_target]
        store = self._store
        # On a shared store (PostgreSQL: a team's), a tenant this workstation can't sign in to is said here only.
        watch = Watch(self._capture, lambda: tenants, interval_s=self._interval_s, lock_wait_s=0.0,
                      records_sign_in_failures=store.engine == "sqlite")

        def work(task: TaskContext) -> list[WatchReport]:
            if not watching_while_open(store):
                return []
            reports: list[WatchReport] = []
            watch.round(task.cancel, reports.append)
            return reports

        op = Operation(self._runner, work, kind=Executor.GRAPH, owner=self, name="capture while open")
        op.on_success(self._done).on_failure(lambda _exc: self._ended()).on_cancelled(self._ended)
        self._op = op
        op.run()

    def _done(self, reports: list[WatchReport]) -> None:
        for report in reports:
            outcome = report.outcome
            if outcome is None:
                if not isinstance(report.error, TenantBusy):  # a backup or restore runs: next round
                    if report.unrecorded is None and not report.workstation_only:
                        self.failed.emit(report.tenant.tenant_id)
                    said = describe_error(report.error) if report.error is not None else None
                    self.status.emit(self.tr("Could not capture the changes of {tenant}: {error}").format(
                        tenant=report.tenant.display_name,
                        error=said.text if said is not None else ""), 10_000)
                continue
            if outcome.snapshot is not None:
                self.captured.emit(report.tenant.tenant_id)
                self.status.emit(self.tr("Changes of {tenant} captured at {time}.").format(
                    tenant=report.tenant.display_name, time=format_datetime(outcome.looked)), 10_000)
            else:
                self.status.emit(self.tr("No change in {tenant} (looked at {time}).").format(
                    tenant=report.tenant.display_name, time=format_datetime(outcome.looked)), 10_000)
        if reports:
            self.watched.emit([report.tenant.tenant_id for report in reports])
        self._ended()

    def _ended(self) -> None:
        self._op = None
        self.round_done.emit()
