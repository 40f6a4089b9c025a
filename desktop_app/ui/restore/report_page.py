"""Report page: per app done-and-verified / with warnings / failed (Graph's code and request-id), new client
IDs, what is left to do; Export… to JSON or CSV. The same run is in the Restore history."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWizardPage,
)

from desktop_app.services.restore import ReportItem
from desktop_app.ui.colors import set_text_tone
from desktop_app.ui.errors import describe_error
from desktop_app.ui.named import named, named_button
from desktop_app.ui.restore.models import report_model
from desktop_app.ui.restore.refusals import refusal_text
from desktop_app.ui.restore.report_rows import ReportRow, needing_a_look_first, report_row
from desktop_app.ui.restore.setup import RestoreSetup, WizardState
from desktop_app.ui.restore.views import fit_columns, list_section_html, record_table
from desktop_app.ui.restore.words import AMBER, GREEN, GREY, RED, action_text, failure_text, status_text
from desktop_app.ui.tasks import Executor, Operation, TaskContext
from desktop_app.ui.texts import TrContext, format_count

ReportTexts = TrContext("ReportTexts")


def report_item_html(item: ReportRow, target_name: str = "") -> str:
    """One app of a report (or of a past run in the restore history), in full."""
    parts = [f"<h3 style='margin:0'>{html.escape(item.display_name)}</h3><p style='margin-top:2px'>"
             f"<b>{html.escape(action_text(item.action, target_name, unchanged=item.up_to_date))}</b> — "
             f"{html.escape(status_text(item.result))}"
             "</p><table cellspacing='0' cellpadding='1'>"]

    def row(label: str, value: str | None) -> None:
        if value:
            parts.append(f"<tr><td style='color:{GREY.name()};padding-right:8px'>{html.escape(label)}</td>"
                         f"<td style='font-family:monospace'>{html.escape(str(value))}</td></tr>")

    row(ReportTexts.tr("Client ID before"), item.source_app_id)
    row(ReportTexts.tr("Client ID after"), item.new_app_id)
    row(ReportTexts.tr("Object ID before"), item.source_object_id)
    row(ReportTexts.tr("Object ID after"), item.new_object_id)
    row(ReportTexts.tr("Graph error code"), item.error_code)
    row(ReportTexts.tr("Request ID"), item.request_id)
    parts.append("</table>")
    if item.message:
        parts.append(f"<p style='color:{RED.name() if item.result == 'failed' else 'inherit'}'>"
                     f"{html.escape(item.message)}</p>")
    if item.new_app_id and item.source_app_id and item.new_app_id != item.source_app_id:
        parts.append("<p>" + html.escape(ReportTexts.tr("The client ID changed: update the apps and configuration that use "
                                            "it.")) + "</p>")
    # Consent is a powerful write: each grant and assignment is named, apart from the other changes.
    parts.append(list_section_html(ReportTexts.tr("Consent and assignments"), item.access))
    parts.append(list_section_html(ReportTexts.tr("Warnings"), item.warnings, AMBER.name()))
    parts.append(list_section_html(ReportTexts.tr("Notes"), item.notes))
    parts.append(list_section_html(ReportTexts.tr("To do"), item.follow_ups))
    return "".join(parts)


def report_summary(items: Sequence[ReportItem], cancelled: bool) -> str:
    counts: dict[str, int] = {}
    for item in items:
        counts[item.result] = counts.get(item.result, 0) + 1
    parts = []
    for result, color in (("verified", GREEN), ("warnings", AMBER), ("unchanged", None), ("failed", RED),
                          ("skipped", GREY)):
        if counts.get(result):
            words = status_text(result)  # "done and verified" in a sentence; a German noun keeps its capital
            text = f"<b>{format_count(counts[result])}</b> {html.escape(words[:1].lower() + words[1:])}"
            parts.append(f"<span style='color:{color.name()}'>{text}</span>" if color is not None else text)
    text = " · ".join(parts) or html.escape(ReportTexts.tr("No app was restored."))
    changed_ids = sum(1 for i in items if i.new_app_id and i.source_app_id and i.new_app_id != i.source_app_id)
    to_do = sum(len(i.follow_ups) for i in items)
    notes = []
    if changed_ids:
        notes.append(ReportTexts.tr("%Ln app(s) have a new client ID", "", changed_ids))
    if to_do:
        notes.append(ReportTexts.tr("%Ln thing(s) left to do (secrets to issue, consent to grant): see each app", "",
                                    to_do))
    if notes:
        text += "<br>" + html.escape(" · ".join(notes))
    if cancelled:
        text += "<br>" + html.escape(ReportTexts.tr("Cancelled: the apps under way, and any app they refer to, were "
                                        "finished; the others were not started."))
    return text


class ReportPage(QWizardPage):
    exported = Signal(str)  # the path written
    # Restore history…: the run's id (None: no run was recorded).
    history_requested = Signal(object)
    export_failed = Signal(str)

    def __init__(self, setup: RestoreSetup, state: WizardState) -> None:
        super().__init__()
        self._setup = setup
        self._state = state
        self.setObjectName("reportPage")
        self.setTitle(self.tr("Report"))
        self.setSubTitle(self.tr("What was done, per app, each app written to checked by reading it back. The "
                                 "report is kept in the Restore history."))
        self._target_name = ""

        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("reportSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextFormat(Qt.TextFormat.RichText)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = report_model(lambda: self._target_name, self)
        self.table = record_table(self, "reportTable", self.tr("Result of each app"), self.model)
        self.table.selectionModel().selectionChanged.connect(self._row_chosen)
        self.details = named(QTextBrowser(self), "reportDetails", self.tr("Details of the selected app"))
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("reportSplitter")
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)

        self.export_button = named_button(QPushButton(self.tr("Export…"), self), "exportReportButton",
                                          self.tr("Export the report"),
                                          self.tr("Save the report as JSON or CSV"),
                                          clicked=self.choose_export_file)
        self.history_button = named_button(QPushButton(self.tr("Restore history…"), self),
                                           "reportHistoryButton", self.tr("Open the restore history"),
                                           clicked=self._open_history)
        self.export_label = QLabel(self)
        self.export_label.setObjectName("exportLabel")
        self.export_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_label, 1)
        buttons.addWidget(self.history_button)
        buttons.addWidget(self.export_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        state = self._state
        preview = state.preview
        # The target is named in the rows only when it is another tenant.
        self._target_name = preview.target_tenant.display_name if preview is not None and (
            preview.target_tenant.tenant_id != preview.source_tenant.tenant_id) else ""
        report = state.report
        if report is None:
            self.model.set_records([])
            error = state.run_error
            refused = refusal_text(error) if error is not None else None
            if error is None:
                text = self.tr("The restore was cancelled before any app was restored.")
            elif refused is not None:  # planned again under the lock, the request could no longer be planned
                text = refused + " " + self.tr("Nothing was written.")
            else:
                described = describe_error(error)
                text = described.text
                self.details.setPlainText(described.details)
            self.summary_label.setText(f"<span style='color:{RED.name()}'>{html.escape(text)}</span>")
            self.export_button.setEnabled(False)
            return
        self.model.set_records(needing_a_look_first(report_row(i) for i in report.items))
        summary = report_summary(report.items, bool(report.cancelled))
        left_out = len(preview.left_out) if preview is not None else 0
        if left_out:  # named on the Snapshot page; counted here, so the report adds up to what was chosen
            summary += "<br>" + html.escape(self.tr("%Ln app(s) were left out: not in this snapshot", "", left_out))
        if report.stopped is not None and not report.cancelled:
            summary += f"<br><span style='color:{RED.name()}'>{html.escape(failure_text(report.stopped))}</span>"
        self.summary_label.setText(summary)
        self.export_button.setEnabled(True)
        fit_columns(self.table)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        if report.items:
            self.table.selectRow(0)

    @Slot()
    def _row_chosen(self, *_args: object) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.details.setHtml(report_item_html(self.model.record(rows[0].row()), self._target_name))

    # --------------------------------------------------------------------------------------------- export

    @Slot()
    def choose_export_file(self) -> None:
        report = self._state.report
        if report is None:
            return
        json_filter, csv_filter = self.tr("JSON (*.json)"), self.tr("CSV, for a spreadsheet (*.csv)")
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export the restore report"), f"restore-report-{report.run_id}.json",
            f"{json_filter};;{csv_filter}")
        if not path:
            return
        fmt: Literal["json", "csv"] = "csv" if chosen == csv_filter or path.lower().endswith(".csv") else "json"
        if not path.lower().endswith("." + fmt):
            path += "." + fmt
        self.export_to(Path(path), fmt)

    def export_to(self, path: Path, fmt: Literal["json", "csv"]) -> None:
        """Write the report in the background (a file on a network share can be slow)."""
        report = self._state.report
        if report is None:  # the run failed before any app: nothing to export (the button is hidden)
            return
        export = self._setup.export_report

        def work(_task: TaskContext) -> Path:
            export(report, path, fmt)
            return path

        def done(written: Path) -> None:
            set_text_tone(self.export_label, None)
            self.export_label.setText(self.tr("Saved to {path}").format(path=str(written)))
            self.exported.emit(str(written))

        def failed(exc: BaseException) -> None:
            set_text_tone(self.export_label, RED)
            self.export_label.setText(self.tr("Could not save the report: {error}").format(error=str(exc)))
            self.export_failed.emit(str(exc))

        Operation(self._setup.runner, work, kind=Executor.DATABASE, owner=self, name="export report") \
            .on_success(done).on_failure(failed).run()

    @Slot()
    def _open_history(self) -> None:
        report = self._state.report
        self.history_requested.emit(report.run_id if report is not None else None)
