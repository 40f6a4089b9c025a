"""Options page: with object / as new (a name) / to another tenant (a target tenant and one of its domains)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop_app.domain.restore_plan import MAX_DISPLAY_NAME_LENGTH, RestoreMode, validate_new_name
from desktop_app.store.records import TenantInfo
from desktop_app.ui.colors import set_text_tone
from desktop_app.ui.errors import describe_error
from desktop_app.ui.named import named, named_button
from desktop_app.ui.restore.setup import RestoreChoice, RestoreSetup, WizardState
from desktop_app.ui.restore.words import AMBER, GREY, RED, name_problem_text
from desktop_app.ui.tasks import Executor, Operation, TaskContext
from desktop_app.ui.texts import format_count


def _note(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setContentsMargins(24, 0, 0, 0)
    set_text_tone(label, GREY)
    return label


class OptionsPage(QWizardPage):
    def __init__(self, setup: RestoreSetup, state: WizardState) -> None:
        super().__init__()
        self._setup = setup
        self._state = state
        self.setObjectName("optionsPage")
        self.setTitle(self.tr("How to restore"))
        self.setSubTitle(self.tr("Nothing is written yet: the next page shows what would happen."))
        self._targets: list[TenantInfo] = []

        self.with_object_radio = named(
            QRadioButton(self.tr("&With object: keep the name and client ID"), self), "withObjectRadio",
            self.tr("Restore with object"))
        self.with_object_radio.setChecked(True)
        with_object_note = _note(self, "withObjectNote")
        with_object_note.setText(self.tr(
            "An app that still exists is overwritten where it differs from the snapshot (one already as at the "
            "snapshot is left alone); one in the recycle bin is undeleted first (it keeps its client ID); one "
            "deleted permanently is recreated (Graph gives it a new client ID)."))

        self.as_new_radio = named(
            QRadioButton(self.tr("As n&ew: a new app with a new name and client ID"), self), "asNewRadio",
            self.tr("Restore as a new app"))
        self.new_name_edit = named(QLineEdit(self), "newNameEdit", self.tr("Name of the new app"))
        self.new_name_edit.setPlaceholderText(self.tr("Name of the new app (required)"))
        self.new_name_edit.setMaxLength(MAX_DISPLAY_NAME_LENGTH + 20)  # past the limit: say why, don't truncate
        self.new_name_edit.textChanged.connect(self._changed)
        self.as_new_note = _note(self, "asNewNote")
        # Consent is a powerful write: a copy gets it only when asked (the settings it always gets).
        self.copy_access_check = QCheckBox(self.tr(
            "Also copy the admin &consent, application permissions and user/group assignments"), self)
        named(self.copy_access_check, "copyAccessCheck",
              self.tr("Copy consent and assignments to the new app"))
        self.copy_access_check.setToolTip(self.tr(
            "The new app's enterprise application gets the original's settings. Tick this to also grant it the "
            "same admin consent and permissions, and assign it the same users and groups."))

        self.modes = QButtonGroup(self)
        self.modes.addButton(self.with_object_radio)
        self.modes.addButton(self.as_new_radio)
        self.modes.buttonToggled.connect(self._changed)

        self.another_tenant_check = named_button(QCheckBox(self.tr("To &another tenant"), self),
                                                 "anotherTenantCheck", self.tr("Restore to another tenant"),
                                                 toggled=self._changed)
        self.target_tenant_combo = named(QComboBox(self), "targetTenantCombo", self.tr("Target tenant"))
        self.target_tenant_combo.setMinimumWidth(320)
        self.target_tenant_combo.currentIndexChanged.connect(self._target_chosen)
        self.add_target_button = named_button(QPushButton(self.tr("Add a target tenant…"), self),
                                              "addTargetTenantButton", self.tr("Add a target tenant"),
                                              clicked=self.add_target_tenant)
        self.target_domain_combo = named(QComboBox(self), "targetDomainCombo",
                                         self.tr("Verified domain of the target tenant"))
        self.target_domain_combo.setToolTip(self.tr("Identifier URIs on the source's domains are rewritten to "
                                                    "this domain"))
        self.target_domain_combo.currentIndexChanged.connect(self._changed)
        self.target_note = _note(self, "targetNote")

        self.registerField("withObject", self.with_object_radio)
        self.registerField("asNew", self.as_new_radio)
        # Not registered as mandatory ("newName*"): the name is required only when "As new" is chosen, which
        # isComplete() checks (with validate_new_name, which also knows the length limit).
        self.registerField("newName", self.new_name_edit)
        self.registerField("anotherTenant", self.another_tenant_check)

        name_row = QHBoxLayout()
        name_row.setContentsMargins(24, 0, 0, 0)
        name_row.addWidget(self.new_name_edit)
        access_row = QHBoxLayout()
        access_row.setContentsMargins(24, 0, 0, 0)
        access_row.addWidget(self.copy_access_check)
        self.target_form = QWidget(self)
        form = QFormLayout(self.target_form)
        form.setContentsMargins(24, 0, 0, 0)
        form.addRow(self.tr("Target tenant:"), self.target_tenant_combo)
        form.addRow(self.tr("Verified domain:"), self.target_domain_combo)

        layout = QVBoxLayout(self)
        layout.addWidget(self.with_object_radio)
        layout.addWidget(with_object_note)
        layout.addSpacing(10)
        layout.addWidget(self.as_new_radio)
        layout.addLayout(name_row)
        layout.addLayout(access_row)
        layout.addWidget(self.as_new_note)
        layout.addSpacing(10)
        # Reachable with the box unticked: adding the first target is how one gets to tick it.
        other_row = QHBoxLayout()
        other_row.addWidget(self.another_tenant_check)
        other_row.addStretch(1)
        other_row.addWidget(self.add_target_button)
        layout.addLayout(other_row)
        layout.addWidget(self.target_form)
        layout.addWidget(self.target_note)
        layout.addStretch(1)

    # ----------------------------------------------------------------------------------------------- state

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        data = self._state.data
        apps = len(data.apps) if data is not None else len(self._setup.app_pks)
        several = apps > 1
        self.as_new_radio.setEnabled(not several)
        if several:
            if self.as_new_radio.isChecked():
                self.with_object_radio.setChecked(True)
            self.as_new_note.setText(self.tr(
                "As new restores exactly one app; {n} apps are selected. Select one app to restore it as "
                "new.").format(n=format_count(apps)))
        elif not self.new_name_edit.text() and data is not None and data.apps:
            self.new_name_edit.setText(self.tr("{name} (restored)").format(name=data.apps[0].display_name))
        if data is not None and not self._targets:
            self.set_targets(list(data.tenants))
        if self._setup.only:
            # Selected values go back into the app itself: the other modes make a new app.
            self.with_object_radio.setChecked(True)
            self.another_tenant_check.setChecked(False)
            self.another_tenant_check.setEnabled(False)
            self.add_target_button.setEnabled(False)
        self._changed()

    def set_targets(self, tenants: list[TenantInfo], select: str | None = None) -> None:
        """Every other tenant; those marked as restore targets first."""
        source = self._setup.source_tenant.tenant_id
        others = [t for t in tenants if t.tenant_id != source and not t.archived]
        others.sort(key=lambda t: (not t.is_restore_target, t.display_name.casefold()))
        self._targets = others
        current = select or self.target_tenant_combo.currentData()
        self.target_tenant_combo.blockSignals(True)
        self.target_tenant_combo.clear()
        for tenant in others:
            label = tenant.display_name + (f"  —  {tenant.default_domain}" if tenant.default_domain else "")
            self.target_tenant_combo.addItem(label, tenant.tenant_id)
            self.target_tenant_combo.setItemData(self.target_tenant_combo.count() - 1, tenant.tenant_id,
                                                 Qt.ItemDataRole.ToolTipRole)
        index = self.target_tenant_combo.findData(current) if current else -1
        self.target_tenant_combo.setCurrentIndex(index if index >= 0 else (0 if others else -1))
        self.target_tenant_combo.blockSignals(False)
        self._target_chosen()

    @property
    def mode(self) -> RestoreMode:
        if self.another_tenant_check.isChecked():
            return RestoreMode.OTHER_TENANT
        if self.as_new_radio.isChecked() and self.as_new_radio.isEnabled():
            return RestoreMode.AS_NEW
        return RestoreMode.WITH_OBJECT

    @property
    def new_name(self) -> str | None:
        return self.new_name_edit.text().strip() if self.mode is RestoreMode.AS_NEW else None

    @property
    def copy_access(self) -> bool:
        return self.mode is RestoreMode.AS_NEW and self.copy_access_check.isChecked()

    @property
    def target_tenant(self) -> TenantInfo | None:
        if self.mode is not RestoreMode.OTHER_TENANT:
            return None
        index = self.target_tenant_combo.currentIndex()
        return self._targets[index] if 0 <= index < len(self._targets) else None

    @property
    def target_domain(self) -> str | None:
        if self.target_tenant is None or self.target_domain_combo.currentIndex() < 0:
            return None
        return str(self.target_domain_combo.currentText())

    @Slot()
    def _target_chosen(self) -> None:
        index = self.target_tenant_combo.currentIndex()
        tenant = self._targets[index] if 0 <= index < len(self._targets) else None
        self.target_domain_combo.blockSignals(True)
        self.target_domain_combo.clear()
        if tenant is not None:
            for domain in tenant.domains:
                self.target_domain_combo.addItem(domain)
            default = self.target_domain_combo.findText(tenant.default_domain)
            self.target_domain_combo.setCurrentIndex(default if default >= 0 else (0 if tenant.domains else -1))
        self.target_domain_combo.blockSignals(False)
        self._changed()

    def _changed(self, *_args: object) -> None:
        other = self.another_tenant_check.isChecked()
        # Another tenant is its own mode: the copy there is created (or an earlier copy overwritten).
        self.with_object_radio.setEnabled(not other)
        self.as_new_radio.setEnabled(not other and len(self._setup.app_pks) <= 1
                                     and not self._setup.only)
        self.new_name_edit.setEnabled(self.mode is RestoreMode.AS_NEW)
        self.copy_access_check.setEnabled(self.mode is RestoreMode.AS_NEW)
        self.target_form.setEnabled(other)
        self.target_note.setVisible(other)
        self._show_name_problem()
        self._show_target_note()
        self.completeChanged.emit()

    def _show_name_problem(self) -> None:
        if self._setup.only:
            self.as_new_note.setText(self.tr("Restoring selected values ({paths}) works with the object: the app "
                                             "keeps everything else as it is now.").format(
                paths=", ".join(self._setup.only)))
            return
        if len(self._setup.app_pks) > 1:
            set_text_tone(self.as_new_note, GREY)
            return
        if self.mode is not RestoreMode.AS_NEW:
            self.as_new_note.setText("")
            return
        problem = validate_new_name(self.new_name_edit.text())
        self.as_new_note.setText(name_problem_text(problem) or self.tr(
            "Identifier URIs that name the old client ID become api://{new client ID}; other identifier URIs "
            "stay with the original app."))
        set_text_tone(self.as_new_note, RED if problem else GREY)

    def _show_target_note(self) -> None:
        if not self.another_tenant_check.isChecked():
            return
        tenant = self.target_tenant
        if not self._targets:
            text, color = self.tr("No other tenant has been added. Add the tenant to restore to first."), RED
        elif tenant is None:
            text, color = self.tr("Pick the tenant to restore to."), RED
        elif not tenant.domains:
            text, color = self.tr(
                "Regvault knows no verified domain of {tenant}: identifier URIs can't be rewritten to it. Verify "
                "a domain in that tenant (Entra ID > Custom domain names), then refresh the tenant in Regvault."
            ).format(tenant=tenant.display_name), RED
        else:
            text, color = self.tr(
                "The apps are created in {tenant} (or the copies an earlier restore made there are overwritten). "
                "Owners are matched by user principal name.").format(tenant=tenant.display_name), AMBER
        self.target_note.setText(text)
        set_text_tone(self.target_note, color)

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        mode = self.mode
        if mode is RestoreMode.AS_NEW:
            return validate_new_name(self.new_name_edit.text()) is None
        if mode is RestoreMode.OTHER_TENANT:
            return self.target_domain is not None
        return True

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name (Next: the choice goes to the Preview page)
        self._state.choice = RestoreChoice(self.mode, self.new_name, self.copy_access, self.target_tenant,
                                           self.target_domain)
        return True

    # ------------------------------------------------------------------------------------- add a target

    @Slot()
    def add_target_tenant(self) -> None:
        """The tenants dialog when the app has one (setup.add_target_tenant); else, for emulator tenants,
        a plain input of the tenant id; else a note on how to add one."""
        setup = self._setup
        if setup.add_target_tenant is not None:
            setup.add_target_tenant(self, self._target_added)
            return
        source = setup.source_tenant
        if setup.add_emulator_tenant is not None and source.kind == "emulator":
            dialog = named(QInputDialog(self), "addTargetTenantDialog", self.tr("Add a target tenant"))
            dialog.setWindowTitle(self.tr("Add a target tenant"))
            dialog.setLabelText(self.tr("Tenant ID of another tenant on the emulator at\n{url}:").format(
                url=source.graph_base_url))
            dialog.setTextValue("")
            dialog.textValueSelected.connect(lambda text: self._add_emulator_tenant(source.graph_base_url, text))
            self.add_dialog = dialog
            dialog.open()
            return
        self.target_note.setVisible(True)
        set_text_tone(self.target_note, AMBER)
        self.target_note.setText(self.tr(
            "Add the tenant from the command line, then open the wizard again:\n"
            "regvault tenants add --tenant TENANT_ID --restore-target"))

    def _add_emulator_tenant(self, base_url: str, tenant_id: str) -> None:
        tenant_id = tenant_id.strip()
        add = self._setup.add_emulator_tenant
        if not tenant_id or add is None:
            return
        self.target_note.setVisible(True)
        set_text_tone(self.target_note, None)
        self.target_note.setText(self.tr("Adding {tenant}…").format(tenant=tenant_id))
        self.add_target_button.setEnabled(False)

        def work(_task: TaskContext) -> TenantInfo:
            return add(base_url, tenant_id)

        def failed(exc: BaseException) -> None:
            self.add_target_button.setEnabled(True)
            set_text_tone(self.target_note, RED)
            self.target_note.setText(self.tr("Could not add {tenant}: {error}").format(
                tenant=tenant_id, error=describe_error(exc).summary))

        def done(tenant: TenantInfo) -> None:
            self.add_target_button.setEnabled(True)
            self._target_added(tenant)

        Operation(self._setup.runner, work, kind=Executor.GRAPH, owner=self, name="add target tenant") \
            .on_success(done).on_failure(failed).run()

    def _target_added(self, tenant: TenantInfo | None) -> None:
        store = self._setup.store
        Operation(self._setup.runner, lambda _t: store.list_tenants(), kind=Executor.DATABASE, owner=self,
                  name="list tenants") \
            .on_success(lambda tenants: self._show_added(tenants, tenant)).run()

    def _show_added(self, tenants: list[TenantInfo], added: TenantInfo | None) -> None:
        self.set_targets(tenants, added.tenant_id if added is not None else None)
        if added is not None:
            self.another_tenant_check.setChecked(True)
