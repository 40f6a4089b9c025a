"""Tenants…: add (sign in), add a reseller's customer tenants, rename, remove (keeping or deleting the backups),
sign in again or out, refresh domains, and mark restore targets. Every service call runs on the task runner."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.auth.errors import InteractionReason, InteractionRequired
from desktop_app.auth.sign_in import PARTNER_SCOPES
from desktop_app.network.clouds import CLOUDS, Cloud, cloud_named
from desktop_app.services.tenants import (
    ConnectionKind,
    CustomerResult,
    CustomerTenant,
    TenantStatus,
    load_preferences,
)
from desktop_app.store.records import TenantInfo
from desktop_app.ui.context import WindowContext
from desktop_app.ui.errors import describe_error
from desktop_app.ui.named import close_box, named, named_button
from desktop_app.ui.screen_fit import fit_to_screen
from desktop_app.ui.sign_in_dialog import SignInDialog, SignInWork
from desktop_app.ui.tasks import Executor, Operation, TaskContext, TaskRunner
from desktop_app.ui.texts import QT_TRANSLATE_NOOP

# The clouds' titles (network/clouds.py) marked for translation: the dialog shows them through its own tr.
CLOUD_TITLES = {
    "global": QT_TRANSLATE_NOOP("AddTenantDialog", "Global (commercial, GCC)"),
    "usgov": QT_TRANSLATE_NOOP("AddTenantDialog", "US Government (GCC High)"),
    "usgovdod": QT_TRANSLATE_NOOP("AddTenantDialog", "US Government DoD"),
    "china": QT_TRANSLATE_NOOP("AddTenantDialog", "China (operated by 21Vianet)"),
}


class TenantColumn:
    NAME, TENANT_ID, DOMAIN, CONNECTION, TARGET = range(5)


class TenantsDialog(QDialog):
    """The list of tenants and what can be done with them. `tenants_changed` tells the window to reload."""

    tenants_changed = Signal()
    loaded = Signal()  # the list was (re)read: tests wait on it
    busy_finished = Signal(str)  # an action ended: its status text

    def __init__(self, context: WindowContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.runner = runner
        self.statuses: list[TenantStatus] = []
        self.sign_in_dialog: SignInDialog | None = None
        self.remove_box: QMessageBox | None = None
        self.customers_dialog: CustomersDialog | None = None
        self.add_dialog: AddTenantDialog | None = None
        self._prefer_device_code = False
        named(self, "tenantsDialog", self.tr("Tenants"))
        self.setWindowTitle(self.tr("Tenants"))
        fit_to_screen(self, QSize(900, 460))

        layout = QVBoxLayout(self)
        self.table = named(QTableWidget(0, 5, self), "tenantsTable", self.tr("Tenants"))
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Tenant ID"), self.tr("Default domain"),
                                              self.tr("Sign-in"), self.tr("Restore target")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(TenantColumn.NAME, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._item_changed)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        layout.addWidget(self.table, 1)

        rename_row = QHBoxLayout()
        self.rename_edit = named(QLineEdit(self), "renameEdit", self.tr("New name of the tenant"))
        self.rename_edit.setPlaceholderText(self.tr("Name shown in Regvault"))
        self.rename_button = named_button(QPushButton(self.tr("Rename"), self), "renameButton",
                                          self.tr("Rename the tenant"), clicked=self.rename_selected)
        self.rename_edit.returnPressed.connect(self.rename_selected)
        rename_row.addWidget(self.rename_edit, 1)
        rename_row.addWidget(self.rename_button)
        layout.addLayout(rename_row)

        buttons = QHBoxLayout()
        made = []
        for name, text, says, slot in (
            ("addTenantButton", self.tr("Add tenant…"), self.tr("Add a tenant by signing in"), self.open_add_tenant),
            ("addCustomersButton", self.tr("Add customer tenants…"), self.tr("Add customer tenants (resellers)"),
             self.open_customers),
            ("signInAgainButton", self.tr("Sign in again"), self.tr("Sign in to the selected tenant again"),
             self.sign_in_selected),
            ("signOutButton", self.tr("Sign out"), self.tr("Sign out of the selected tenant"), self.sign_out_selected),
            ("refreshDomainsButton", self.tr("Refresh domains"),
             self.tr("Read the selected tenant's name and domains again"), self.refresh_selected),
            ("removeTenantButton", self.tr("Remove…"), self.tr("Remove the selected tenant"), self.remove_selected),
        ):
            made.append(named_button(QPushButton(text, self), name, says, clicked=slot))
            buttons.addWidget(made[-1])
        (self.add_button, self.customers_button, self.sign_in_button, self.sign_out_button, self.refresh_button,
         self.remove_button) = made
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self.status_label = named(QLabel(self), "tenantsStatus", self.tr("Status"))
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        close = close_box(self, "closeTenantsButton", self.tr("Close"))
        close.setObjectName("tenantsCloseButtons")
        layout.addWidget(close)
        self._selection_changed()
        self.reload()

    # --- reading ----------------------------------------------------------------------------------------------

    def reload(self) -> None:
        tenants = self.context.tenants
        store = self.context.store
        Operation(self.runner, lambda _t: (tenants.statuses(), load_preferences(store).prefer_device_code),
                  kind=Executor.DATABASE, owner=self, name="list tenants") \
            .on_success(self._show).on_failure(self._failed).run()

    def _show(self, loaded: tuple[list[TenantStatus], bool]) -> None:
        statuses, self._prefer_device_code = loaded
        selected = self.selected_tenant()
        self.statuses = statuses
        self.table.blockSignals(True)
        self.table.setRowCount(len(statuses))
        for row, status in enumerate(statuses):
            tenant = status.tenant
            values = [tenant.display_name, tenant.tenant_id, tenant.default_domain, self.connection_text(status)]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, tenant.tenant_id)
                self.table.setItem(row, column, item)
            target = QTableWidgetItem()
            target.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            target.setCheckState(Qt.CheckState.Checked if tenant.is_restore_target else Qt.CheckState.Unchecked)
            target.setData(Qt.ItemDataRole.UserRole, tenant.tenant_id)
            target.setToolTip(self.tr("Offer this tenant as a target when restoring to another tenant"))
            self.table.setItem(row, TenantColumn.TARGET, target)
        self.table.blockSignals(False)
        for column in (TenantColumn.TENANT_ID, TenantColumn.DOMAIN, TenantColumn.CONNECTION, TenantColumn.TARGET):
            self.table.resizeColumnToContents(column)
        if selected is not None:
            self.select_tenant(selected.tenant_id)
        self._selection_changed()
        self.loaded.emit()

    def connection_text(self, status: TenantStatus) -> str:
        if status.connection is ConnectionKind.EMULATOR:
            return self.tr("Emulator")
        if status.connection is ConnectionKind.APP_ONLY:
            return self.tr("App-only ({client})").format(client=status.account)
        if status.connection is ConnectionKind.SIGNED_IN:
            return self.tr("Signed in as {user}").format(user=status.account)
        return self.tr("Not signed in")

    def selected_tenant(self) -> TenantInfo | None:
        rows = {i.row() for i in self.table.selectedIndexes()}
        if len(rows) != 1:
            return None
        row = rows.pop()
        return self.statuses[row].tenant if row < len(self.statuses) else None

    def select_tenant(self, tenant_id: str) -> None:
        for row, status in enumerate(self.statuses):
            if status.tenant.tenant_id == tenant_id:
                self.table.selectRow(row)
                return

    @Slot()
    def _selection_changed(self) -> None:
        tenant = self.selected_tenant()
        real = tenant is not None and tenant.kind != "emulator"
        for button in (self.rename_button, self.refresh_button, self.remove_button):
            button.setEnabled(tenant is not None)
        self.sign_in_button.setEnabled(real)
        self.sign_out_button.setEnabled(real)
        self.rename_edit.setEnabled(tenant is not None)
        if tenant is not None:
            self.rename_edit.setText(tenant.display_name)

    # --- actions ------------------------------------------------------------------------------------------------

    def _run(self, work: Callable[[TaskContext], Any], done: Callable[[Any], str], *, kind: Executor = Executor.DATABASE,
             name: str) -> None:
        def succeeded(value: Any) -> None:
            text = done(value)
            self.status_label.setText(text)
            self.tenants_changed.emit()
            self.reload()
            self.busy_finished.emit(text)

        Operation(self.runner, work, kind=kind, owner=self, name=name).on_success(succeeded) \
            .on_failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        text = describe_error(exc)
        self.status_label.setText(text.summary)
        self.busy_finished.emit(text.summary)

    @Slot(QTableWidgetItem)
    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != TenantColumn.TARGET:
            return
        tenant_id = str(item.data(Qt.ItemDataRole.UserRole))
        on = item.checkState() == Qt.CheckState.Checked
        tenants = self.context.tenants
        self._run(lambda _t: tenants.set_restore_target(tenant_id, on),
                  lambda t: (self.tr("{name} is now a restore target.") if t.is_restore_target
                             else self.tr("{name} is no longer a restore target.")).format(name=t.display_name),
                  name="restore target")

    @Slot()
    def rename_selected(self) -> None:
        tenant = self.selected_tenant()
        name = self.rename_edit.text().strip()
        if tenant is None or not name or name == tenant.display_name:
            return
        tenants = self.context.tenants
        self._run(lambda _t: tenants.rename(tenant.tenant_id, name),
                  lambda t: self.tr("Renamed to {name}.").format(name=t.display_name), name="rename tenant")

    @Slot()
    def refresh_selected(self) -> None:
        tenant = self.selected_tenant()
        if tenant is None:
            return
        tenants = self.context.tenants
        self._run(lambda _t: tenants.refresh(tenant.tenant_id),
                  lambda t: self.tr("{name}: {domains}.").format(name=t.display_name, domains=", ".join(t.domains)),
                  kind=Executor.GRAPH, name="refresh tenant")

    @Slot()
    def sign_out_selected(self) -> None:
        tenant = self.selected_tenant()
        if tenant is None:
            return
        tenants = self.context.tenants
        self._run(lambda _t: tenants.sign_out(tenant.tenant_id),
                  lambda _removed: self.tr("Signed out of {name}.").format(name=tenant.display_name),
                  name="sign out")

    @Slot()
    def sign_in_selected(self) -> None:
        tenant = self.selected_tenant()
        if tenant is None:
            return
        tenants = self.context.tenants
        self.start_sign_in(
            lambda show, cancel, handle: tenants.sign_in(tenant.tenant_id, device_code=show, cancel=cancel,
                                                         parent_window_handle=handle),
            what=tenant.display_name,
            done=lambda account: self.tr("Signed in to {name} as {user}.").format(name=tenant.display_name,
                                                                                  user=account.username))

    def prefers_device_code(self) -> bool:
        return self._prefer_device_code

    def start_sign_in(self, work: SignInWork, *, what: str, done: Callable[[Any], str],
                      device_code: bool | None = None) -> SignInDialog:
        use_code = self.prefers_device_code() if device_code is None else device_code
        dialog = SignInDialog(self.runner, work, device_code=use_code, what=what, parent=self)
        self.sign_in_dialog = dialog

        def succeeded(value: Any) -> None:
            text = done(value)
            self.status_label.setText(text)
            self.tenants_changed.emit()
            self.reload()
            self.busy_finished.emit(text)

        dialog.succeeded.connect(succeeded)
        dialog.failed.connect(self._failed)
        dialog.open()
        dialog.start()
        return dialog

    @Slot()
    def open_add_tenant(self) -> AddTenantDialog:
        dialog = AddTenantDialog(self.prefers_device_code(), self)
        self.add_dialog = dialog
        dialog.accepted.connect(lambda: self.add_tenant(dialog.tenant_text(), device_code=dialog.device_code(),
                                                        restore_target=dialog.restore_target(), cloud=dialog.cloud()))
        dialog.open()
        return dialog

    def add_tenant(self, text: str, *, device_code: bool, restore_target: bool = False,
                   cloud: Cloud | None = None) -> SignInDialog:
        tenants = self.context.tenants
        return self.start_sign_in(
            lambda show, cancel, handle: tenants.add_tenant(text, device_code=show, cancel=cancel,
                                                            parent_window_handle=handle, restore_target=restore_target,
                                                            cloud=cloud),
            what=text, device_code=device_code,
            done=lambda t: self.tr("Added {name} ({domain}).").format(name=t.display_name, domain=t.default_domain))

    @Slot()
    def open_customers(self) -> CustomersDialog:
        dialog = CustomersDialog(self, self)
        self.customers_dialog = dialog
        dialog.customers_added.connect(self._customers_added)
        dialog.open()
        return dialog

    @Slot()
    def _customers_added(self) -> None:
        self.tenants_changed.emit()
        self.reload()

    @Slot()
    def remove_selected(self) -> QMessageBox | None:
        tenant = self.selected_tenant()
        if tenant is None:
            return None
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Remove tenant"),
                          self.tr("Remove {name} from Regvault?").format(name=tenant.display_name),
                          QMessageBox.StandardButton.NoButton, self)
        named(box, "removeTenantDialog", self.tr("Remove tenant"))
        box.setInformativeText(self.tr(
            "Regvault signs out of the tenant and forgets its app-only identity. Its backups can stay (you can "
            "still restore from them after adding the tenant again) or be deleted for good."))
        keep = named(box.addButton(self.tr("Remove, keep backups"), QMessageBox.ButtonRole.AcceptRole),
                     "keepBackupsButton", self.tr("Remove the tenant and keep its backups"))
        delete = named(box.addButton(self.tr("Remove and delete backups"), QMessageBox.ButtonRole.DestructiveRole),
                       "deleteBackupsButton", self.tr("Remove the tenant and delete its backups"))
        cancel = named(box.addButton(QMessageBox.StandardButton.Cancel), "cancelRemoveButton", self.tr("Cancel"))
        box.setDefaultButton(cancel)
        tenants = self.context.tenants

        def clicked(button: Any) -> None:
            if button is cancel:
                return
            delete_backups = button is delete
            self._run(lambda _t: tenants.remove(tenant.tenant_id, delete_backups=delete_backups),
                      lambda t: (self.tr("Removed {name}; its backups were deleted.") if delete_backups
                                 else self.tr("Removed {name}; its backups are kept.")).format(name=t.display_name),
                      name="remove tenant")

        box.buttonClicked.connect(clicked)
        self.remove_box = box
        box.open()
        del keep
        return box


class AddTenantDialog(QDialog):
    def __init__(self, device_code: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "addTenantDialog", self.tr("Add tenant"))
        self.setWindowTitle(self.tr("Add tenant"))
        form = QFormLayout(self)
        self.tenant_edit = named(QLineEdit(self), "tenantIdOrDomainEdit", self.tr("Tenant ID or domain"))
        self.tenant_edit.setPlaceholderText(self.tr("contoso.com or 00000000-0000-0000-0000-000000000000"))
        form.addRow(self.tr("Tenant ID or domain:"), self.tenant_edit)
        self.cloud_combo = named(QComboBox(self), "cloudCombo", self.tr("Microsoft cloud"))
        self.cloud_combo.addItem(self.tr("Automatic (as the tenant's sign-in says)"), "")
        for cloud in CLOUDS.values():
            self.cloud_combo.addItem(self.tr(CLOUD_TITLES.get(cloud.name, cloud.title)), cloud.name)
        self.cloud_combo.setToolTip(self.tr("US Government and China tenants sign in and are read at their own "
                                            "cloud's addresses."))
        form.addRow(self.tr("Microsoft cloud:"), self.cloud_combo)
        self.device_code_check = named(QCheckBox(self.tr("Sign in with a code on another device"), self),
                                       "deviceCodeCheck", self.tr("Sign in with a code on another device"))
        self.device_code_check.setChecked(device_code)
        self.device_code_check.setToolTip(self.tr("For remote desktops and machines without a browser. "
                                                  "Conditional Access may block it."))
        form.addRow(self.device_code_check)
        self.restore_target_check = named(QCheckBox(self.tr("Offer as a restore target"), self),
                                          "restoreTargetCheck", self.tr("Offer as a restore target"))
        form.addRow(self.restore_target_check)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = named(self.buttons.button(QDialogButtonBox.StandardButton.Ok), "signInButton",
                               self.tr("Sign in"))
        self.ok_button.setText(self.tr("Sign in"))
        named(self.buttons.button(QDialogButtonBox.StandardButton.Cancel), "cancelAddTenantButton", self.tr("Cancel"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)
        self.tenant_edit.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))
        self.ok_button.setEnabled(False)

    def tenant_text(self) -> str:
        return self.tenant_edit.text().strip()

    def device_code(self) -> bool:
        return self.device_code_check.isChecked()

    def restore_target(self) -> bool:
        return self.restore_target_check.isChecked()

    def cloud(self) -> Cloud | None:
        """The cloud chosen, or None for automatic."""
        name = str(self.cloud_combo.currentData() or "")
        return cloud_named(name) if name else None


class CustomersDialog(QDialog):
    """A reseller's GDAP customers with check boxes, plus a field for tenant IDs or domains."""

    customers_added = Signal()
    loaded = Signal()
    finished_adding = Signal(list)

    def __init__(self, owner: TenantsDialog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.owner = owner
        self.context = owner.context
        self.runner = owner.runner
        self.customers: list[CustomerTenant] = []
        named(self, "customersDialog", self.tr("Add customer tenants"))
        self.setWindowTitle(self.tr("Add customer tenants"))
        fit_to_screen(self, QSize(620, 480))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.partner_combo = named(QComboBox(self), "partnerCombo", self.tr("Partner tenant"))
        for status in owner.statuses:  # read by the tenants dialog already: no database call here
            tenant = status.tenant
            if status.partner_tenant_id is None:
                self.partner_combo.addItem(f"{tenant.display_name} — {tenant.default_domain}", tenant.tenant_id)
        self.partner_combo.currentIndexChanged.connect(self.load_customers)
        form.addRow(self.tr("Partner tenant:"), self.partner_combo)
        layout.addLayout(form)
        self.hint_label = named(QLabel(self), "customersHint", self.tr("Customers"))
        self.hint_label.setWordWrap(True)
        layout.addWidget(self.hint_label)
        self.consent_button = named(QPushButton(self.tr("Sign in to list your customers…"), self), "consentButton",
                                    self.tr("Sign in to the partner tenant to list your customers"))
        self.consent_button.setVisible(False)
        self.consent_button.clicked.connect(self.consent)
        layout.addWidget(self.consent_button)
        self.select_all_check = named(QCheckBox(self.tr("&Select all"), self), "selectAllCustomersCheck",
                                      self.tr("Select every customer not added yet"))
        self.select_all_check.setTristate(False)
        self.select_all_check.clicked.connect(self._select_all_clicked)
        layout.addWidget(self.select_all_check)
        self.list = named(QListWidget(self), "customersList", self.tr("GDAP customers"))
        self.list.itemChanged.connect(self._show_select_all)
        layout.addWidget(self.list, 1)
        self.ids_edit = named(QLineEdit(self), "customerIdsEdit", self.tr("Tenant IDs or domains"))
        self.ids_edit.setPlaceholderText(self.tr("Or type tenant IDs or domains, separated by commas or spaces"))
        layout.addWidget(self.ids_edit)
        self.result_label = named(QLabel(self), "customersResult", self.tr("Result"))
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result_label)
        buttons = close_box(self, "closeCustomersButton", self.tr("Close"))
        self.add_button = named_button(
            buttons.addButton(self.tr("Add selected"), QDialogButtonBox.ButtonRole.ActionRole),
            "addSelectedCustomersButton", self.tr("Add the selected customer tenants"), clicked=self.add_selected)
        layout.addWidget(buttons)
        if self.partner_combo.count():
            self.load_customers()
        else:
            self.hint_label.setText(self.tr("Add your partner tenant first (Add tenant…), then its customers."))
            self.add_button.setEnabled(False)

    def partner_id(self) -> str | None:
        value = self.partner_combo.currentData()
        return str(value) if value else None

    @Slot()
    def load_customers(self) -> None:
        partner = self.partner_id()
        if partner is None:
            return
        self.hint_label.setText(self.tr("Reading your GDAP customers…"))
        self.consent_button.setVisible(False)
        tenants = self.context.tenants
        Operation(self.runner, lambda _t: tenants.list_customers(partner), kind=Executor.GRAPH, owner=self,
                  name="list GDAP customers").on_success(self._show).on_failure(self._load_failed).run()

    def _show(self, customers: list[CustomerTenant]) -> None:
        self.customers = customers
        self.list.clear()
        for customer in customers:
            item = QListWidgetItem(f"{customer.display_name}  ({customer.tenant_id})")
            item.setData(Qt.ItemDataRole.UserRole, customer.tenant_id)
            if customer.added:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                item.setToolTip(self.tr("Added already"))
                item.setText(item.text() + "  " + self.tr("— added"))
            else:
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        count = self.tr("%Ln GDAP customer(s)", "", len(customers))
        self.hint_label.setText(self.tr("{count}. Check the ones to add, or type tenant IDs or domains below.")
                                .format(count=count) if customers else
                                self.tr("No GDAP customers found: type tenant IDs or domains below."))
        self._show_select_all()
        self.loaded.emit()

    def _load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, InteractionRequired) and exc.reason in (InteractionReason.CONSENT_REQUIRED,
                                                                    InteractionReason.NOT_SIGNED_IN,
                                                                    InteractionReason.SIGN_IN_EXPIRED):
            self.hint_label.setText(self.tr(
                "Listing your GDAP customers needs the permission DelegatedAdminRelationship.Read.All on your "
                "partner tenant. Sign in to grant it, or type customer tenant IDs or domains below."))
            self.consent_button.setVisible(True)
        else:
            self.hint_label.setText(self.tr("Could not list your GDAP customers: {error} You can still type "
                                            "tenant IDs or domains below.").format(error=describe_error(exc).summary))
        self.loaded.emit()

    @Slot()
    def consent(self) -> SignInDialog | None:
        partner = self.partner_id()
        if partner is None:
            return None
        tenants = self.context.tenants
        dialog = self.owner.start_sign_in(
            lambda show, cancel, handle: tenants.sign_in(partner, device_code=show, cancel=cancel,
                                                         parent_window_handle=handle, extra_scopes=PARTNER_SCOPES),
            what=self.partner_combo.currentText(), done=lambda _a: self.tr("Signed in."))
        dialog.succeeded.connect(lambda _a: self.load_customers())
        return dialog

    def _checkable(self) -> list[QListWidgetItem]:
        items = (self.list.item(row) for row in range(self.list.count()))
        return [item for item in items if item.flags() & Qt.ItemFlag.ItemIsUserCheckable]

    @Slot()
    def _show_select_all(self) -> None:
        items = self._checkable()
        checked = sum(item.checkState() == Qt.CheckState.Checked for item in items)
        self.select_all_check.setEnabled(bool(items))
        self.select_all_check.setCheckState(Qt.CheckState.Checked if items and checked == len(items) else
                                            Qt.CheckState.PartiallyChecked if checked else Qt.CheckState.Unchecked)

    @Slot()
    def _select_all_clicked(self) -> None:
        items = self._checkable()
        state = Qt.CheckState.Unchecked if items and all(
            item.checkState() == Qt.CheckState.Checked for item in items) else Qt.CheckState.Checked
        self.list.blockSignals(True)
        for item in items:
            item.setCheckState(state)
        self.list.blockSignals(False)
        self._show_select_all()

    def checked_ids(self) -> list[str]:
        found = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable and item.checkState() == Qt.CheckState.Checked:
                found.append(str(item.data(Qt.ItemDataRole.UserRole)))
        typed = [part for part in re.split(r"[\s,;]+", self.ids_edit.text()) if part]
        return list(dict.fromkeys(found + typed))

    @Slot()
    def add_selected(self) -> None:
        partner = self.partner_id()
        wanted = self.checked_ids()
        if partner is None or not wanted:
            self.result_label.setText(self.tr("Check customers or type tenant IDs or domains first."))
            return
        self.add_button.setEnabled(False)
        self.result_label.setText(self.tr("Adding %Ln tenant(s)…", "", len(wanted)))
        tenants = self.context.tenants
        Operation(self.runner, lambda _t: tenants.add_customers(partner, wanted), kind=Executor.GRAPH, owner=self,
                  name="add customer tenants").on_success(self._added).on_failure(self._add_failed).run()

    def _added(self, results: list[CustomerResult]) -> None:
        self.add_button.setEnabled(True)
        # A summary, not a line per tenant: adding 50 customers made the dialog 900 px tall.
        added = [r.tenant.display_name for r in results if r.tenant is not None]
        failed = [r for r in results if r.tenant is None]
        lines = []
        if added:
            names = ", ".join(added[:3]) + (self.tr(" and {n} more").format(n=len(added) - 3) if len(added) > 3
                                            else "")
            lines.append(self.tr("Added {name}.").format(name=names) if len(added) == 1 else
                         self.tr("Added {n} tenants: {names}.").format(n=len(added), names=names))
        for r in failed[:3]:
            lines.append(self.tr("Could not add {what}: {error}").format(what=r.requested, error=r.error))
        if len(failed) > 3:
            lines.append(self.tr("…and {n} more could not be added.").format(n=len(failed) - 3))
        self.result_label.setText("\n".join(lines))
        self.ids_edit.clear()
        if any(r.tenant is not None for r in results):
            self.customers_added.emit()
            self.load_customers()
        self.finished_adding.emit(results)

    def _add_failed(self, exc: BaseException) -> None:
        self.add_button.setEnabled(True)
        self.result_label.setText(describe_error(exc).summary)
        self.finished_adding.emit([])
