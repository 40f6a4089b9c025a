"""The window's side of issue 13: the side panel's Compare…, Export… and Restore selected values…, and
File → What changed since a backup… (the compare view's whole-tenant tab). `connect_compare_actions` is called
once by panel_wiring when the panel is built."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths
from PySide6.QtGui import QAction, QKeySequence

from desktop_app.ui.compare_view import CompareDialog
from desktop_app.ui.errors import show_error
from desktop_app.ui.export_dialog import ExportDialog
from desktop_app.ui.tasks import Executor, Operation, TaskContext
from desktop_app.ui.version_panel import VersionPanel

log = logging.getLogger(__name__)


def connect_compare_actions(window: Any, panel: VersionPanel) -> None:
    panel.compare_requested.connect(lambda app_pk, position: open_compare(window, app_pk, position))
    panel.export_requested.connect(lambda app_pk, snapshot_id: open_export(window, app_pk, snapshot_id))
    panel.restore_values_requested.connect(
        lambda app_pk, snapshot_id, paths: restore_values(window, app_pk, snapshot_id, paths))
    menu = getattr(window, "file_menu", None)
    if menu is not None:
        action = QAction(window.tr("What &changed since a backup…"), window)
        action.setObjectName("tenantChangesAction")
        action.setShortcut(QKeySequence("Ctrl+D"))
        action.triggered.connect(lambda: open_compare(window, None, 0))
        before = getattr(window, "file_settings_separator", None)
        if before is not None:
            menu.insertAction(before, action)
        else:
            menu.addAction(action)
        window.tenant_changes_action = action


def open_compare(window: Any, app_pk: int | None, position: int) -> None:
    """The compare view on an app (from its shown version to the live tenant), or on the whole tenant."""
    tenant = window.tenant
    if tenant is None:
        return
    store = window.store

    def work(_task: TaskContext) -> tuple[Any, list[Any], list[Any]]:
        row = store.app_row(app_pk) if app_pk is not None else None
        versions = store.versions(app_pk) if app_pk is not None else []
        return row, versions, store.snapshots(tenant.tenant_id)

    def show(result: tuple[Any, list[Any], list[Any]]) -> None:
        row, versions, snapshots = result
        dialog = CompareDialog(
            window.context.compare, window.runner, tenant, app_pk, row.display_name if row else None, versions,
            snapshots, old_position=position, new_position=None, parent=window,
        )
        dialog.restore_values_requested.connect(
            lambda pk, snapshot_id, paths: (dialog.accept(), restore_values(window, pk, snapshot_id, paths)))
        window.compare_dialog = dialog
        dialog.open()

    Operation(window.runner, work, kind=Executor.DATABASE, owner=window, name="open compare") \
        .on_success(show).on_failure(lambda exc: show_error(window, window.tr("Compare"), exc)).run()


def open_export(window: Any, app_pk: int, snapshot_id: int) -> None:
    tenant = window.tenant
    panel = window.panel
    if tenant is None or panel.view is None:
        return
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    dialog = ExportDialog(window.context.export, window.runner, tenant, app_pk, panel.view.app.display_name,
                          snapshot_id, folder=Path(folder) if folder else None, parent=window)
    window.export_dialog = dialog
    dialog.open()


def restore_values(window: Any, app_pk: int, snapshot_id: int, paths: list[str]) -> None:
    """The restore wizard on one app at that version, its preview limited to `paths`."""
    window.open_restore_wizard([app_pk], snapshot_id, only=paths)
