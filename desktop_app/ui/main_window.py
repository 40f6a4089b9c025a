"""The main window: tenant switcher, Back up now, the apps table, the side panel (DESIGN.md §1 steps 3-5).

The window is composed, not mixed: each part is a component that owns its widgets, takes what it needs from the
window's context (ui/context.py) and the current tenant, and reports with signals, which are connected here. The
window keeps the current tenant, its settings (QSettings), and opens the restore wizard."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QSplitter

from desktop_app.auth.sign_in import SignedInAccount
from desktop_app.store.records import TenantInfo
from desktop_app.ui import shortcuts
from desktop_app.ui.about_dialog import AboutDialog, show_about
from desktop_app.ui.accounts import AccountActions
from desktop_app.ui.apps_loader import TenantState
from desktop_app.ui.apps_table import AppsTable
from desktop_app.ui.backup_alerts import BackupAlerts
from desktop_app.ui.backup_controls import BackupControls
from desktop_app.ui.compare_actions import CompareActions
from desktop_app.ui.context import WindowContext
from desktop_app.ui.cross_tenant import CrossTenantViews
from desktop_app.ui.errors import show_error
from desktop_app.ui.history_fill import HistoryFill
from desktop_app.ui.main_toolbar import build_menus, build_toolbar
from desktop_app.ui.named import named
from desktop_app.ui.restore_history import open_restore_history
from desktop_app.ui.restore_wizard import RestoreWizard, open_restore_wizard, restore_setup
from desktop_app.ui.screen_fit import available, center_on_screen, fitted_size
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.tenant_switcher import TenantSwitcher
from desktop_app.ui.unfinished_restore import UnfinishedRestoreOffer, offer_to_finish
from desktop_app.ui.update_notice import UpdateNotice
from desktop_app.ui.version_panel import VersionPanel
from desktop_app.ui.window_watch import WindowWatch

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    # (app pks, snapshot id or None for "the newest"): Restore selected…, Restore this version…, Restore this app….
    restore_wizard_requested = Signal(list, object)

    def __init__(self, context: WindowContext, settings: QSettings, *, runner: TaskRunner | None = None) -> None:
        super().__init__()
        named(self, "mainWindow", self.tr("Regvault"))
        self.context = context
        self.settings = settings
        self.runner = runner or TaskRunner(self)
        self.runner.unhandled_error.connect(self._unhandled_error)
        self.error_dialog: QMessageBox | None = None
        self.about_dialog: AboutDialog | None = None
        self.restore_wizard: RestoreWizard | None = None
        self.unfinished_restore: UnfinishedRestoreOffer | None = None
        self._update_title(None)
        self.statusBar().setObjectName("statusBar")

        # The demo's history still being built (its first day is shown): filled in behind the window.
        self.history_fill = HistoryFill(context.history, self.runner, self) if context.history is not None else None
        self.tenant_switcher = TenantSwitcher(self)
        self.backup = BackupControls(context.backup, self.runner, self.tenant_switcher.current, self.history_fill,
                                     self)
        self.cross_tenant = CrossTenantViews(context.store, self.runner, self, settings)
        self.backup_alerts = BackupAlerts(context.alerts, self.runner, self)
        self.watch = WindowWatch(context.capture, context.store, self.runner, lambda: self.tenant_switcher.tenants,
                                 lambda: self.history_fill is not None and self.history_fill.running, self)
        toolbar = build_toolbar(self, self.tenant_switcher, self.backup, self.cross_tenant.search)
        self.restore_selected_button = toolbar.restore_selected_button
        self.restore_history_button = toolbar.restore_history_button
        self.menus = build_menus(self, self.backup.action)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.apps = AppsTable(context.store, self.runner, self.splitter)
        self.panel = VersionPanel(context.store, self.runner, self.splitter)
        self.splitter.addWidget(self.apps)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([800, 560])
        self.setCentralWidget(self.splitter)
        self.compare = CompareActions(context, self.runner, self.tenant_switcher.current, self.panel, self)
        self.menus.file.insertAction(self.menus.file_settings_separator, self.compare.tenant_changes_action)
        self.menus.file.insertAction(self.menus.file_settings_separator, self.compare.incident_action)
        self.menus.file.insertAction(self.menus.file_settings_separator, self.cross_tenant.credentials_action)
        # Tenants menu, sign-in, settings, schedule, keyring notice.
        self.account_actions = AccountActions(context, self.runner, self, self.tenant_switcher.current,
                                              lambda: self.tenant_switcher.tenants, self.menus, toolbar.bar)
        self.statusBar().addPermanentWidget(self.account_actions.scheduled_label)
        if self.history_fill is not None:
            self.statusBar().addPermanentWidget(self.history_fill.label)
            self.statusBar().addPermanentWidget(self.history_fill.bar)
        self._connect()
        self._build_shortcuts()
        self._restore_settings()
        self.load_tenants()
        if context.keyring_problem:  # the account actions say it too, and offer to quit
            self.statusBar().showMessage(context.keyring_problem)
        # A restore that was killed half-way: offered to be finished once the window is up.
        QTimer.singleShot(0, self._offer_unfinished_restore)
        # "Regvault X is available", once a day at most (never in the demo).
        self.update_notice = UpdateNotice(context.updates, self.runner, self)
        self.statusBar().addPermanentWidget(self.update_notice.label)
        QTimer.singleShot(0, self.update_notice.start)

    def _connect(self) -> None:
        status = self.statusBar()
        switcher, apps, backup, panel = self.tenant_switcher, self.apps, self.backup, self.panel
        switcher.tenant_changed.connect(self._tenant_chosen)
        apps.current_app_changed.connect(self._show_app_in_panel)
        apps.checked_changed.connect(self._checked_changed)
        apps.restore_requested.connect(self.open_restore_wizard)
        apps.backup_requested.connect(backup.start)
        apps.add_tenant_requested.connect(self.account_actions.open_add_tenant)
        apps.row_entered.connect(panel.focus_details)
        apps.tenant_state_read.connect(self._show_tenant_state)
        backup.ended.connect(self._backup_ended)
        backup.ended.connect(self.backup_alerts.after_backup)
        self.backup_alerts.status.connect(status.showMessage)
        backup.snapshot_written.connect(self._snapshot_written)
        backup.running_changed.connect(lambda running: apps.empty_backup_button.setEnabled(not running))
        backup.status.connect(status.showMessage)
        self.watch.captured.connect(self._snapshot_written)
        self.watch.failed.connect(lambda tenant_id: self._backup_ended(tenant_id, "failed"))
        self.watch.watched.connect(self.backup_alerts.after_round)
        self.watch.status.connect(status.showMessage)
        self.watch.start()
        backup.sign_in_requested.connect(self._sign_in_then_back_up)
        backup.finished.connect(lambda _outcome: self.account_actions.show_last_scheduled())
        panel.restore_requested.connect(lambda app_pk, snapshot_id: self.open_restore_wizard([app_pk], snapshot_id))
        self.compare.snapshot_written.connect(self._snapshot_written)
        self.compare.restore_values_requested.connect(
            lambda app_pk, snapshot_id, paths: self.open_restore_wizard([app_pk], snapshot_id, only=paths))
        self.cross_tenant.app_requested.connect(self.open_app)
        self.account_actions.tenants_changed.connect(self.load_tenants)
        self.account_actions.status.connect(status.showMessage)
        if self.history_fill is not None:
            self.history_fill.days_arrived.connect(self._history_days_arrived)
            self.history_fill.finished.connect(self._history_filled)
        for button, action, slot in (
                (self.restore_selected_button, self.menus.restore_selected, self._restore_selected),
                (self.restore_history_button, self.menus.restore_history, self.open_restore_history)):
            button.clicked.connect(slot)
            action.triggered.connect(slot)
        self.menus.quit.triggered.connect(self.close)
        self.menus.about.triggered.connect(self.show_about)

    def _build_shortcuts(self) -> None:
        panel = self.panel
        for keys, slot in ((QKeySequence(QKeySequence.StandardKey.Find), self.apps.focus_search),
                           (QKeySequence(Qt.Key.Key_F6), self.switch_pane),
                           (QKeySequence(shortcuts.OLDER_VERSION), panel.show_older),
                           (QKeySequence(shortcuts.NEWER_VERSION), panel.show_newer)):
            QShortcut(keys, self).activated.connect(slot)
        # [ and ] where typing them means nothing else (not in the filter box).
        for text, slot in (("[", panel.show_older), ("]", panel.show_newer)):
            shortcut = QShortcut(QKeySequence(text), self.splitter)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    @Slot()
    def _offer_unfinished_restore(self) -> None:
        offer = offer_to_finish(self.context.store, self)
        if offer is not None:
            offer.finish_requested.connect(self._finish_restore)
            offer.open()
        self.unfinished_restore = offer

    # ========================================================================================= settings (QSettings)

    def _restore_settings(self) -> None:
        s = self.settings
        geometry = s.value("mainWindow/geometry")
        screen = available(self)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
            if self.width() > screen.width() or self.height() > screen.height():  # saved on a bigger screen
                self.resize(fitted_size(self.size(), screen))
                center_on_screen(self)
        else:
            # No saved layout: the size that suits the window, as much of it as the screen has (at 150% a
            # 1080p laptop has 1280x720 logical pixels).
            self.resize(fitted_size(QSize(1360, 820), screen))
            center_on_screen(self)
        splitter = s.value("mainWindow/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        else:  # the table gets the room its names need; the panel a third
            width = self.width()
            self.splitter.setSizes([int(width * 0.63), width - int(width * 0.63)])
        self.apps.restore_settings(s)

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("mainWindow/geometry", self.saveGeometry())
        s.setValue("mainWindow/splitter", self.splitter.saveState())
        self.apps.save_settings(s)
        self.cross_tenant.save_settings()
        tenant = self.tenant
        if tenant is not None:
            s.setValue("mainWindow/tenant", tenant.tenant_id)
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.save_settings()
        self.backup.cancel()
        self.watch.stop()
        if self.history_fill is not None:
            self.history_fill.cancel()
        # Wait for the workers: nothing may touch the database after the window (and then the store) closes.
        self.runner.shutdown(wait=True)
        super().closeEvent(event)

    # ============================================================================================== tenants

    @property
    def tenant(self) -> TenantInfo | None:
        return self.tenant_switcher.current()

    def load_tenants(self) -> None:
        """(Re)read the tenant list; keeps the current tenant, else the last one used, else the first."""
        before = self.tenant
        wanted = before.tenant_id if before is not None else str(self.settings.value("mainWindow/tenant", ""))
        self.tenant_switcher.set_tenants(self.context.store.list_tenants(), wanted)  # tenant_changed: a new one
        self.tenant_switcher.show_statuses(self.context.store, self.runner)
        tenant = self.tenant
        if tenant is None:
            self._show_no_tenants()
        elif before is not None and tenant.tenant_id == before.tenant_id:
            self.apps.refresh(tenant_changed=True)

    def switch_tenant(self, tenant_id: str) -> None:
        self.tenant_switcher.select(tenant_id)

    @Slot(object)
    def _tenant_chosen(self, tenant: TenantInfo | None) -> None:
        self._update_title(tenant)
        self.backup.refresh_enabled()
        self.account_actions.show_last_scheduled()
        if tenant is None:
            return
        self.panel.clear()
        self.panel.tenant_id = tenant.tenant_id
        self.settings.setValue("mainWindow/tenant", tenant.tenant_id)
        self.apps.show_tenant(tenant.tenant_id)

    def _update_title(self, tenant: TenantInfo | None) -> None:
        """The tenant shown, "(demo)" in the demo. Qt adds the application's name ("— Regvault") itself where the
        platform shows it in the title bar (it read "Regvault — demo — Regvault")."""
        title = tenant.display_name if tenant is not None else ""
        if self.context.demo:
            title = self.tr("{tenant} (demo)").format(tenant=title) if title else self.tr("(demo)")
        self.setWindowTitle(title)

    def _show_no_tenants(self) -> None:
        self.apps.show_no_tenant()
        self.backup.refresh_enabled()
        self.backup.clear_last_backup()

    # ======================================================================================= apps and panel

    @Slot(object)
    def _show_app_in_panel(self, app_pk: int | None) -> None:
        if app_pk is None:
            self.panel.clear()
        else:
            self.panel.show_app(app_pk)

    @Slot(str, int)
    def open_app(self, tenant_id: str, app_pk: int) -> None:
        """An app of any tenant (a search hit, a credential): its tenant becomes the current one, the app its row
        and the side panel's, and the window comes to the front."""
        self.raise_()
        self.activateWindow()
        if self.tenant is not None and self.tenant.tenant_id == tenant_id:
            self.apps.show_app(app_pk)
            return

        def loaded() -> None:
            self.apps.loaded.disconnect(loaded)
            self.apps.show_app(app_pk)

        self.apps.loaded.connect(loaded)
        self.switch_tenant(tenant_id)

    @Slot(int)
    def _checked_changed(self, checked: int) -> None:
        self.restore_selected_button.setEnabled(checked > 0)
        self.menus.restore_selected.setEnabled(checked > 0)

    @Slot(object)
    def _show_tenant_state(self, state: TenantState) -> None:
        self.backup.show_last_backup(state.last_backup, state.certificates_pending)

    @Slot()
    def switch_pane(self) -> None:
        """F6: between the apps table and the side panel."""
        focused = QApplication.focusWidget()
        if focused is not None and self.panel.isAncestorOf(focused):
            self.apps.focus_table()
        else:
            self.panel.focus_details()

    def refresh_after_restore(self) -> None:
        """After a restore or a backup: apps may have been recreated, undeleted or changed, and a snapshot taken.
        Everything cached is read again."""
        self.apps.reload()
        self.panel.forget_documents()
        self.panel.reload()

    # =============================================================================================== backup

    @Slot(str, str)
    def _backup_ended(self, tenant_id: str, outcome: str) -> None:
        if tenant_id == self.apps.query.tenant_id:
            if outcome == "complete":
                self.refresh_after_restore()  # the same re-reading as after a restore
            else:
                self.apps.refresh(tenant_changed=True)
        self.tenant_switcher.show_statuses(self.context.store, self.runner)

    @Slot(str)
    def _snapshot_written(self, tenant_id: str) -> None:
        if tenant_id == self.apps.query.tenant_id:
            self.refresh_after_restore()

    @Slot(object, bool, tuple)
    def _sign_in_then_back_up(self, tenant: TenantInfo, write: bool, permissions: tuple[str, ...]) -> None:
        def signed_in(_account: SignedInAccount) -> None:
            if self.tenant is not None and self.tenant.tenant_id == tenant.tenant_id:
                self.backup.start()

        self.account_actions.sign_in_to(tenant, write=write, permissions=permissions, then=signed_in)

    @Slot()
    def _history_days_arrived(self) -> None:
        self.apps.refresh(tenant_changed=True)
        # Each tenant's last backup moved on: the switcher's marks (a first day 59 days ago read as stale) too.
        self.tenant_switcher.show_statuses(self.context.store, self.runner)

    @Slot(str)
    def _history_filled(self, outcome: str) -> None:
        self.tenant_switcher.show_statuses(self.context.store, self.runner)
        if outcome == "complete":
            self.refresh_after_restore()  # every version there now: read everything again

    # ============================================================================================== restore

    def open_restore_wizard(self, app_pks: Sequence[int], snapshot_id: int | None, *,
                            only: Sequence[str] = ()) -> RestoreWizard | None:
        """The restore wizard on the current tenant.

        `app_pks`: primary keys of the apps to restore (Restore selected…: every checked app, also those hidden by
        the filter; Restore this version…: the one app). `snapshot_id`: the snapshot to preselect, or None for the
        tenant's newest. `only`: Restore selected values…, the document paths to restore.
        """
        pks = sorted(app_pks)
        self.restore_wizard_requested.emit(pks, snapshot_id)
        tenant = self.tenant
        if tenant is None or not pks:
            return None
        setup = restore_setup(self.context, self.runner, tenant, pks, snapshot_id, self.account_actions, only=only)
        wizard = open_restore_wizard(setup, self)
        wizard.restore_finished.connect(lambda _report: self.refresh_after_restore())
        self.restore_wizard = wizard
        return wizard

    @Slot()
    def _restore_selected(self) -> None:
        if self.apps.checked:
            self.open_restore_wizard(self.apps.checked, None)

    @Slot(str, list, object)
    def _finish_restore(self, tenant_id: str, app_pks: list[int], snapshot_id: int | None) -> None:
        self.switch_tenant(tenant_id)
        self.open_restore_wizard(app_pks, snapshot_id)

    @Slot()
    def open_restore_history(self) -> None:
        """Past restores of the current tenant (all tenants one tick away), from the audit trail."""
        open_restore_history(self.context.store, self.runner, self, self.tenant)

    @Slot()
    def show_about(self) -> None:
        """Help → About Regvault: the version, the folders, the database and the keyring in use."""
        self.about_dialog = show_about(self, self.context.about)

    # =============================================================================================== errors

    @Slot(object)
    def _unhandled_error(self, exc: object) -> None:
        if isinstance(exc, BaseException):
            self.error_dialog = show_error(self, self.tr("Something went wrong"), exc)
