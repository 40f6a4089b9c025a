"""Restore history: every restore run of the audit trail (who, when, from which snapshot, to where, how it
ended) and, for the chosen run, each app's action, result, new ids, warnings, Graph's code and request-id.
Opened from the main window ("Restore history…") and from the wizard's report."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from PySide6.QtCore import QObject, QSize, Qt, Signal, Slot
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.restore_report import export_recorded
from desktop_app.store import Store
from desktop_app.store.records import RestoreItemInfo, RestoreRunInfo, TenantInfo
from desktop_app.ui.colors import set_text_tone
from desktop_app.ui.errors import describe_error
from desktop_app.ui.named import close_box, named, named_button
from desktop_app.ui.restore.models import Column, RecordTableModel, report_model
from desktop_app.ui.restore.report_page import report_item_html
from desktop_app.ui.restore.report_rows import needing_a_look_first, recorded_row, run_stop_text
from desktop_app.ui.restore.views import record_table
from desktop_app.ui.restore.words import GREEN, GREY, RED, mode_text, run_status_text
from desktop_app.ui.screen_fit import fit_to_screen
from desktop_app.ui.tasks import Executor, Operation, TaskContext, TaskRunner
from desktop_app.ui.texts import TrContext, format_datetime

HistoryTexts = TrContext("HistoryTexts")

# Writes a past run as a file: services.restore_report.export_recorded (tests give a failing one).
ExportRun = Callable[[RestoreRunInfo, Sequence[RestoreItemInfo], Path, Literal["json", "csv"]], None]


@dataclass(frozen=True)
class RunRow:
    """A run with the names of its tenants (the audit keeps ids; a tenant may have been removed since)."""

    run: RestoreRunInfo
    source_name: str
    target_name: str


def _status_color(status: str) -> QColor | None:
    tone = {"complete": GREEN, "failed": RED, "cancelled": GREY}.get(status)
    return tone.color() if tone is not None else None


def runs_model(parent: QObject | None = None) -> RecordTableModel[RunRow]:
    def target(row: RunRow) -> str:
        return "" if row.run.target_tenant_id == row.run.tenant_id else row.target_name

    return RecordTableModel[RunRow]([
        Column(HistoryTexts.tr("Started"), lambda r: format_datetime(r.run.started)),
        Column(HistoryTexts.tr("Operator"), lambda r: r.run.operator),
        Column(HistoryTexts.tr("From"), lambda r: r.source_name, lambda r: r.run.tenant_id),
        Column(HistoryTexts.tr("To another tenant"), target, lambda r: r.run.target_tenant_id),
        Column(HistoryTexts.tr("Snapshot of"), lambda r: format_datetime(r.run.snapshot_taken)),
        Column(HistoryTexts.tr("Mode"), lambda r: mode_text(r.run.mode) + (HistoryTexts.tr(" (dry run)") if r.run.dry_run else "")),
        Column(HistoryTexts.tr("Result"), lambda r: run_status_text(r.run.status), lambda r: run_stop_text(r.run),
               lambda r: _status_color(r.run.status)),
    ], parent)


@dataclass(frozen=True)
class HistoryData:
    runs: tuple[RunRow, ...]


def read_history(store: Store, tenant_id: str | None) -> HistoryData:
    names = {t.tenant_id: t.display_name for t in store.list_tenants(include_archived=True)}
    runs = store.restore_runs(tenant_id)
    return HistoryData(tuple(RunRow(r, names.get(r.tenant_id, r.tenant_id),
                                    names.get(r.target_tenant_id, r.target_tenant_id)) for r in runs))


class RestoreHistoryDialog(QDialog):
    runs_loaded = Signal()
    items_loaded = Signal()
    exported = Signal(str)

    def __init__(self, store: Store, runner: TaskRunner, parent: QWidget | None = None, *,
                 tenant: TenantInfo | None = None, select_run: int | None = None,
                 export_run: ExportRun = export_recorded) -> None:
        super().__init__(parent)
        self.store = store
        self.runner = runner
        self._tenant = tenant
        self._select_run = select_run
        self._export = export_run
        self._items_request = 0
        self._items: list[RestoreItemInfo] = []
        named(self, "restoreHistoryDialog", self.tr("Restore history"))
        self.setWindowTitle(self.tr("Restore history"))
        fit_to_screen(self, QSize(1180, 720))

        self.all_tenants_check = named(QCheckBox(self.tr("All tenants"), self), "historyAllTenantsCheck",
                                       self.tr("Show restores of all tenants"))
        self.all_tenants_check.setChecked(tenant is None)
        self.all_tenants_check.setVisible(tenant is not None)
        if tenant is not None:
            self.all_tenants_check.setToolTip(self.tr("Off: only restores from or to {tenant}").format(
                tenant=tenant.display_name))
        self.all_tenants_check.toggled.connect(self.reload)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("historyEmptyLabel")
        set_text_tone(self.empty_label, GREY)

        self.runs = runs_model(self)
        self.runs_table = record_table(self, "restoreRunsTable", self.tr("Restore runs"), self.runs)
        self.runs_table.selectionModel().selectionChanged.connect(self._run_chosen)
        self.items = report_model(self._target_name, self)
        self.items_table = record_table(self, "restoreItemsTable", self.tr("Apps of the selected run"), self.items)
        self.items_table.selectionModel().selectionChanged.connect(self._item_chosen)
        self.details = named(QTextBrowser(self), "historyDetails", self.tr("Details of the selected app"))

        lower = QSplitter(Qt.Orientation.Horizontal, self)
        lower.addWidget(self.items_table)
        lower.addWidget(self.details)
        lower.setStretchFactor(0, 3)
        lower.setStretchFactor(1, 2)
        lower.setSizes([660, 400])
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setObjectName("historySplitter")
        splitter.addWidget(self.runs_table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)

        self.export_button = named_button(QPushButton(self.tr("Export…"), self), "historyExportButton",
                                          self.tr("Export the selected run's report"),
                                          clicked=self._choose_export_file)
        self.export_button.setEnabled(False)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("historyStatusLabel")
        self.status_label.setWordWrap(True)  # how a run stopped can be a long sentence: never wider than the screen
        buttons = close_box(self, "historyCloseButton", self.tr("Close"))
        buttons.setObjectName("historyButtons")

        top = QHBoxLayout()
        top.addWidget(self.empty_label, 1)
        top.addWidget(self.all_tenants_check)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.export_button)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.reload()

    def _target_name(self) -> str:
        row = self.selected_run
        if row is None or row.run.target_tenant_id == row.run.tenant_id:
            return ""
        return row.target_name

    @property
    def selected_run(self) -> RunRow | None:
        rows = self.runs_table.selectionModel().selectedRows()
        return self.runs.record(rows[0].row()) if rows else None

    @Slot()
    def reload(self) -> None:
        tenant_id = None if self.all_tenants_check.isChecked() or self._tenant is None else self._tenant.tenant_id
        store = self.store
        keep = self.selected_run.run.id if self.selected_run is not None else self._select_run
        Operation(self.runner, lambda _t: read_history(store, tenant_id), kind=Executor.DATABASE, owner=self,
                  name="restore history") \
            .on_success(lambda data: self._show_runs(data, keep)) \
            .on_failure(lambda exc: self.status_label.setText(describe_error(exc).summary)).run()

    def _show_runs(self, data: HistoryData, select: int | None) -> None:
        self.runs.set_records(list(data.runs))
        self.runs_table.resizeColumnsToContents()
        self.empty_label.setText("" if data.runs else self.tr("No restore yet."))
        row = next((i for i, r in enumerate(data.runs) if r.run.id == select), 0)
        if data.runs:
            self.runs_table.selectRow(row)
        else:
            self.items.set_records([])
        self.runs_loaded.emit()

    @Slot()
    def _run_chosen(self, *_args: object) -> None:
        row = self.selected_run
        self.details.clear()
        self.export_button.setEnabled(False)
        if row is None:
            self.items.set_records([])
            return
        self._items_request += 1
        request = self._items_request
        store = self.store
        run_id = row.run.id

        def show(items: list[RestoreItemInfo]) -> None:
            if request != self._items_request:
                return
            self._items = items
            self.items.set_records(needing_a_look_first(recorded_row(i) for i in items))
            self.items_table.resizeColumnsToContents()
            self.export_button.setEnabled(bool(items))
            self.status_label.setText(run_stop_text(row.run))
            if items:
                self.items_table.selectRow(0)
            self.items_loaded.emit()

        Operation(self.runner, lambda _t: store.restore_items(run_id), kind=Executor.DATABASE, owner=self,
                  name="restore items").on_success(show).run()

    @Slot()
    def _item_chosen(self, *_args: object) -> None:
        rows = self.items_table.selectionModel().selectedRows()
        if rows:
            self.details.setHtml(report_item_html(self.items.record(rows[0].row()), self._target_name()))

    # --------------------------------------------------------------------------------------------- export

    @Slot()
    def _choose_export_file(self) -> None:
        row = self.selected_run
        if row is None:
            return
        json_filter, csv_filter = self.tr("JSON (*.json)"), self.tr("CSV, for a spreadsheet (*.csv)")
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("Export the restore report"),
                                                   f"restore-report-{row.run.id}.json",
                                                   f"{json_filter};;{csv_filter}")
        if path:
            fmt: Literal["json", "csv"] = "csv" if chosen == csv_filter or path.lower().endswith(".csv") else "json"
            self.export_to(Path(path if path.lower().endswith("." + fmt) else f"{path}.{fmt}"), fmt)

    def export_to(self, path: Path, fmt: Literal["json", "csv"]) -> None:
        row = self.selected_run
        if row is None:
            return
        run, items, export = row.run, list(self._items), self._export

        def work(_task: TaskContext) -> Path:
            export(run, items, path, fmt)
            return path

        def done(written: Path) -> None:
            set_text_tone(self.status_label, None)
            self.status_label.setText(self.tr("Saved to {path}").format(path=str(written)))
            self.exported.emit(str(written))

        def failed(exc: BaseException) -> None:
            set_text_tone(self.status_label, RED)
            self.status_label.setText(self.tr("Could not save the report: {error}").format(error=str(exc)))

        Operation(self.runner, work, kind=Executor.DATABASE, owner=self, name="export history report") \
            .on_success(done).on_failure(failed).run()


def open_restore_history(store: Store, runner: TaskRunner, parent: QWidget, tenant: TenantInfo | None, *,
                         select_run: int | None = None) -> RestoreHistoryDialog:
    """The main window's "Restore history…": the tenant's runs (all tenants one tick away)."""
    dialog = RestoreHistoryDialog(store, runner, parent, tenant=tenant, select_run=select_run)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.open()
    return dialog

