"""Schedule backups…: the operating system's own schedule for `regvault backup`, once a day or every few minutes
(each run then reads only what changed: the change timeline), shown before anything is installed, with the
commands that install or remove it, and the result."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSize, QTime, Signal, Slot
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.schedule import (
    EVERY_CHOICES,
    BackupSchedule,
    Runner,
    SchedulePlan,
    Scheduler,
    install,
    plan,
    remove,
    run_command,
    schedulers_for_platform,
)
from desktop_app.store.records import TenantInfo
from desktop_app.ui.errors import describe_error
from desktop_app.ui.named import close_box, named, named_button
from desktop_app.ui.screen_fit import fit_to_screen
from desktop_app.ui.tasks import Executor, Operation, TaskRunner

_SCHEDULER_NAMES = {
    Scheduler.WINDOWS_TASK: "Windows Task Scheduler",
    Scheduler.LAUNCHD: "launchd agent (macOS)",
    Scheduler.SYSTEMD: "systemd user timer",
    Scheduler.CRON: "cron",
}


class ScheduleDialog(QDialog):
    finished_action = Signal(str)  # "installed" | "removed" | "failed"

    def __init__(self, data_dir: Path, tenants: Sequence[TenantInfo], runner: TaskRunner, *,
                 schedulers: Sequence[Scheduler] | None = None, command_runner: Runner = run_command,
                 program: tuple[str, ...] | None = None, home: Path | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = data_dir
        self.runner = runner
        self.command_runner = command_runner
        self._program = program
        self._home = home
        named(self, "scheduleDialog", self.tr("Schedule backups"))
        self.setWindowTitle(self.tr("Schedule backups"))
        fit_to_screen(self, QSize(820, 620))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "Regvault runs no background service of its own: your operating system's scheduler runs "
            "<code>regvault backup</code> once a day, or every few minutes (each run then reads only what changed "
            "since the last one), with your remembered sign-in or the tenant's app-only identity. Here is exactly "
            "what will be installed."), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.often_combo = named(QComboBox(self), "scheduleOftenCombo", self.tr("How often to back up"))
        self.often_combo.addItem(self.tr("Once a day"), 0)
        for minutes in EVERY_CHOICES:
            self.often_combo.addItem(self.tr("Every %n minute(s), only what changed", "", minutes), minutes)
        form.addRow(self.tr("How often:"), self.often_combo)
        self.time_edit = named(QTimeEdit(QTime(2, 30), self), "scheduleTimeEdit",
                               self.tr("Time of the daily backup"))
        self.time_edit.setDisplayFormat("HH:mm")
        form.addRow(self.tr("Every day at:"), self.time_edit)
        self.tenant_combo = named(QComboBox(self), "scheduleTenantCombo", self.tr("Tenants to back up"))
        self.tenant_combo.addItem(self.tr("All tenants"), "")
        for tenant in tenants:
            self.tenant_combo.addItem(tenant.display_name, tenant.tenant_id)
        form.addRow(self.tr("Back up:"), self.tenant_combo)
        self.scheduler_combo = named(QComboBox(self), "schedulerCombo", self.tr("Scheduler"))
        for scheduler in schedulers or schedulers_for_platform():
            self.scheduler_combo.addItem(_SCHEDULER_NAMES[scheduler], scheduler.value)
        form.addRow(self.tr("Scheduler:"), self.scheduler_combo)
        layout.addLayout(form)

        self.preview = named(QPlainTextEdit(self), "schedulePreview", self.tr("What will be installed"))
        self.preview.setReadOnly(True)
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        layout.addWidget(self.preview, 1)

        self.result_label = named(QLabel(self), "scheduleResult", self.tr("Result"))
        self.result_label.setWordWrap(True)
        layout.addWidget(self.result_label)

        buttons = close_box(self, "closeScheduleButton", self.tr("Close"))
        self.install_button = named_button(buttons.addButton(self.tr("Install"), QDialogButtonBox.ButtonRole.ActionRole),
                                           "installScheduleButton", self.tr("Install the schedule"),
                                           clicked=self.install)
        self.remove_button = named_button(buttons.addButton(self.tr("Remove"), QDialogButtonBox.ButtonRole.ActionRole),
                                          "removeScheduleButton", self.tr("Remove the schedule"), clicked=self.remove)
        layout.addWidget(buttons)

        self.often_combo.currentIndexChanged.connect(self._often_changed)
        self.time_edit.timeChanged.connect(self.update_preview)
        self.tenant_combo.currentIndexChanged.connect(self.update_preview)
        self.scheduler_combo.currentIndexChanged.connect(self.update_preview)
        self.update_preview()

    def schedule(self) -> BackupSchedule:
        at = self.time_edit.time()
        kwargs: dict[str, object] = {}
        if self._program is not None:
            kwargs["program"] = self._program
        if self._home is not None:
            kwargs["home"] = self._home
        return BackupSchedule(self.data_dir, at=datetime.time(at.hour(), at.minute()),
                              tenant=str(self.tenant_combo.currentData() or "") or None,
                              every_minutes=self.every_minutes(), **kwargs)  # type: ignore[arg-type]

    def every_minutes(self) -> int | None:
        """The minutes between runs; None: once a day at the time chosen."""
        return int(self.often_combo.currentData() or 0) or None

    @Slot()
    def _often_changed(self) -> None:
        self.time_edit.setEnabled(self.every_minutes() is None)
        self.update_preview()

    def plan(self) -> SchedulePlan:
        return plan(self.schedule(), Scheduler(str(self.scheduler_combo.currentData())))

    @Slot()
    def update_preview(self) -> None:
        the_plan = self.plan()
        install_lines = "\n".join(c.display() for c in the_plan.install_commands)
        remove_lines = "\n".join(c.display() for c in the_plan.remove_commands)
        self.preview.setPlainText(
            f"{the_plan.text}\n\n"
            + self.tr("# Install runs:") + f"\n{install_lines}\n\n"
            + self.tr("# Remove runs:") + f"\n{remove_lines}\n\n"
            + self.tr("# Output of each run goes to:") + f"\n{the_plan.log_file}\n")

    def _run(self, action: str) -> None:
        the_plan = self.plan()
        run = self.command_runner
        self.install_button.setEnabled(False)
        self.remove_button.setEnabled(False)
        self.result_label.setText(self.tr("Working…"))

        def work(_task: object) -> str:
            (install if action == "installed" else remove)(the_plan, run=run)
            return action

        # Scheduler commands are subprocesses that may take a moment: never on the GUI thread.
        Operation(self.runner, work, kind=Executor.GRAPH, owner=self, name=f"schedule {action}") \
            .on_success(self._done).on_failure(self._failed).run()

    @Slot()
    def install(self) -> None:
        self._run("installed")

    @Slot()
    def remove(self) -> None:
        self._run("removed")

    def _done(self, action: str) -> None:
        self.install_button.setEnabled(True)
        self.remove_button.setEnabled(True)
        every = self.every_minutes()
        if action == "installed" and every is not None:
            self.result_label.setText(self.tr(
                "Installed: a backup runs every %n minute(s), reading only what changed since the last one (once "
                "a day, everything). Its output goes to {log}.", "", every).format(
                    log=self.plan().log_file))
        elif action == "installed":
            self.result_label.setText(self.tr("Installed: a backup runs every day at {time}. Its output goes to "
                                              "{log}.").format(time=self.time_edit.time().toString("HH:mm"),
                                                               log=self.plan().log_file))
        else:
            self.result_label.setText(self.tr("Removed: no more scheduled backups."))
        self.finished_action.emit(action)

    def _failed(self, exc: BaseException) -> None:
        self.install_button.setEnabled(True)
        self.remove_button.setEnabled(True)
        self.result_label.setText(self.tr("Failed: {error}").format(error=describe_error(exc).summary))
        self.finished_action.emit("failed")

