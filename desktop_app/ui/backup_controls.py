"""Back up now in the main window, a component: the toolbar's button, the last backup's line and, while a backup
runs, its progress and Cancel in the same place; File → Back up now (Ctrl+B, ⌘B on macOS); the outcome and the offers that
follow it (the sign-in a backup missed, the permission the enterprise applications' consent needs)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QStyle,
    QWidget,
)

from desktop_app.services.backup import BackupProgress, BackupService, BackupSummary
from desktop_app.services.permissions import PermissionsNeeded
from desktop_app.store.records import SnapshotInfo, TenantInfo
from desktop_app.ui import shortcuts
from desktop_app.ui.colors import DANGER, MUTED, SUCCESS, WARNING, set_text_tone
from desktop_app.ui.errors import ErrorAction, describe_error, show_error, sign_in_needed_of
from desktop_app.ui.history_fill import HistoryFill
from desktop_app.ui.named import named, named_button, window_action
from desktop_app.ui.tasks import Executor, Operation, TaskContext, TaskRunner
from desktop_app.ui.texts import QT_TRANSLATE_NOOP, TrContext, format_datetime

BackupTexts = TrContext("BackupTexts")

CurrentTenant = Callable[[], TenantInfo | None]


class BackupControls(QObject):
    # (tenant id, outcome): the window reads the tenant's apps again; `finished` follows.
    ended = Signal(str, str)
    # "complete", "failed" or "cancelled", once the window has been told (tests wait on it).
    finished = Signal(str)
    # The tenant's snapshot is written and can be browsed; certificate bytes follow.
    snapshot_written = Signal(str)
    running_changed = Signal(bool)
    # (text, milliseconds or 0 for as long as nothing replaces it): for the status bar.
    status = Signal(str, int)
    # (tenant, write access, Graph permissions): the backup needs this sign-in; the window signs in, then calls
    # `start` again when that tenant is still current.
    sign_in_requested = Signal(object, bool, tuple)

    def __init__(self, backup: BackupService, runner: TaskRunner, current_tenant: CurrentTenant,
                 history: HistoryFill | None, parent: QWidget) -> None:
        super().__init__(parent)
        self._backup = backup
        self._runner = runner
        self._current_tenant = current_tenant
        self._history = history
        self._parent = parent
        self._op: Operation[BackupSummary] | None = None
        self._tenant_id = ""  # the running (or last) backup's tenant
        self._browsable = False  # the running backup has written its snapshot (certificate bytes follow)
        self._permissions_offered: set[str] = set()  # once a session per tenant; then the status bar says it
        self.error_dialog: QMessageBox | None = None
        self.permissions_dialog: QMessageBox | None = None

        tip = self.tr("Take a snapshot of every app registration of this tenant")
        self.button = named_button(QPushButton(self.tr("Back up now"), parent), "backupButton",
                                   self.tr("Back up now"), shortcuts.with_keys(tip, shortcuts.BACK_UP),
                                   clicked=self.start)
        self.button.setIcon(parent.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.action = window_action(self.tr("&Back up now"), parent, "backupAction", keys=shortcuts.BACK_UP,
                                    triggered=self.start)

        # Where the last backup's time and result are, a running backup shows its progress and Cancel.
        self.status_stack = QStackedWidget(parent)
        self.status_stack.setObjectName("backupStatus")
        self.last_backup_label = named(QLabel(self.status_stack), "lastBackupLabel", self.tr("Last backup"))
        self.last_backup_label.setContentsMargins(10, 0, 10, 0)
        self.status_stack.addWidget(self.last_backup_label)
        self._running_page = QWidget(self.status_stack)
        running_layout = QHBoxLayout(self._running_page)
        running_layout.setContentsMargins(10, 0, 10, 0)
        running_layout.setSpacing(6)
        self.progress = named(QProgressBar(self._running_page), "backupProgress", self.tr("Backup progress"))
        self.progress.setMinimumWidth(150)
        self.progress.setTextVisible(True)
        self.cancel_button = named_button(QPushButton(self.tr("Cancel"), self._running_page), "cancelBackupButton",
                                          self.tr("Cancel the backup"), clicked=self.cancel)
        running_layout.addWidget(self.progress, 1)
        running_layout.addWidget(self.cancel_button)
        self.status_stack.addWidget(self._running_page)
        self.refresh_enabled()

    @property
    def running(self) -> bool:
        return self._op is not None

    def refresh_enabled(self) -> None:
        """Back up now when there is a tenant and no backup is running."""
        can = self._op is None and self._current_tenant() is not None
        self.button.setEnabled(can)
        self.action.setEnabled(can)

    @Slot()
    def start(self) -> None:
        tenant = self._current_tenant()
        if tenant is None or self._op is not None:
            return
        backup = self._backup
        tenant_id = tenant.tenant_id
        fill = self._history
        filling = fill is not None and fill.running
        waiting = self.tr("Waiting for the demo's history to finish its day…")

        def work(task: TaskContext) -> BackupSummary:
            if fill is None or not filling:
                return backup.run(tenant_id, trigger="manual", progress=task.progress, cancel=task.cancel)
            # The demo's history is being backed up behind the window: back up between two of its days.
            with fill.between_days(lambda: task.progress(waiting), task.cancel):
                return backup.run(tenant_id, trigger="manual", progress=task.progress, cancel=task.cancel)

        op = Operation(self._runner, work, kind=Executor.GRAPH, owner=self, name=f"backup of {tenant_id}")
        op.on_progress(self._progress) \
            .on_success(lambda summary: self._done(tenant, summary)) \
            .on_cancelled(lambda: self._ended(tenant_id, "cancelled")) \
            .on_failure(lambda exc: self._failed(tenant, exc))
        self._op = op
        self._tenant_id = tenant_id
        self._browsable = False
        self.refresh_enabled()
        self.progress.setRange(0, 0)
        self.progress.setFormat(self.tr("Starting…"))
        self.status_stack.setCurrentWidget(self._running_page)
        self.cancel_button.setEnabled(True)
        self.running_changed.emit(True)
        self.status.emit(
            self.tr("Backing up {tenant}; the demo's history waits meanwhile…").format(tenant=tenant.display_name)
            if filling else self.tr("Backing up {tenant}…").format(tenant=tenant.display_name), 0)
        op.run()

    @Slot()
    def cancel(self) -> None:
        if self._op is not None:
            self._op.cancel()
            self.cancel_button.setEnabled(False)
            self.progress.setFormat(self.tr("Cancelling…"))

    def _progress(self, progress: BackupProgress | str) -> None:
        if isinstance(progress, str):  # waiting for the demo's history (see start)
            self.progress.setRange(0, 0)
            self.progress.setFormat(progress)
            return
        if progress.phase in ("browsable", "certificates"):
            self._certificates_progress(progress)
            return
        text = _phase_text(progress.phase)
        if progress.total:
            self.progress.setRange(0, progress.total)
            self.progress.setValue(min(progress.done, progress.total))
            self.progress.setFormat((text + " " if text else "") + "%v / %m")
        else:
            self.progress.setRange(0, 0)
            self.progress.setFormat(text or self.tr("Working…"))

    def _certificates_progress(self, progress: BackupProgress) -> None:
        """The snapshot is written and can be browsed; the certificate bytes follow (150 reads a minute)."""
        if not self._browsable:
            self._browsable = True
            self.snapshot_written.emit(self._tenant_id)  # show the new snapshot now
        total = int(progress.total or 0)
        done = progress.done if progress.phase == "certificates" else 0
        if not total:
            return
        self.progress.setRange(0, total)
        self.progress.setValue(min(done, total))
        self.progress.setFormat(self.tr("Certificates %v / %m"))
        self.status.emit(self.tr(
            "The snapshot can be browsed; the bytes of %Ln certificate(s) are still to come (Graph allows 150 "
            "certificate reads a minute).", "", total - done), 0)

    def _done(self, tenant: TenantInfo, summary: BackupSummary) -> None:
        self._ended(tenant.tenant_id, "complete")
        if summary.certificates_pending:
            stopped = summary.certificates_stopped
            why = self.tr("cancelled") if stopped == "cancelled" else str(stopped)
            self.status.emit(self.tr(
                "Backup saved, but the bytes of %Ln certificate(s) are still to come ({why}): the next backup reads "
                "them first.", "", summary.certificates_pending).format(why=why), 0)
            return
        self.status.emit(self.tr("Backup complete: {summary}").format(summary=_summary_text(summary)), 15000)
        missing = summary.permissions_missing
        if missing and tenant.tenant_id not in self._permissions_offered:
            self._permissions_offered.add(tenant.tenant_id)
            self._offer_permissions(tenant, missing)
        elif missing:
            self.status.emit(self.tr(
                "Backup complete without the enterprise applications' consent: {permissions} is not granted.").format(
                permissions=", ".join(missing)), 15000)

    def _offer_permissions(self, tenant: TenantInfo, missing: tuple[str, ...]) -> None:
        """The backup kept the apps without their enterprise applications' consent: say why, offer the sign-in
        that grants the permission (then back up again)."""
        needed = PermissionsNeeded(tenant.tenant_id, tenant.display_name, missing, "backup")
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Back up now"), self.tr(
            "Reading the enterprise applications' consent needs the permission {permissions}, not yet granted to "
            "Regvault's sign-in in {tenant}. This backup kept the app registrations without their enterprise "
            "applications. Sign in to grant it (an admin may have to approve).").format(
            permissions=needed.names, tenant=tenant.display_name), QMessageBox.StandardButton.Close, self._parent)
        named(box, "permissionsNeededDialog", self.tr("Permission needed"))
        named_button(box.addButton(self.tr("Sign in to grant…"), QMessageBox.ButtonRole.AcceptRole),
                     "grantPermissionsButton", self.tr("Sign in to grant the permission"),
                     clicked=lambda: self.sign_in_requested.emit(tenant, False, tuple(missing)))
        self.permissions_dialog = box
        box.open()

    def _failed(self, tenant: TenantInfo, exc: BaseException) -> None:
        self._ended(tenant.tenant_id, "failed")
        text = describe_error(exc)
        self.status.emit(self.tr("Backup failed: {error}").format(error=text.summary), 0)
        needed = sign_in_needed_of(exc)
        # Sign in… when a sign-in is what the backup missed: signs in to that tenant, then backs up again.
        action = None if needed is None else ErrorAction(
            self.tr("Sign in…"), "signInFromErrorButton",
            lambda: self.sign_in_requested.emit(tenant, needed.write, ()))
        self.error_dialog = show_error(self._parent, self.tr("Back up now failed"), exc, action=action)

    def _ended(self, tenant_id: str, outcome: str) -> None:
        self._op = None
        self.status_stack.setCurrentWidget(self.last_backup_label)
        self.refresh_enabled()
        self.running_changed.emit(False)
        if outcome == "cancelled":
            self.status.emit(self.tr("Backup cancelled: the backups are as they were."), 15000)
        self.ended.emit(tenant_id, outcome)
        self.finished.emit(outcome)

    def show_last_backup(self, snapshot: SnapshotInfo | None, certificates_pending: int = 0) -> None:
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
            label.setToolTip(self.tr("%Ln app(s): {added} added, {changed} changed, {removed} removed; "
                                     "{requests} Graph requests", "", snapshot.apps).format(
                added=snapshot.added, changed=snapshot.changed, removed=snapshot.removed, requests=snapshot.requests))
            if certificates_pending and not self.running:
                # A backup was stopped while it read certificate bytes: its snapshot is kept without them.
                label.setText(self.tr("Last backup {when}: %Ln certificate(s) to come", "", certificates_pending)
                              .format(when=when))
                set_text_tone(label, WARNING)
                label.setToolTip(label.toolTip() + "\n" + self.tr(
                    "The bytes of %Ln certificate(s) were not read yet (the backup writes its snapshot first and was "
                    "stopped before they all came): the next backup reads them first.", "", certificates_pending))
        else:
            label.setText(self.tr("Last backup {when} failed").format(when=when))
            set_text_tone(label, DANGER)
            label.setToolTip(snapshot.error or "")

    def clear_last_backup(self) -> None:
        self.last_backup_label.setText("")


def _summary_text(summary: BackupSummary) -> str:
    return BackupTexts.tr("%Ln app(s), {added} added, {changed} changed, {removed} removed", "", summary.apps).format(
        added=summary.added, changed=summary.changed, removed=summary.removed)


_PHASES = {
    "listing": QT_TRANSLATE_NOOP("BackupTexts", "Listing apps…"),
    "details": QT_TRANSLATE_NOOP("BackupTexts", "Reading details…"),
    "recycle-bin": QT_TRANSLATE_NOOP("BackupTexts", "Checking the recycle bin…"),
    "writing": QT_TRANSLATE_NOOP("BackupTexts", "Saving…"),
    "certificates": QT_TRANSLATE_NOOP("BackupTexts", "Certificates"),
}


def _phase_text(phase: str) -> str:
    return BackupTexts.tr(_PHASES[phase]) if phase in _PHASES else phase
