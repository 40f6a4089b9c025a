"""Back up now in the main window: start, progress, Cancel, the outcome, and the last backup's line."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.domain.cancel import CancelToken
from desktop_app.services.permissions import PermissionsNeeded
from desktop_app.store.records import SnapshotInfo
from desktop_app.ui.colors import DANGER, MUTED, SUCCESS, WARNING, set_text_tone
from desktop_app.ui.errors import ErrorAction, describe_error, show_error, sign_in_needed_of
from desktop_app.ui.tasks import Executor, Operation, TaskContext
from desktop_app.ui.tenant_switcher import show_tenant_statuses
from desktop_app.ui.texts import format_count, format_datetime


class BackupRunner(Protocol):
    """services.backup.BackupService, as the window uses it."""

    def run(self, tenant_id: str, *, trigger: str = "manual", progress: Callable[[Any], None] | None = None,
            cancel: CancelToken | None = None) -> Any: ...


class BackupControls:
    """Mixed into MainWindow (whose attributes it uses): the toolbar's Back up now, its progress bar and Cancel,
    which `main_toolbar` builds."""

    _backup_op: Operation[Any] | None
    _backup_browsable: bool = False  # the running backup has written its snapshot (certificate bytes follow)

    @property
    def backup_running(self) -> bool:
        return self._backup_op is not None

    @Slot()
    def start_backup(self) -> None:
        tenant = self.tenant
        if tenant is None or self._backup_op is not None:
            return
        backup = self.context.backup
        tenant_id = tenant.tenant_id
        fill = getattr(self, "history_fill", None)
        filling = fill is not None and fill.running
        waiting = self.tr("Waiting for the demo's history to finish its day…")

        def work(task: TaskContext) -> Any:
            if not filling:
                return backup.run(tenant_id, trigger="manual", progress=task.progress, cancel=task.cancel)
            # The demo's history is being backed up behind the window: back up between two of its days.
            with fill.between_days(lambda: task.progress(waiting), task.cancel):
                return backup.run(tenant_id, trigger="manual", progress=task.progress, cancel=task.cancel)

        op = Operation(self.runner, work, kind=Executor.GRAPH, owner=self, name=f"backup of {tenant_id}")
        op.on_progress(self._backup_progress) \
            .on_success(lambda summary: self._backup_done(tenant_id, summary)) \
            .on_cancelled(lambda: self._backup_ended(tenant_id, "cancelled")) \
            .on_failure(lambda exc: self._backup_failed(tenant_id, exc))
        self._backup_op = op
        self._backup_browsable = False
        self.backup_button.setEnabled(False)
        self.backup_action.setEnabled(False)
        self.empty_backup_button.setEnabled(False)
        self.backup_progress.setRange(0, 0)
        self.backup_progress.setFormat(self.tr("Starting…"))
        self.backup_status.setCurrentWidget(self._backup_running_page)
        self.cancel_backup_button.setEnabled(True)
        self.statusBar().showMessage(
            self.tr("Backing up {tenant}; the demo's history waits meanwhile…").format(tenant=tenant.display_name)
            if filling else self.tr("Backing up {tenant}…").format(tenant=tenant.display_name))
        op.run()

    @Slot()
    def cancel_backup(self) -> None:
        if self._backup_op is not None:
            self._backup_op.cancel()
            self.cancel_backup_button.setEnabled(False)
            self.backup_progress.setFormat(self.tr("Cancelling…"))

    def _backup_progress(self, progress: Any) -> None:
        phase = getattr(progress, "phase", None)
        if phase in ("browsable", "certificates"):
            self._certificates_progress(phase, progress)
            return
        done, total, text = _progress_parts(progress)
        if total:
            self.backup_progress.setRange(0, total)
            self.backup_progress.setValue(min(done, total))
            self.backup_progress.setFormat((text + " " if text else "") + "%v / %m")
        else:
            self.backup_progress.setRange(0, 0)
            self.backup_progress.setFormat(text or self.tr("Working…"))

    def _certificates_progress(self, phase: str, progress: Any) -> None:
        """The snapshot is written and can be browsed; the certificate bytes follow (150 reads a minute)."""
        if not self._backup_browsable:
            self._backup_browsable = True
            tenant = self.tenant
            if tenant is not None and tenant.tenant_id == self._query.tenant_id:
                self.refresh_after_restore()  # show the new snapshot now
        total = int(progress.total or 0)
        done = int(progress.done or 0) if phase == "certificates" else 0
        if not total:
            return
        self.backup_progress.setRange(0, total)
        self.backup_progress.setValue(min(done, total))
        self.backup_progress.setFormat(self.tr("Certificates %v / %m"))
        self.statusBar().showMessage(self.tr(
            "The snapshot can be browsed; the bytes of {n} certificates are still to come (Graph allows 150 "
            "certificate reads a minute).").format(n=format_count(total - done)))

    def _backup_done(self, tenant_id: str, summary: Any) -> None:
        self._backup_ended(tenant_id, "complete")
        pending = getattr(summary, "certificates_pending", 0)
        if pending:
            stopped = getattr(summary, "certificates_stopped", None)
            why = self.tr("cancelled") if stopped == "cancelled" else str(stopped)
            self.statusBar().showMessage(self.tr(
                "Backup saved, but the bytes of {n} certificates are still to come ({why}): the next backup reads "
                "them first.").format(n=format_count(pending), why=why))
            return
        self.statusBar().showMessage(self.tr("Backup complete: {summary}").format(summary=_summary_text(summary)),
                                     15000)
        missing = tuple(getattr(summary, "permissions_missing", ()) or ())
        offered: set[str] | None = getattr(self, "_permissions_offered", None)
        if offered is None:
            offered = self._permissions_offered = set()
        if missing and tenant_id not in offered:
            offered.add(tenant_id)  # once a session per tenant; then the status bar says it
            self._offer_permissions(tenant_id, missing)
        elif missing:
            self.statusBar().showMessage(self.tr(
                "Backup complete without the enterprise applications' consent: {permissions} is not granted.").format(
                permissions=", ".join(missing)), 15000)

    def _offer_permissions(self, tenant_id: str, missing: tuple[str, ...]) -> None:
        """The backup kept the apps without their enterprise applications' consent: say why, offer the sign-in
        that grants the permission (then back up again)."""
        tenant = next((t for t in self._tenants if t.tenant_id == tenant_id), None)
        if tenant is None:
            return
        needed = PermissionsNeeded(tenant.tenant_id, tenant.display_name, missing, "backup")
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Back up now"), self.tr(
            "Reading the enterprise applications' consent needs the permission {permissions}, not yet granted to "
            "Regvault's sign-in in {tenant}. This backup kept the app registrations without their enterprise "
            "applications. Sign in to grant it (an admin may have to approve).").format(
            permissions=needed.names, tenant=tenant.display_name), QMessageBox.StandardButton.Close, self)
        box.setObjectName("permissionsNeededDialog")
        box.setAccessibleName(self.tr("Permission needed"))
        actions = self.account_actions
        if actions is not None:
            button = box.addButton(self.tr("Sign in to grant…"), QMessageBox.ButtonRole.AcceptRole)
            button.setObjectName("grantPermissionsButton")
            button.setAccessibleName(self.tr("Sign in to grant the permission"))

            def signed_in(_account: Any) -> None:
                if self.tenant is not None and self.tenant.tenant_id == tenant_id:
                    self.start_backup()

            button.clicked.connect(lambda: actions.sign_in_to(tenant, permissions=missing, then=signed_in))
        self.permissions_dialog = box
        box.open()

    def _backup_failed(self, tenant_id: str, exc: BaseException) -> None:
        self._backup_ended(tenant_id, "failed")
        text = describe_error(exc)
        self.statusBar().showMessage(self.tr("Backup failed: {error}").format(error=text.summary))
        self.error_dialog = show_error(self, self.tr("Back up now failed"), exc,
                                       action=self._sign_in_action(tenant_id, exc))

    def _sign_in_action(self, tenant_id: str, exc: BaseException) -> ErrorAction | None:
        """Sign in… when a sign-in is what the backup missed: signs in to that tenant, then backs up again."""
        needed = sign_in_needed_of(exc)
        actions = self.account_actions
        tenant = next((t for t in self._tenants if t.tenant_id == tenant_id), None)
        if needed is None or tenant is None:
            return None

        def signed_in(_account: Any) -> None:
            if self.tenant is not None and self.tenant.tenant_id == tenant_id:
                self.start_backup()

        return ErrorAction(self.tr("Sign in…"), "signInFromErrorButton",
                           lambda: actions.sign_in_to(tenant, write=needed.write, then=signed_in))

    def _backup_ended(self, tenant_id: str, outcome: str) -> None:
        self._backup_op = None
        self.backup_status.setCurrentWidget(self.last_backup_label)
        self.backup_button.setEnabled(self.tenant is not None)
        self.backup_action.setEnabled(self.tenant is not None)
        self.empty_backup_button.setEnabled(True)
        if outcome == "cancelled":
            self.statusBar().showMessage(self.tr("Backup cancelled: the backups are as they were."), 15000)
        if tenant_id == self._query.tenant_id:
            if outcome == "complete":
                self.refresh_after_restore()  # the same re-reading as after a restore
            else:
                self.refresh_apps(tenant_changed=True)
        show_tenant_statuses(self)
        self.backup_finished.emit(outcome)

    def _show_last_backup(self, snapshot: SnapshotInfo | None, certificates_pending: int = 0) -> None:
        label = self.last_backup_label
        if snapshot is None:
            label.setText(self.tr("Never backed up"))
            set_text_tone(label, MUTED)
            label.setToolTip("")
            return
        when = format_datetime(snapshot.finished or snapshot.started)
        if snapshot.status == "complete":
            # The app count is under the table (and in the tooltip): the toolbar keeps to the time.
            label.setText(self.tr("Last backup {when}").format(when=when))
            set_text_tone(label, SUCCESS)
            label.setToolTip(self.tr("{apps} apps: {added} added, {changed} changed, {removed} removed; "
                                     "{requests} Graph requests").format(
                apps=format_count(snapshot.apps), added=snapshot.added, changed=snapshot.changed,
                removed=snapshot.removed, requests=snapshot.requests))
            if certificates_pending and not self.backup_running:
                # A backup was stopped while it read certificate bytes: its snapshot is kept without them.
                label.setText(self.tr("Last backup {when}: {n} certificates to come").format(
                    when=when, n=format_count(certificates_pending)))
                set_text_tone(label, WARNING)
                label.setToolTip(label.toolTip() + "\n" + self.tr(
                    "The bytes of {n} certificates were not read yet (the backup writes its snapshot first and was "
                    "stopped before they all came): the next backup reads them first.").format(
                    n=format_count(certificates_pending)))
        else:
            label.setText(self.tr("Last backup {when} failed").format(when=when))
            set_text_tone(label, DANGER)
            label.setToolTip(snapshot.error or "")


def _progress_parts(progress: Any) -> tuple[int, int, str]:
    """(done, total, phase) from whatever the backup reports: a dataclass with those fields, or a tuple."""
    if isinstance(progress, tuple | list) and len(progress) >= 2:
        text = str(progress[2]) if len(progress) > 2 else ""
        return int(progress[0] or 0), int(progress[1] or 0), text
    done = next((getattr(progress, n) for n in ("done", "completed", "apps_done", "current") if
                 isinstance(getattr(progress, n, None), int)), 0)
    total = next((getattr(progress, n) for n in ("total", "apps_total", "apps") if
                  isinstance(getattr(progress, n, None), int)), 0)
    text = next((_phase_text(str(getattr(progress, n))) for n in ("message", "phase", "stage")
                 if getattr(progress, n, None)), "")
    if isinstance(progress, str):
        text = progress
    return done, total, text


def _summary_text(summary: Any) -> str:
    """BackupSummary (or a SnapshotInfo) in words."""
    if all(isinstance(getattr(summary, name, None), int) for name in ("apps", "added", "changed", "removed")):
        return QApplication.translate("Regvault", "{apps} apps, {added} added, {changed} changed, "
                                                  "{removed} removed").format(
            apps=format_count(summary.apps), added=summary.added, changed=summary.changed, removed=summary.removed)
    return str(summary)


_PHASES = {
    "listing": "Listing apps…",
    "details": "Reading details…",
    "recycle-bin": "Checking the recycle bin…",
    "writing": "Saving…",
    "certificates": "Certificates",
}


def _phase_text(phase: str) -> str:
    return QApplication.translate("Regvault", _PHASES[phase]) if phase in _PHASES else phase
