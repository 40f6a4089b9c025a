"""The window's sign-in and tenant features, a component: the Tenants menu and toolbar button (Tenants…, Add
tenant…, Add customer tenants…, Schedule backups…; Settings… in the File menu), the last scheduled backup's result
for the status bar, the notice when no keyring works, and sign-ins asked for elsewhere (Sign in… on a backup that
needs one, Add tenant… in the restore wizard)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolBar,
    QWidget,
)

from desktop_app.auth.sign_in import SignedInAccount, graph_scopes
from desktop_app.domain.cancel import CancelToken
from desktop_app.services.tenants import DeviceCodeShow, load_preferences
from desktop_app.store import Store
from desktop_app.store.records import SnapshotInfo, TenantInfo
from desktop_app.ui.colors import DANGER, SUCCESS, WARNING, set_text_tone
from desktop_app.ui.context import WindowContext
from desktop_app.ui.main_toolbar import MainMenus
from desktop_app.ui.named import named, named_button, window_action
from desktop_app.ui.schedule_dialog import ScheduleDialog
from desktop_app.ui.settings_dialog import SettingsDialog
from desktop_app.ui.sign_in_dialog import SignInDialog, SignInWork
from desktop_app.ui.tasks import Executor, Operation, TaskContext, TaskRunner
from desktop_app.ui.tenants_dialog import AddTenantDialog, TenantsDialog
from desktop_app.ui.texts import format_datetime


def last_scheduled_backup(store: Store, tenant_id: str) -> SnapshotInfo | None:
    """The newest backup the scheduler ran for the tenant (complete or failed)."""
    for snapshot in store.snapshots(tenant_id, include_failed=True):
        if snapshot.trigger == "scheduled":
            return snapshot
    return None


CurrentTenant = Callable[[], TenantInfo | None]


class AccountActions(QObject):
    """Owns the dialogs it opens (one of each at a time); tells the window when its tenants changed."""

    scheduled_shown = Signal()  # the label shows the current tenant's last scheduled run
    tenants_changed = Signal()  # added, removed or renamed: the window reads its tenant list again
    status = Signal(str, int)  # (text, milliseconds): for the status bar

    def __init__(self, context: WindowContext, runner: TaskRunner, window: QMainWindow, current_tenant: CurrentTenant,
                 tenants: Callable[[], list[TenantInfo]], menus: MainMenus, toolbar: QToolBar) -> None:
        super().__init__(window)
        self.window = window
        self.context = context
        self.runner = runner
        self._current_tenant = current_tenant
        self._tenants = tenants
        self.tenants_dialog: TenantsDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.schedule_dialog: ScheduleDialog | None = None
        self.keyring_dialog: QMessageBox | None = None
        self.keyring_banner: QToolBar | None = None
        self.sign_in_dialog: SignInDialog | None = None
        self.add_target_dialog: AddTenantDialog | None = None
        self._build_menu(menus, toolbar)
        self.scheduled_label = named(QLabel(window), "lastScheduledLabel", self.tr("Last scheduled backup"))
        self.show_last_scheduled()
        if context.keyring_problem:
            self.show_keyring_notice(context.keyring_problem)

    def _build_menu(self, menus: MainMenus, toolbar: QToolBar) -> None:
        window = self.window
        self.tenants_action = window_action(self.tr("Tenants…"), window, "tenantsAction",
                                            triggered=self.open_tenants)
        self.add_tenant_action = window_action(self.tr("Add tenant…"), window, "addTenantAction",
                                               triggered=self.open_add_tenant)
        self.customers_action = window_action(self.tr("Add customer tenants…"), window, "addCustomersAction",
                                              triggered=self.open_customers)
        self.schedule_action = window_action(self.tr("Schedule backups…"), window, "scheduleAction",
                                             triggered=self.open_schedule)
        self.settings_action = window_action(self.tr("Settings…"), window, "settingsAction",
                                             triggered=self.open_settings)
        menu = QMenu(self.tr("&Tenants"), window.menuBar())
        menu.setObjectName("tenantsMenu")
        window.menuBar().insertMenu(menus.help.menuAction(), menu)  # File, Tenants, Help
        for action in (self.tenants_action, self.add_tenant_action, self.customers_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.schedule_action)
        # Settings… is the File menu's (where every app has it), before Quit.
        menus.file.insertAction(menus.file_settings_separator, self.settings_action)
        self.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        toolbar.addSeparator()
        toolbar.addAction(self.tenants_action)
        button = toolbar.widgetForAction(self.tenants_action)
        if button is not None:
            named(button, "tenantsToolButton", self.tr("Tenants"))

    # --- the last scheduled run -----------------------------------------------------------------------------

    @Slot()
    def show_last_scheduled(self) -> None:
        tenant = self._current_tenant()
        # The demo has no schedule: its history's daily backups stand for one, and a line about "the scheduled
        # backup" next to a Back up now the user just ran would claim a run that never was.
        self.scheduled_label.setVisible(not self.context.demo)
        if tenant is None or self.context.demo:
            self.scheduled_label.setText("")
            return
        store = self.context.store
        tenant_id = tenant.tenant_id

        def work(_task: TaskContext) -> SnapshotInfo | None:
            return last_scheduled_backup(store, tenant_id)

        Operation(self.runner, work, kind=Executor.DATABASE, owner=self, name="last scheduled backup") \
            .on_success(self._show_scheduled).on_failure(lambda _exc: self.scheduled_label.setText("")).run()

    def _show_scheduled(self, snapshot: SnapshotInfo | None) -> None:
        label = self.scheduled_label
        if snapshot is None:
            label.setText(self.tr("No scheduled backup yet"))
            label.setToolTip(self.tr("Tenants → Schedule backups… sets up a daily backup"))
            set_text_tone(label, None)
        else:
            when = format_datetime(snapshot.finished or snapshot.started)
            if snapshot.status == "complete":
                label.setText(self.tr("Scheduled backup {when}: complete, %Ln app(s)", "", snapshot.apps)
                              .format(when=when))
                set_text_tone(label, SUCCESS)
                label.setToolTip("")
            else:
                label.setText(self.tr("Scheduled backup {when}: failed").format(when=when))
                set_text_tone(label, DANGER)
                label.setToolTip(snapshot.error or "")
        self.scheduled_shown.emit()

    # --- dialogs ----------------------------------------------------------------------------------------------

    def _tenants_changed(self) -> None:
        self.tenants_changed.emit()
        self.show_last_scheduled()

    @Slot()
    def open_tenants(self) -> TenantsDialog:
        if self.tenants_dialog is None:
            self.tenants_dialog = TenantsDialog(self.context, self.runner, self.window)
            self.tenants_dialog.tenants_changed.connect(self._tenants_changed)
        else:
            self.tenants_dialog.reload()
        self.tenants_dialog.open()
        return self.tenants_dialog

    @Slot()
    def open_add_tenant(self) -> None:
        self.open_tenants().open_add_tenant()

    @Slot()
    def open_customers(self) -> None:
        dialog = self.open_tenants()
        if dialog.statuses:
            dialog.open_customers()
        else:  # the list is being read: open once it is there (the partner list comes from it)
            dialog.loaded.connect(self._customers_once)

    @Slot()
    def _customers_once(self) -> None:
        dialog = self.tenants_dialog
        if dialog is not None:
            dialog.loaded.disconnect(self._customers_once)
            dialog.open_customers()

    @Slot()
    def open_settings(self) -> SettingsDialog:
        self.settings_dialog = SettingsDialog(self.context, self.runner, self.window)
        self.settings_dialog.database_saved.connect(lambda note: self.status.emit(note, 15_000))
        self.settings_dialog.open()
        return self.settings_dialog

    @Slot()
    def open_schedule(self) -> ScheduleDialog:
        self.schedule_dialog = ScheduleDialog(self.context.data_dir, self._tenants(), self.runner,
                                              parent=self.window)
        self.schedule_dialog.finished_action.connect(lambda _a: self.show_last_scheduled())
        self.schedule_dialog.open()
        return self.schedule_dialog

    # --- sign-ins asked for elsewhere ---------------------------------------------------------------------------

    def _with_device_code_preference(self, then: Callable[[bool], None]) -> None:
        """Settings' "sign in with a code" preference, read on the database worker."""
        store = self.context.store
        Operation(self.runner, lambda _t: load_preferences(store).prefer_device_code, kind=Executor.DATABASE,
                  owner=self, name="sign-in preference") \
            .on_success(then).on_failure(lambda _exc: then(False)).run()

    def _start_sign_in(self, parent: QWidget, work: SignInWork, *, device_code: bool, what: str,
                       succeeded: Callable[..., None], failed: Callable[[BaseException], None]) -> SignInDialog:
        dialog = SignInDialog(self.runner, work, device_code=device_code, what=what, parent=parent)
        self.sign_in_dialog = dialog
        dialog.succeeded.connect(succeeded)
        dialog.failed.connect(failed)
        dialog.open()
        dialog.start()
        return dialog

    def sign_in_to(self, tenant: TenantInfo, *, write: bool = False, permissions: Sequence[str] = (),
                   then: Callable[[SignedInAccount], None] | None = None) -> None:
        """Sign in to a tenant Regvault has (Sign in… when a backup found nobody signed in, or to grant the
        `permissions` an operation needs, e.g. Directory.Read.All); `then(account)` after a sign-in that worked.
        A failed one says why in the sign-in dialog."""
        tenants = self.context.tenants
        tenant_id = tenant.tenant_id
        extra_scopes = graph_scopes(permissions)

        def work(show: DeviceCodeShow | None, cancel: CancelToken, handle: object | None) -> SignedInAccount:
            return tenants.sign_in(tenant_id, device_code=show, cancel=cancel, parent_window_handle=handle,
                                   write=write, extra_scopes=extra_scopes)

        def succeeded(account: SignedInAccount) -> None:
            self.status.emit(self.tr("Signed in to {name} as {user}.").format(
                name=tenant.display_name, user=account.username), 15000)
            if self.tenants_dialog is not None:
                self.tenants_dialog.reload()  # its Sign-in column
            if then is not None:
                then(account)

        def start(device_code: bool) -> None:
            # A failure is shown in the sign-in dialog itself (with Close).
            self._start_sign_in(self.window, work, device_code=device_code, what=tenant.display_name,
                                succeeded=succeeded, failed=lambda _exc: None)

        self._with_device_code_preference(start)

    def add_target_tenant(self, parent: QWidget, done: Callable[[TenantInfo | None], None]) -> None:
        """The restore wizard's Add tenant… (setup.AddTargetTenant): sign in to a tenant and add it as a restore
        target; `done(tenant)` once added, `done(None)` when the user cancels or the sign-in fails."""
        answered = False

        def finish(tenant: TenantInfo | None) -> None:
            nonlocal answered
            if answered or not shiboken6.isValid(parent):  # the wizard may be gone by now
                return
            answered = True
            done(tenant)

        def ask(device_code: bool) -> None:
            if not shiboken6.isValid(parent):
                return
            dialog = AddTenantDialog(device_code, parent)
            dialog.setWindowTitle(self.tr("Add a target tenant"))
            # Added to restore to: that is what the wizard asks for.
            dialog.restore_target_check.setChecked(True)
            dialog.restore_target_check.setEnabled(False)
            dialog.accepted.connect(lambda: self._add_target(parent, dialog.tenant_text(), dialog.device_code(),
                                                             finish))
            dialog.rejected.connect(lambda: finish(None))
            self.add_target_dialog = dialog
            dialog.open()

        self._with_device_code_preference(ask)

    def _add_target(self, parent: QWidget, text: str, device_code: bool,
                    finish: Callable[[TenantInfo | None], None]) -> None:
        tenants = self.context.tenants

        def work(show: DeviceCodeShow | None, cancel: CancelToken, handle: object | None) -> TenantInfo:
            return tenants.add_tenant(text, device_code=show, cancel=cancel, parent_window_handle=handle,
                                      restore_target=True)

        def succeeded(tenant: TenantInfo) -> None:
            self._tenants_changed()
            if self.tenants_dialog is not None:
                self.tenants_dialog.reload()
            finish(tenant)

        self._start_sign_in(parent, work, device_code=device_code, what=text, succeeded=succeeded,
                            failed=lambda _exc: finish(None))

    # --- no keyring ---------------------------------------------------------------------------------------------

    def show_keyring_notice(self, problem: str) -> None:
        """A dialog that says what is wrong and offers to go on for this session only (or quit), and a banner
        that stays while the session runs without saving sign-ins."""
        banner = QToolBar(self.tr("Keyring"), self.window)
        banner.setObjectName("keyringBanner")
        banner.setMovable(False)
        words = self.tr("No system keyring: sign-ins and app-only identities are not saved; this session "
                        "only.")
        text = named(QLabel(words, banner), "keyringBannerLabel", self.tr("Keyring warning"), problem)
        set_text_tone(text, WARNING, "padding: 4px;")
        banner.addWidget(text)
        banner.addWidget(named_button(QPushButton(self.tr("Details…"), banner), "keyringDetailsButton",
                                      self.tr("Why sign-ins are not saved"),
                                      clicked=lambda: self._keyring_dialog(problem)))
        self.window.addToolBarBreak(Qt.ToolBarArea.TopToolBarArea)
        self.window.addToolBar(Qt.ToolBarArea.TopToolBarArea, banner)
        self.keyring_banner = banner
        self._keyring_dialog(problem)

    def _keyring_dialog(self, problem: str) -> QMessageBox:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("No keyring"), self.tr("The system keyring is not "
                          "available."), QMessageBox.StandardButton.NoButton, self.window)
        named(box, "keyringDialog", self.tr("No keyring"))
        box.setInformativeText(problem)
        go_on = box.addButton(self.tr("Continue for this session only"), QMessageBox.ButtonRole.AcceptRole)
        named(go_on, "continueSessionOnlyButton", self.tr("Continue for this session only"))
        quit_button = box.addButton(self.tr("Quit Regvault"), QMessageBox.ButtonRole.RejectRole)
        named(quit_button, "quitButton", self.tr("Quit Regvault"))
        box.setDefaultButton(go_on)

        def clicked(button: QAbstractButton) -> None:
            if button is quit_button:
                self.window.close()
                app = QApplication.instance()
                if app is not None and not self.window.isVisible():
                    app.quit()

        box.buttonClicked.connect(clicked)
        self.keyring_dialog = box
        box.open()
        return box

