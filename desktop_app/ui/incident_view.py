"""The incident view (the compare window's Incident tab): what was added, removed and changed since a chosen moment
across the tenant, most dangerous first, each with a Keep tick; then the rollback's preview (what happens to each
item, or why it is refused), the run, and its result per item; and the evidence pack for the incident record.

Graph work (the capture and plan, the run) runs on the task runner's Graph workers, the evidence file on the database
worker; ticking Keep plans again at once, without Graph (services/rollback.RollbackService.replan)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDateTime, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateTimeEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.changes import NoBaseline, Since
from desktop_app.services.evidence import evidence_html
from desktop_app.services.output_files import check_output, write_file
from desktop_app.services.rollback import RollbackPreview, RollbackReport, RollbackRequest, RollbackService
from desktop_app.store.records import TenantInfo
from desktop_app.ui import incident_words as words
from desktop_app.ui.errors import describe_error
from desktop_app.ui.incident_model import IncidentModel
from desktop_app.ui.named import named, named_button
from desktop_app.ui.restore.words import RED, failure_text
from desktop_app.ui.tasks import Executor, Operation, TaskContext, TaskRunner
from desktop_app.ui.texts import format_datetime

DEFAULT_LOOK_BACK = timedelta(days=1)


class IncidentView(QWidget):
    # Tests and the window wait on these.
    found = Signal()  # the changes are listed and planned
    finished = Signal(object)  # the rollback's RollbackReport
    evidence_saved = Signal(str)
    failed = Signal(str)

    def __init__(self, service: RollbackService, runner: TaskRunner, tenant: TenantInfo, *, data_dir: Path,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._tenant = tenant
        self._data_dir = data_dir
        self.preview: RollbackPreview | None = None
        self.report: RollbackReport | None = None
        self._op: Operation[Any] | None = None
        named(self, "incidentView", self.tr("Incident: what was added since a moment, and rolling it back"))
        self.since_edit = named(QDateTimeEdit(self), "incidentSinceEdit",
                                self.tr("Changes since this moment"))
        self.since_edit.setCalendarPopup(True)
        self.since_edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.since_edit.setDateTime(QDateTime.currentDateTime().addSecs(-int(DEFAULT_LOOK_BACK.total_seconds())))
        self.find_button = named_button(QPushButton(self.tr("Find what changed"), self), "incidentFindButton",
                                        self.tr("Read the tenant and list what changed since the moment"),
                                        clicked=self.find_changes)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Since:"), self))
        top.addWidget(self.since_edit)
        top.addWidget(self.find_button)
        top.addStretch(1)
        self.summary = QLabel(self.tr("Choose the moment before the incident, then Find what changed."), self)
        self.summary.setObjectName("incidentSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = IncidentModel(self)
        self.model.kept_changed.connect(self._replan)
        self.table = named(QTableView(self), "incidentTable", self.tr(
            "What changed since the moment, most dangerous first; tick Keep to leave an item as it is"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(IncidentModel.WHAT, QHeaderView.ResizeMode.Stretch)
        for column in (IncidentModel.KEEP, IncidentModel.RISK, IncidentModel.CHANGE, IncidentModel.WHEN,
                       IncidentModel.VALID):  # as wide as their title ('Behalten') or values, whichever is wider
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(IncidentModel.APP, 160)
        header.resizeSection(IncidentModel.WHO, 180)
        header.resizeSection(IncidentModel.ROLLBACK, 200)
        self.refusal = QLabel(self)
        self.refusal.setObjectName("incidentRefusal")
        self.refusal.setWordWrap(True)
        self.refusal.setStyleSheet(f"color: {RED.color().name()}")
        self.refusal.hide()
        self.evidence_button = named_button(
            QPushButton(self.tr("Save evidence pack…"), self), "incidentEvidenceButton",
            self.tr("Save every item with who and when, and what the rollback did, as a web page for the "
                    "incident record"), clicked=self._choose_evidence_file)
        self.evidence_button.setEnabled(False)
        self.rollback_button = named_button(
            QPushButton(self.tr("Roll back…"), self), "incidentRollbackButton",
            self.tr("Undo every item not kept: remove what was added, put back what was removed"),
            clicked=self._confirm)
        self.rollback_button.setEnabled(False)
        self.stop_button = named_button(
            QPushButton(self.tr("Stop"), self), "incidentStopButton",
            self.tr("Stop the rollback after the apps being rolled back; run it again to finish"),
            clicked=self.stop)
        self.stop_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.evidence_button)
        buttons.addStretch(1)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.rollback_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.refusal)
        layout.addLayout(buttons)

    # --- finding --------------------------------------------------------------------------------------------

    def moment(self) -> datetime:
        return datetime.fromtimestamp(self.since_edit.dateTime().toSecsSinceEpoch(), UTC)

    @Slot()
    def find_changes(self) -> None:
        request = RollbackRequest(self._tenant.tenant_id, Since(moment=self.moment()))
        self._busy(self.tr("Reading {tenant} and comparing it with the moment…").format(
            tenant=self._tenant.display_name))

        def work(task: TaskContext) -> RollbackPreview:
            return self._service.preview(request, cancel=task.cancel)

        self._op = Operation(self._runner, work, kind=Executor.GRAPH, owner=self, name="incident preview") \
            .on_success(self._show).on_failure(self._failed).run()

    def _show(self, preview: RollbackPreview) -> None:
        self.preview, self.report = preview, None
        self.model.set_changes(preview.report.changes)
        self._planned(preview)
        self.find_button.setEnabled(True)
        self.evidence_button.setEnabled(True)
        self.found.emit()

    @Slot()
    def _replan(self) -> None:
        if self.preview is None or self.report is not None:
            return
        self.preview = self._service.replan(self.preview, self.model.kept)
        self._planned(self.preview)

    def _planned(self, preview: RollbackPreview) -> None:
        report = preview.report
        self.model.set_plan(preview.plan.items, [r.change_id for r in preview.plan.refusals])
        incident = report.incident
        text = self.tr("%Ln change(s) an incident undoes since {moment}, compared with the backup of {baseline}; "
                       "{others}.", "", len(incident)).format(
            moment=format_datetime(report.moment), baseline=format_datetime(report.baseline.finished),
            others=self.tr("%Ln other change(s) stay as they are", "", len(report.other)))
        if report.audit_refused:
            text += " " + self.tr("Who made each change is not known: Regvault may not read the audit log "
                                  "({permission}).").format(permission=report.audit_refused)
        self.summary.setText(text)
        if preview.identity is None:
            self._refuse(self.tr("Who Regvault signs in as could not be told, so it can't make sure the rollback "
                                 "leaves it able to undo it: sign in again."))
        elif preview.plan.refused:
            self._refuse(self.tr("The rollback would lock Regvault out. Tick Keep on these, or undo them by hand "
                                 "afterwards: {items}").format(items="; ".join(
                f"{words.what(preview.changes[r.change_id])} — {words.lock_out(r.code)}" for r in preview.plan.refusals)))
        else:
            self.refusal.hide()
        self.rollback_button.setEnabled(not preview.refused and preview.plan.steps > 0)

    def _refuse(self, text: str) -> None:
        self.refusal.setText(text)
        self.refusal.show()

    # --- rolling back ---------------------------------------------------------------------------------------

    @Slot()
    def _confirm(self) -> None:
        if self.preview is None:
            return
        count = sum(1 for p in self.preview.plan.items.values() if p.action.writes)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Roll back"), self.tr(
            "Roll back %Ln change(s) in {tenant}? What was added goes (new apps to the recycle bin), what was removed "
            "comes back; the rest stays as it is.", "", count).format(tenant=self._tenant.display_name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        named(box, "incidentConfirmBox", self.tr("Confirm the rollback"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(self.roll_back)
        self.confirm_box = box
        box.open()

    @Slot()
    def roll_back(self) -> None:
        preview = self.preview
        if preview is None or preview.refused:
            return
        self._busy(self.tr("Rolling back…"))
        self.stop_button.setEnabled(True)
        self.stop_button.show()

        def work(task: TaskContext) -> RollbackReport:
            return self._service.run(preview, cancel=task.cancel,
                                     progress=lambda outcome: task.progress(outcome.app.display_name))

        self._op = Operation(self._runner, work, kind=Executor.GRAPH, owner=self, name="incident rollback") \
            .on_success(self._done).on_failure(self._failed) \
            .on_progress(lambda name: self.summary.setText(self.tr("Rolling back… {app}").format(app=name))).run()

    @Slot()
    def stop(self) -> None:
        """Stops a running rollback: the apps being rolled back finish, the others are left (skipped); what was
        undone stays undone and running it again finishes the rest."""
        if self._op is not None and self.stop_button.isVisible():
            self._op.cancel()
            self.stop_button.setEnabled(False)
            self.summary.setText(self.tr("Stopping: the apps being rolled back finish first…"))

    def _done(self, report: RollbackReport) -> None:
        self.report = report
        self.stop_button.hide()
        self.model.set_results(report.results)
        undone, failed = report.count("done"), report.count("failed")
        text = self.tr("Rolled back: %Ln change(s) undone, {failed} failed, in {seconds:.1f} s. A snapshot of the "
                       "apps before it was kept (backup {pre}).", "", undone).format(
            failed=failed, seconds=report.seconds, pre=report.pre_snapshot_id or "—")
        if report.stopped is not None:
            text += " " + failure_text(report.stopped)
        if report.cancelled:
            text += " " + self.tr("Stopped before every app was rolled back: Find what changed and Roll back again "
                                  "to finish (what was undone stays undone).")
        self.summary.setText(text)
        self.find_button.setEnabled(True)
        self.evidence_button.setEnabled(True)
        self.rollback_button.setEnabled(False)
        self.finished.emit(report)

    # --- evidence -------------------------------------------------------------------------------------------

    @Slot()
    def _choose_evidence_file(self) -> None:
        name = f"incident-{self._tenant.display_name}-{datetime.now():%Y%m%d-%H%M}.html"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the evidence pack"), name,
                                              self.tr("Web page (*.html)"))
        if path:
            self.save_evidence(Path(path))

    def save_evidence(self, path: Path) -> None:
        preview = self.preview
        if preview is None:
            return
        service, data_dir = self._service, self._data_dir

        def work(_task: TaskContext) -> str:
            check_output(path, [data_dir])
            page = evidence_html(preview.report, service.rolled_back(preview.report), generated=datetime.now(UTC))
            write_file(path, page.encode("utf-8"))
            return str(path)

        Operation(self._runner, work, kind=Executor.DATABASE, owner=self, name="evidence pack") \
            .on_success(self._evidence_saved).on_failure(self._failed).run()

    def _evidence_saved(self, path: str) -> None:
        self.summary.setText(self.tr("Evidence pack saved: {path}").format(path=path))
        self.evidence_saved.emit(path)

    def _no_baseline(self, exc: NoBaseline) -> str:
        if exc.first is None:
            return self.tr("{tenant} has never been backed up: there is nothing to compare with. Back it up "
                           "first.").format(tenant=exc.tenant.display_name)
        return self.tr("The backups of {tenant} begin at {first}: nothing is known of the tenant before then. "
                       "Choose a later moment.").format(tenant=exc.tenant.display_name,
                                                        first=format_datetime(exc.first.finished))

    # --- state --------------------------------------------------------------------------------------------

    def _busy(self, text: str) -> None:
        self.summary.setText(text)
        self.find_button.setEnabled(False)
        self.rollback_button.setEnabled(False)
        self.evidence_button.setEnabled(False)

    def _failed(self, exc: BaseException) -> None:
        self.stop_button.hide()
        if isinstance(exc, NoBaseline):
            text = self._no_baseline(exc)
        else:
            error = describe_error(exc)
            text = error.text
        self.summary.setText(text)
        self.find_button.setEnabled(True)
        self.evidence_button.setEnabled(self.preview is not None)
        self.rollback_button.setEnabled(self.preview is not None and not self.preview.refused
                                        and self.report is None and self.preview.plan.steps > 0)
        self.failed.emit(text)
