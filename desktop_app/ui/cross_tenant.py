"""The window's views that span every tenant (issue 26): the toolbar's search box with its results window, and the
Credentials view. A component: it owns them and their actions, and asks the window to open an app in its tenant
(`app_requested`)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Qt, Signal, Slot
from PySide6.QtWidgets import QMainWindow

from desktop_app.store import Store
from desktop_app.ui import shortcuts
from desktop_app.ui.credentials_view import CredentialsView
from desktop_app.ui.named import window_action
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.tenant_search import AllTenantsSearch


class CrossTenantViews(QObject):
    app_requested = Signal(str, int)  # tenant id, app pk

    def __init__(self, store: Store, runner: TaskRunner, window: QMainWindow, settings: QSettings) -> None:
        super().__init__(window)
        self._store = store
        self._runner = runner
        self._window = window
        self._settings = settings
        self.search = AllTenantsSearch(store, runner, window)
        self.search.setToolTip(shortcuts.with_keys(self.search.toolTip(), shortcuts.SEARCH_ALL_TENANTS))
        self.search.results.app_requested.connect(self.app_requested)
        self.credentials_view: CredentialsView | None = None

        self.credentials_action = window_action(
            self.tr("&Credentials of all tenants…"), window, "credentialsAction", keys=shortcuts.CREDENTIALS,
            tip=self.tr("Every client secret and certificate of every tenant, soonest end first"),
            triggered=self.open_credentials)
        self.search_action = window_action(self.tr("&Search all tenants…"), window, "searchAllTenantsAction",
                                           keys=shortcuts.SEARCH_ALL_TENANTS, triggered=self.focus_search)
        window.addAction(self.search_action)

    @Slot()
    def open_credentials(self) -> CredentialsView:
        """The Credentials view, read afresh (one window, raised when open already)."""
        view = self.credentials_view
        if view is None:
            view = self.credentials_view = CredentialsView(self._store, self._runner, self._window)
            view.restore_settings(self._settings)
            view.app_requested.connect(self.app_requested)
        view.show()
        view.raise_()
        view.activateWindow()
        view.reload()
        return view

    @Slot()
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def save_settings(self) -> None:
        if self.credentials_view is not None:
            self.credentials_view.save_settings(self._settings)
