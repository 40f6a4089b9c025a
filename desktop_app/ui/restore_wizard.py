"""The restore wizard (DESIGN.md §1 step 6; STYLE.md's licensewizard pattern): Snapshot → Options → Preview →
Run → Report. Nothing is written before the user clicks Restore on the Preview page.

The main window opens it with `open_restore_wizard(restore_setup(...), window)`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QWidget, QWizard

from desktop_app.store.records import TenantInfo
from desktop_app.ui.accounts import AccountActions
from desktop_app.ui.context import WindowContext
from desktop_app.ui.errors import show_error
from desktop_app.ui.named import named
from desktop_app.ui.restore.options_page import OptionsPage
from desktop_app.ui.restore.preview_page import PreviewPage
from desktop_app.ui.restore.report_page import ReportPage
from desktop_app.ui.restore.run_page import RunPage
from desktop_app.ui.restore.setup import PageId, RestoreSetup, WizardData, WizardState
from desktop_app.ui.restore.snapshot_page import SnapshotPage
from desktop_app.ui.restore_history import open_restore_history
from desktop_app.ui.screen_fit import fit_to_screen
from desktop_app.ui.tasks import Executor, Operation, TaskContext, TaskRunner
from desktop_app.ui.texts import TrContext

WizardTexts = TrContext("WizardTexts")

log = logging.getLogger(__name__)

__all__ = ["PageId", "RestoreSetup", "RestoreWizard", "open_restore_wizard", "restore_setup"]


class RestoreWizard(QWizard):
    # The backups are read and the Snapshot page filled (tests wait on it).
    data_loaded = Signal()
    # The run ended (the RestoreReport, or None when it failed or was cancelled before any app): the window
    # re-reads its apps, whose status a restore changes.
    restore_finished = Signal(object)

    def __init__(self, setup: RestoreSetup, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setup = setup
        self.state = WizardState()
        named(self, "restoreWizard", self.tr("Restore wizard"))
        self.setWindowTitle(self.tr("Restore app registrations — {tenant}").format(
            tenant=setup.source_tenant.display_name))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoDefaultButton, False)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Restore"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("Close"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumSize(720, 520)
        fit_to_screen(self, QSize(980, 700))

        self.snapshot_page = SnapshotPage(setup, self.state)
        self.options_page = OptionsPage(setup, self.state)
        self.preview_page = PreviewPage(setup, self.state)
        self.run_page = RunPage(setup, self.state)
        self.report_page = ReportPage(setup, self.state)
        self.run_page.run_finished.connect(lambda: self.restore_finished.emit(self.state.report))
        self.report_page.history_requested.connect(self._open_history)
        self.setPage(PageId.SNAPSHOT, self.snapshot_page)
        self.setPage(PageId.OPTIONS, self.options_page)
        self.setPage(PageId.PREVIEW, self.preview_page)
        self.setPage(PageId.RUN, self.run_page)
        self.setPage(PageId.REPORT, self.report_page)
        self.setStartId(PageId.SNAPSHOT)
        # Names that say what each button does (screen readers read them; so can any test).
        for which, name, says in (
                (QWizard.WizardButton.NextButton, "wizardNextButton", self.tr("Next step")),
                (QWizard.WizardButton.BackButton, "wizardBackButton", self.tr("Previous step")),
                (QWizard.WizardButton.CommitButton, "wizardRestoreButton",
                 self.tr("Restore now: write the apps as the preview shows")),
                (QWizard.WizardButton.FinishButton, "wizardCloseButton", self.tr("Close the restore wizard")),
                (QWizard.WizardButton.CancelButton, "wizardCancelButton", self.tr("Cancel the restore"))):
            named(self.button(which), name, says)
        self.currentIdChanged.connect(self._page_changed)
        self._load()

    def _page_changed(self, page_id: int) -> None:
        """After Restore there is no way back: the Back button goes rather than sitting there disabled."""
        layout = [QWizard.WizardButton.Stretch, QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                  QWizard.WizardButton.CommitButton, QWizard.WizardButton.FinishButton,
                  QWizard.WizardButton.CancelButton]
        if page_id >= PageId.RUN:
            layout.remove(QWizard.WizardButton.BackButton)
        self.setButtonLayout(layout)

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        """The pages in order. The modes differ within the Options page, so there is no branch; the preview
        page is never the last one (its Next, "Restore", stays disabled until a preview is there)."""
        following = {PageId.SNAPSHOT: PageId.OPTIONS, PageId.OPTIONS: PageId.PREVIEW,
                     PageId.PREVIEW: PageId.RUN, PageId.RUN: PageId.REPORT}
        return int(following.get(PageId(self.currentId()), -1)) if self.currentId() >= 0 else -1

    def _load(self) -> None:
        setup = self.setup
        tenant_id = setup.source_tenant.tenant_id

        def work(_task: TaskContext) -> WizardData:
            return WizardData.read(setup.store, tenant_id, setup.app_pks, only=setup.only)

        def failed(exc: BaseException) -> None:
            show_error(self, self.tr("Could not read the backups"), exc)

        Operation(setup.runner, work, kind=Executor.DATABASE, owner=self, name="read the backups") \
            .on_success(self._loaded).on_failure(failed).run()

    def _open_history(self, run_id: int | None) -> None:
        open_restore_history(self.setup.store, self.setup.runner, self, self.setup.source_tenant, select_run=run_id)

    def _loaded(self, data: WizardData) -> None:
        self.state.data = data
        self.snapshot_page.set_data(data)
        if self.currentId() == PageId.OPTIONS:
            self.options_page.initializePage()
        self.data_loaded.emit()

    # ------------------------------------------------------------------------------------------- cancel

    @property
    def running(self) -> bool:
        return self.run_page.running

    def reject(self) -> None:
        """Cancel: during a run, start no further app, finish those under way and show the report; otherwise
        close (a preview in flight is dropped: it writes nothing)."""
        if self.run_page.running:
            self.run_page.cancel()
            self.button(QWizard.WizardButton.CancelButton).setEnabled(False)
            return
        if self.preview_page.running:
            self.preview_page.cleanupPage()
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.run_page.running:
            self.reject()
            event.ignore()
            return
        super().closeEvent(event)


# ------------------------------------------------------------------------------------------- window hook


def restore_setup(context: WindowContext, runner: TaskRunner, tenant: TenantInfo, app_pks: Sequence[int],
                  snapshot_id: int | None, accounts: AccountActions, *, only: Sequence[str] = ()) -> RestoreSetup:
    """What the main window gives the wizard: its tenant's apps, the snapshot to preselect (None: the default),
    `only` the document paths of "Restore selected values…", and the window's sign-ins."""

    def grant(target: TenantInfo, permissions: Sequence[str], then: Callable[[], None]) -> None:
        accounts.sign_in_to(target, write=True, permissions=permissions, then=lambda _account: then())

    def add_emulator_tenant(base_url: str, tenant_id: str) -> TenantInfo:
        return context.tenants.add_emulator_tenant(base_url, tenant_id, restore_target=True)

    return RestoreSetup(
        store=context.store, runner=runner, engine=context.restore, source_tenant=tenant,
        app_pks=tuple(app_pks), snapshot_id=snapshot_id,
        # Not in the demo: its tenants live in the built-in emulator, where "add an emulator tenant" applies.
        add_target_tenant=None if context.demo else accounts.add_target_tenant,
        add_emulator_tenant=add_emulator_tenant, only=tuple(only), grant_permissions=grant,
    )


def open_restore_wizard(setup: RestoreSetup, parent: QWidget) -> RestoreWizard:
    """A window-modal wizard, deleted when closed."""
    wizard = RestoreWizard(setup, parent)
    if setup.only:
        wizard.setWindowTitle(WizardTexts.tr("Restore selected values — {tenant}").format(
            tenant=setup.source_tenant.display_name))
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    wizard.open()
    return wizard
