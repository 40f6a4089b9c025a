"""The window's compare and export, a component: the side panel's Compare… and Export…, and File → What changed
since a backup… (the compare view's whole-tenant tab). "Restore selected values…" (from the panel or the compare
view) is reported to the window, which opens the restore wizard."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSize, QStandardPaths, Signal, Slot
from PySide6.QtWidgets import QWidget

from desktop_app.store.records import AppRow, SnapshotInfo, TenantInfo, VersionInfo
from desktop_app.ui import shortcuts
from desktop_app.ui.compare_view import CompareDialog
from desktop_app.ui.context import WindowContext
from desktop_app.ui.errors import show_error
from desktop_app.ui.export_dialog import ExportDialog
from desktop_app.ui.incident_view import IncidentView
from desktop_app.ui.named import window_action
from desktop_app.ui.screen_fit import fit_to_screen
from desktop_app.ui.tasks import Executor, Operation, TaskContext, TaskRunner
from desktop_app.ui.version_panel import VersionPanel

CurrentTenant = Callable[[], TenantInfo | None]
_Opened = tuple[AppRow | None, list[VersionInfo], list[SnapshotInfo]]


class CompareActions(QObject):
    # (app pk, snapshot id, document paths): Restore selected values….
    restore_values_requested = Signal(int, int, list)
    # (tenant id): the incident view wrote snapshots there (its Find captures the tenant, its rollback keeps the
    # apps before and after): what the window shows of it is read again.
    snapshot_written = Signal(str)

    def __init__(self, context: WindowContext, runner: TaskRunner, current_tenant: CurrentTenant,
                 panel: VersionPanel, parent: QWidget) -> None:
        super().__init__(parent)
        self._context = context
        self._runner = runner
        self._current_tenant = current_tenant
        self._panel = panel
        self._parent = parent
        self.compare_dialog: CompareDialog | None = None
        self.export_dialog: ExportDialog | None = None
        panel.compare_requested.connect(self.open_compare)
        panel.export_requested.connect(self.open_export)
        panel.restore_values_requested.connect(self.restore_values_requested)
        self.tenant_changes_action = window_action(self.tr("What &changed since a backup…"), parent,
                                                   "tenantChangesAction", keys=shortcuts.TENANT_CHANGES,
                                                   triggered=lambda: self.open_compare(None, 0))
        self.incident_action = window_action(
            self.tr("What was &added since… (incident)…"), parent, "incidentAction",
            tip=self.tr("What was added since a moment, most dangerous first, and rolling it back"),
            triggered=lambda: self.open_compare(None, 0, incident=True))

    def open_compare(self, app_pk: int | None, position: int, *, incident: bool = False) -> None:
        """The compare view on an app (from its shown version to the live tenant), or on the whole tenant; with
        `incident`, on its Incident tab."""
        tenant = self._current_tenant()
        if tenant is None:
            return
        store = self._context.store

        def work(_task: TaskContext) -> _Opened:
            row = store.app_row(app_pk) if app_pk is not None else None
            versions = store.versions(app_pk) if app_pk is not None else []
            return row, versions, store.snapshots(tenant.tenant_id)

        def show(result: _Opened) -> None:
            row, versions, snapshots = result
            dialog = CompareDialog(
                self._context.compare, self._runner, tenant, app_pk, row.display_name if row else None, versions,
                snapshots, old_position=position, new_position=None, parent=self._parent,
            )
            def restore_values(pk: int, snapshot_id: int, paths: list[str]) -> None:
                dialog.accept()
                self.restore_values_requested.emit(pk, snapshot_id, paths)

            dialog.restore_values_requested.connect(restore_values)
            view = IncidentView(self._context.rollback, self._runner, tenant, data_dir=self._context.data_dir,
                                parent=dialog)
            dialog.incident_view = view
            view.found.connect(lambda: self.snapshot_written.emit(tenant.tenant_id))
            view.finished.connect(lambda _report: self.snapshot_written.emit(tenant.tenant_id))
            index = dialog.tabs.addTab(view, self.tr("Incident"))
            if incident:  # its table has nine columns: as wide as the screen allows
                dialog.tabs.setCurrentIndex(index)
                fit_to_screen(dialog, QSize(1440, 760))
            self.compare_dialog = dialog
            dialog.open()

        Operation(self._runner, work, kind=Executor.DATABASE, owner=self, name="open compare") \
            .on_success(show).on_failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        show_error(self._parent, self.tr("Compare"), exc)

    @Slot(int, int)
    def open_export(self, app_pk: int, snapshot_id: int) -> None:
        tenant = self._current_tenant()
        view = self._panel.view
        if tenant is None or view is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        self.export_dialog = ExportDialog(self._context.export, self._runner, tenant, app_pk, view.app.display_name,
                                          snapshot_id, folder=Path(folder) if folder else None, parent=self._parent)
        self.export_dialog.open()
