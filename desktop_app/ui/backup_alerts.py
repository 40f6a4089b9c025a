"""Alerts after a backup made from the window (Back up now) and after each round of its capture while open: the same
evaluation and delivery as after a scheduled or command-line backup (services/alerts.py), on a Graph worker (a
webhook or a mail server may be slow), with what could not be sent said in the status bar. A cancelled backup sends
nothing; the demo has no alerts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot

from desktop_app.services.alerts import AlertReport, AlertService
from desktop_app.ui.tasks import Executor, Operation, TaskRunner

STATUS_MS = 20_000


class BackupAlerts(QObject):
    status = Signal(str, int)
    done = Signal(object)  # the AlertReport

    def __init__(self, alerts: Callable[[], AlertService] | None, runner: TaskRunner, parent: QObject) -> None:
        super().__init__(parent)
        self._alerts = alerts
        self._runner = runner

    @Slot(str, str)
    def after_backup(self, tenant_id: str, outcome: str) -> None:
        if outcome != "cancelled":
            self._run([tenant_id], f"alerts after the backup of {tenant_id}")

    @Slot(list)
    def after_round(self, tenant_ids: list[str]) -> None:
        """After the window's capture round (every few minutes while it is open): the alerts of the tenants it
        captured, as `regvault watch` does after each of its rounds."""
        self._run(tenant_ids, "alerts after a capture round")

    def _run(self, tenant_ids: list[str], name: str) -> None:
        if self._alerts is None:
            return
        make = self._alerts
        (Operation(self._runner, lambda _task: make().after_backups(tenant_ids), kind=Executor.GRAPH, owner=self,
                   name=name)
         .on_success(self._reported).run())

    def _reported(self, report: AlertReport) -> None:
        if report.problems:
            reasons = "; ".join(p.reason for p in report.problems)
            self.status.emit(self.tr("Some alerts could not be sent ({reasons}); they are sent after the next "
                                     "backup.").format(reasons=reasons), STATUS_MS)
        self.done.emit(report)
