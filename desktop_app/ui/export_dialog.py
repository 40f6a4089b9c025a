"""Export… from the side panel: the app (or every app of the tenant) as it was at the version shown,
as Graph JSON, Terraform or an HTML passport. The export itself is services.export's, run on the database worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.export import ExportFormat, ExportRequest, ExportResult, ExportService
from desktop_app.store.records import TenantInfo
from desktop_app.ui.colors import set_text_tone
from desktop_app.ui.errors import describe_error
from desktop_app.ui.named import named, named_button
from desktop_app.ui.restore.words import RED
from desktop_app.ui.tasks import Executor, Operation, TaskContext, TaskRunner

_SUFFIX = {ExportFormat.GRAPH: ".json", ExportFormat.TERRAFORM: ".tf", ExportFormat.HTML: ".html"}


class ExportDialog(QDialog):
    """`exported(result)` after a successful export (tests wait on it)."""

    exported = Signal(object)

    def __init__(self, service: ExportService, runner: TaskRunner, tenant: TenantInfo, app_pk: int, app_name: str,
                 snapshot_id: int, *, folder: Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._tenant = tenant
        self._app_pk = app_pk
        self._app_name = app_name
        self._snapshot_id = snapshot_id
        self._folder = folder or Path.home()
        self._op: Operation[Any] | None = None
        named(self, "exportDialog", self.tr("Export"))
        self.setWindowTitle(self.tr("Export — {app}").format(app=app_name))
        self.setMinimumWidth(620)

        self.formats = QButtonGroup(self)
        self.graph_radio = self._radio("exportGraphRadio", self.tr(
            "&Graph JSON: a body POST /applications accepts (writable properties only)"), ExportFormat.GRAPH)
        self.terraform_radio = self._radio("exportTerraformRadio", self.tr(
            "&Terraform: azuread_application for the hashicorp/azuread provider"), ExportFormat.TERRAFORM)
        self.html_radio = self._radio("exportHtmlRadio", self.tr(
            "&HTML app passport: every setting, owners, credentials, history; printable"), ExportFormat.HTML)
        self.html_radio.setChecked(True)
        self.scopes = QButtonGroup(self)
        self.this_app_radio = named(QRadioButton(self.tr("This app ({name})").format(name=app_name), self),
                                    "exportThisAppRadio", self.tr("Export this app"))
        self.this_app_radio.setChecked(True)
        every_app = self.tr("Every app of {tenant} at this backup").format(tenant=tenant.display_name)
        self.all_apps_radio = named(QRadioButton(every_app, self), "exportAllAppsRadio",
                                    self.tr("Export every app of the tenant"))
        self.scopes.addButton(self.this_app_radio)
        self.scopes.addButton(self.all_apps_radio)
        self.scopes.buttonToggled.connect(self._suggest_path)
        self.formats.buttonToggled.connect(self._suggest_path)

        self.path_edit = named(QLineEdit(self), "exportPathEdit", self.tr("File or folder to write"))
        self.browse_button = named_button(QPushButton(self.tr("Browse…"), self), "exportBrowseButton",
                                          self.tr("Choose where to write the export"), clicked=self._browse)
        self.note = QLabel(self.tr("Secrets are never exported; certificates appear as metadata and thumbprints."),
                           self)
        self.note.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setObjectName("exportStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.buttons = QDialogButtonBox(self)
        self.export_button = self.buttons.addButton(self.tr("Export"), QDialogButtonBox.ButtonRole.AcceptRole)
        named(self.export_button, "exportButton", self.tr("Export"))
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setObjectName("exportCloseButton")
        self.buttons.accepted.connect(self.export)
        self.buttons.rejected.connect(self.reject)

        where = QHBoxLayout()
        where.addWidget(self.path_edit, 1)
        where.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(self.tr("Format:"), self._column(self.graph_radio, self.terraform_radio, self.html_radio))
        form.addRow(self.tr("Apps:"), self._column(self.this_app_radio, self.all_apps_radio))
        form.addRow(self.tr("Save to:"), where)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.note)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self._suggest_path()

    def _radio(self, name: str, text: str, fmt: ExportFormat) -> QRadioButton:
        radio = named(QRadioButton(text, self), name, text.replace("&", ""))
        radio.setProperty("format", fmt.value)
        self.formats.addButton(radio)
        return radio

    def _column(self, *widgets: QWidget) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            column.addWidget(widget)
        return box

    @property
    def format(self) -> ExportFormat:
        checked = self.formats.checkedButton()
        return ExportFormat(checked.property("format")) if checked is not None else ExportFormat.HTML

    @property
    def every_app(self) -> bool:
        return self.all_apps_radio.isChecked()

    @Slot()
    def _suggest_path(self, *_args: Any) -> None:
        stem = _safe(self._tenant.display_name if self.every_app else self._app_name)
        suffix = ".zip" if self.every_app and self.format is ExportFormat.GRAPH else _SUFFIX[self.format]
        self.path_edit.setText(str(self._folder / f"{stem}{suffix}"))

    @Slot()
    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export to"), self.path_edit.text())
        if path:
            self.path_edit.setText(path)

    @Slot()
    def export(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self.status.setText(self.tr("Choose where to write the export."))
            return
        request = ExportRequest(self._tenant.tenant_id, None if self.every_app else (self._app_pk,), self.format,
                                Path(text).expanduser(), self._snapshot_id)
        service = self._service
        self.export_button.setEnabled(False)
        set_text_tone(self.status, None)
        self.status.setText(self.tr("Exporting…"))

        def work(_task: TaskContext) -> ExportResult:
            return service.export(request)

        op: Operation[Any] = Operation(self._runner, work, kind=Executor.DATABASE, owner=self, name="export")
        op.on_success(self._done).on_failure(self._failed).on_cancelled(lambda: None)
        self._op = op
        op.run()

    def _done(self, result: ExportResult) -> None:
        self._op = None
        self.export_button.setEnabled(True)
        self.status.setText(self.tr("Exported %Ln app(s) to {path}.", "", len(result.apps)).format(path=result.output))
        self.exported.emit(result)

    def _failed(self, exc: BaseException) -> None:
        self._op = None
        self.export_button.setEnabled(True)
        set_text_tone(self.status, RED)
        if isinstance(exc, OSError):
            self.status.setText(self.tr("Could not write {path}: {error}. Nothing was written.").format(
                path=self.path_edit.text(), error=exc.strerror or exc))
            return
        if isinstance(exc, ValueError):
            self.status.setText(str(exc))
            return
        error = describe_error(exc)
        self.status.setText(error.text)


def _safe(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in " -_." else "_" for c in name).strip(" .")
    return cleaned or "export"
