"""The main window: tenant switcher, Back up now, the apps table, the side panel (DESIGN.md §1 steps 3-5)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.store.records import SnapshotInfo, TenantInfo
from desktop_app.ui.about_dialog import show_about
from desktop_app.ui.accounts import AccountActions
from desktop_app.ui.apps_model import SORT_KEYS, AppColumn, AppIdList, AppsQuery, AppsTableModel, IdListCache
from desktop_app.ui.apps_table import AppsTable
from desktop_app.ui.backup_controls import BackupControls
from desktop_app.ui.context import WindowContext
from desktop_app.ui.errors import show_error
from desktop_app.ui.history_fill import HistoryFill
from desktop_app.ui.main_toolbar import build_filter_box, build_menus, build_toolbar
from desktop_app.ui.panel_wiring import build_side_panel, install_panel_shortcuts
from desktop_app.ui.restore_wizard import RestoreWizard, open_restore_wizard
from desktop_app.ui.screen_fit import available, center_on_screen, fitted_size
from desktop_app.ui.tasks import Executor, Operation, TaskContext, TaskRunner
from desktop_app.ui.tenant_switcher import show_tenant_statuses
from desktop_app.ui.unfinished_restore import UnfinishedRestoreOffer, offer_to_finish

log = logging.getLogger(__name__)

# Once the list has been still this long, the other sort orders of a big list are read ahead (header clicks then
# cost no SQL); small lists are quick to query anyway.
PREFETCH_DELAY_MS = 400
PREFETCH_MIN_APPS = 2_000

@dataclass(frozen=True)
class TenantState:
    """What the window shows for a tenant beyond the id list; read on the database worker."""

    tenant_id: str
    last_backup: SnapshotInfo | None
    has_backup: bool
    # Certificates whose bytes a backup is still to read (it wrote its snapshot first, or was stopped).
    certificates_pending: int = 0


class MainWindow(AppsTable, BackupControls, QMainWindow):
    """The window itself: its state (tenant, query, settings), the list's loading, and the restore plug point.
    The toolbar and menus (main_toolbar), the table (apps_table), Back up now (backup_controls) and the side
    panel's wiring (panel_wiring) live in their own modules."""

    # (app pks, snapshot id or None for "the newest"): emitted by Restore selected… / Restore this version….
    restore_wizard_requested = Signal(list, object)
    # Emitted when the table shows a new id list (tests and the benchmark wait on it).
    apps_loaded = Signal()
    # Emitted when a Back up now ends: "complete", "failed" or "cancelled".
    backup_finished = Signal(str)
    # Emitted when the tenant switcher shows each tenant's last backup.
    tenant_statuses_shown = Signal()

    def __init__(self, context: WindowContext, settings: QSettings, *, runner: TaskRunner | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.demo = context.demo
        self._update_title(None)
        self.setAccessibleName(self.tr("Regvault"))
        self.context = context
        self.store = context.store
        self.settings = settings
        self.runner = runner or TaskRunner(self)
        self.runner.unhandled_error.connect(self._unhandled_error)
        self._tenants: list[TenantInfo] = []
        self._query = AppsQuery("")
        self._apps_request = 0
        self._backup_op: Operation[Any] | None = None
        self._tenant_state: TenantState | None = None
        self._pending_current_pk: int | None = None
        self.error_dialog: QMessageBox | None = None
        self.restore_wizard: RestoreWizard | None = None
        self.model = AppsTableModel(self.store.app_rows, self)
        self._id_lists = IdListCache()
        # Filters that match no active app → how many deleted apps they match (written on the database worker
        # before the list is handed over, read on the GUI thread after).
        self.deleted_matches: dict[AppsQuery, int] = {}
        self._prefetch_op: Operation[Any] | None = None
        self._list_op: Operation[Any] | None = None
        self._tenant_state_pending = False
        self._prefetch_timer = QTimer(self)
        self._prefetch_timer.setSingleShot(True)
        self._prefetch_timer.setInterval(PREFETCH_DELAY_MS)
        self._prefetch_timer.timeout.connect(self._prefetch_sorts)
        build_toolbar(self)
        build_menus(self)
        self._build_central()
        self._build_shortcuts()
        self.statusBar().setObjectName("statusBar")
        self.model.selection_changed.connect(self._selection_changed)
        self._restore_settings()
        self.load_tenants()
        if context.keyring_problem:
            self.statusBar().showMessage(context.keyring_problem)
        # Tenants menu, sign-in, settings, schedule, keyring notice.
        self.account_actions = AccountActions(self, context)
        # The demo's history still being built (its first day is shown): filled in behind the window.
        self.history_fill = HistoryFill(self, context.history) if context.history is not None else None
        self._first_apps_logged = False
        # A restore that was killed half-way: offered to be finished once the window is up (issue 16).
        self.unfinished_restore: UnfinishedRestoreOffer | None = None
        QTimer.singleShot(0, self._offer_unfinished_restore)

    @Slot()
    def _offer_unfinished_restore(self) -> None:
        self.unfinished_restore = offer_to_finish(self)

    # =================================================================================================== build

    def _build_central(self) -> None:
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("mainSplitter")
        self.splitter.setChildrenCollapsible(False)

        left = QWidget(self.splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(8, 6, 0, 8)
        left_layout.setSpacing(6)
        line = QHBoxLayout()
        self.count_label = QLabel(left)
        self.count_label.setObjectName("countLabel")
        self.count_label.setAccessibleName(self.tr("Apps and selection"))
        self.clear_selection_button = QPushButton(self.tr("Clear selection"), left)
        self.clear_selection_button.setObjectName("clearSelectionButton")
        self.clear_selection_button.setAccessibleName(self.tr("Clear selection"))
        self.clear_selection_button.setFlat(True)
        self.clear_selection_button.setVisible(False)
        self.clear_selection_button.clicked.connect(self.model.clear_all)
        self.show_deleted_toggle = QCheckBox(self.tr("Show &deleted apps"), left)
        self.show_deleted_toggle.setObjectName("showDeletedToggle")
        self.show_deleted_toggle.setAccessibleName(self.tr("Show deleted apps"))
        self.show_deleted_toggle.setToolTip(self.tr("Also list apps in the recycle bin and apps deleted permanently"))
        self.show_deleted_toggle.toggled.connect(self._show_deleted_toggled)
        filter_line = QHBoxLayout()
        filter_line.addWidget(build_filter_box(self, left), 1)
        filter_line.addWidget(self.show_deleted_toggle)
        left_layout.addLayout(filter_line)
        line.addWidget(self.count_label)
        line.addWidget(self.clear_selection_button)
        line.addStretch(1)
        left_layout.addLayout(line)

        self.apps_stack = QStackedWidget(left)
        self.table = self._build_table(self.apps_stack)
        self.apps_stack.addWidget(self.table)
        self.empty_state = self._build_empty_state(self.apps_stack)
        self.apps_stack.addWidget(self.empty_state)
        left_layout.addWidget(self.apps_stack, 1)

        self.panel = build_side_panel(self, self.splitter)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([800, 560])
        self.setCentralWidget(self.splitter)

    def _build_shortcuts(self) -> None:
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.focus_search)
        space = QShortcut(QKeySequence(Qt.Key.Key_Space), self.table)
        space.setContext(Qt.ShortcutContext.WidgetShortcut)
        space.activated.connect(self.toggle_current_row)
        pane = QShortcut(QKeySequence(Qt.Key.Key_F6), self)
        pane.activated.connect(self.switch_pane)
        install_panel_shortcuts(self)

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
        header = s.value("appsTable/header")
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.table.horizontalHeader().restoreState(header)
        sort = str(s.value("appsTable/sort", "name"))
        descending = str(s.value("appsTable/descending", "false")).lower() == "true"
        self._query = AppsQuery("", "", sort if sort in SORT_KEYS.values() else "name", descending,  # type: ignore[arg-type]
                                str(s.value("appsTable/showDeleted", "false")).lower() == "true")
        self.show_deleted_toggle.blockSignals(True)
        self.show_deleted_toggle.setChecked(self._query.include_deleted)
        self.show_deleted_toggle.blockSignals(False)
        self._show_sort_indicator()

    def save_settings(self) -> None:
        s = self.settings
        s.setValue("mainWindow/geometry", self.saveGeometry())
        s.setValue("mainWindow/splitter", self.splitter.saveState())
        s.setValue("appsTable/header", self.table.horizontalHeader().saveState())
        s.setValue("appsTable/sort", self._query.sort)
        s.setValue("appsTable/descending", "true" if self._query.descending else "false")
        s.setValue("appsTable/showDeleted", "true" if self._query.include_deleted else "false")
        if self._query.tenant_id:
            s.setValue("mainWindow/tenant", self._query.tenant_id)
        s.sync()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        self.save_settings()
        self.cancel_backup()
        if self.history_fill is not None:
            self.history_fill.cancel()
        # Wait for the workers: nothing may touch the database after the window (and then the store) closes.
        self.runner.shutdown(wait=True)
        super().closeEvent(event)

    # ============================================================================================== tenants

    def load_tenants(self) -> None:
        """(Re)read the tenant list; keeps the current tenant, else the last one used, else the first."""
        tenants = self.store.list_tenants()
        self._tenants = list(tenants)
        wanted = self._query.tenant_id or str(self.settings.value("mainWindow/tenant", ""))
        self.tenant_switcher.blockSignals(True)
        self.tenant_switcher.clear()
        for tenant in self._tenants:
            label = tenant.display_name
            if tenant.default_domain:
                label += f"  —  {tenant.default_domain}"
            self.tenant_switcher.addItem(label, tenant.tenant_id)
            self.tenant_switcher.setItemData(self.tenant_switcher.count() - 1,
                                             f"{tenant.display_name}\n{tenant.tenant_id}", Qt.ItemDataRole.ToolTipRole)
        self.tenant_switcher.blockSignals(False)
        show_tenant_statuses(self)
        if not self._tenants:
            self._show_no_tenants()
            return
        index = next((i for i, t in enumerate(self._tenants) if t.tenant_id == wanted), 0)
        if index == self.tenant_switcher.currentIndex() and self._query.tenant_id == self._tenants[index].tenant_id:
            self.refresh_apps(tenant_changed=True)
        self.tenant_switcher.setCurrentIndex(index)
        if self.tenant_switcher.currentIndex() == index and self._query.tenant_id != self._tenants[index].tenant_id:
            self._tenant_chosen(index)

    @property
    def tenant(self) -> TenantInfo | None:
        index = self.tenant_switcher.currentIndex()
        return self._tenants[index] if 0 <= index < len(self._tenants) else None

    def switch_tenant(self, tenant_id: str) -> None:
        index = self.tenant_switcher.findData(tenant_id)
        if index >= 0:
            self.tenant_switcher.setCurrentIndex(index)

    @Slot(int)
    def _tenant_chosen(self, index: int) -> None:
        if not 0 <= index < len(self._tenants):
            return
        tenant = self._tenants[index]
        if tenant.tenant_id == self._query.tenant_id:
            return
        self._query = AppsQuery(tenant.tenant_id, self._query.filter_text, self._query.sort,
                                self._query.descending, self._query.include_deleted)
        self.panel.clear()
        self.panel.tenant_id = tenant.tenant_id
        self._update_title(tenant)
        self.settings.setValue("mainWindow/tenant", tenant.tenant_id)
        self.refresh_apps(tenant_changed=True)

    def _update_title(self, tenant: TenantInfo | None) -> None:
        """The tenant shown, "(demo)" in the demo. Qt adds the application's name ("— Regvault") itself where the
        platform shows it in the title bar (it read "Regvault — demo — Regvault")."""
        title = tenant.display_name if tenant is not None else ""
        if self.demo:
            title = self.tr("{tenant} (demo)").format(tenant=title) if title else self.tr("(demo)")
        self.setWindowTitle(title)

    @Slot()
    def open_add_tenant(self) -> None:
        """Tenants → Add tenant… (the empty state's button); the account actions own the dialogs."""
        self.account_actions.open_add_tenant()

    def _show_no_tenants(self) -> None:
        self._query = AppsQuery("")
        self.model.set_id_list(AppIdList.build(self._query, []))
        self.empty_title.setText(self.tr("No tenant yet.\nAdd one to back up its app registrations:\n"
                                         "Tenants → Add tenant…"))
        self.empty_backup_button.setVisible(False)
        self.empty_add_tenant_button.setVisible(True)
        self.apps_stack.setCurrentWidget(self.empty_state)
        self.backup_button.setEnabled(False)
        self.backup_action.setEnabled(False)
        self.last_backup_label.setText("")
        self._selection_changed()

    # ============================================================================================ the table

    def refresh_apps(self, *, tenant_changed: bool = False) -> None:
        """Show the list for the current query: from the cache when it has it, else from SQL on the database
        worker (the newest request wins). `tenant_changed` also re-reads the tenant's last backup."""
        query = self._query
        if not query.tenant_id:
            return
        # A tenant's state asked for and not yet shown (its request superseded) is asked for again.
        tenant_changed = tenant_changed or self._tenant_state_pending
        self._tenant_state_pending = tenant_changed
        self._apps_request += 1
        request = self._apps_request
        self._prefetch_timer.stop()
        if self._prefetch_op is not None:
            self._prefetch_op.cancel()
            self._prefetch_op = None
        cached = None if tenant_changed else self._id_lists.get(query)
        if cached is not None:
            self._apply_apps(cached, None)
            return
        store = self.store
        deleted_matches = self.deleted_matches

        def work(task: TaskContext) -> tuple[AppIdList, TenantState | None]:
            task.cancel.raise_if_cancelled()  # superseded while queued (typing, clicking): skip the SQL
            ids = store.app_ids(query.tenant_id, query.filter_text, query.sort, query.descending,
                                query.include_deleted)
            if not ids and query.filter_text and not query.include_deleted:
                # Nothing active matches: say whether a deleted app does (the one being looked for, often).
                deleted_matches[query] = len(store.app_ids(query.tenant_id, query.filter_text,
                                                           include_deleted=True))
            state = None
            if tenant_changed:
                state = TenantState(query.tenant_id, store.last_backup(query.tenant_id),
                                    bool(store.snapshots(query.tenant_id)),
                                    sum(store.pending_certificates(query.tenant_id).values()))
            return AppIdList.build(query, ids), state

        def apply(result: tuple[AppIdList, TenantState | None]) -> None:
            self._id_lists.put(result[0])
            if request == self._apps_request:
                self._apply_apps(*result)

        if self._list_op is not None:
            self._list_op.cancel()
        self._list_op = Operation(self.runner, work, kind=Executor.DATABASE, owner=self, name="list apps")
        self._list_op.on_success(apply) \
            .on_cancelled(lambda: None) \
            .on_failure(lambda exc: self._show_error(self.tr("Could not read the backed-up apps"), exc)) \
            .run()

    @Slot()
    def _prefetch_sorts(self) -> None:
        query = self._query
        shown = self.model.id_list
        missing = self._id_lists.missing_sorts(query)
        if not missing or shown.query != query or len(shown.ids) < PREFETCH_MIN_APPS:
            return
        store = self.store

        def work(task: TaskContext) -> list[AppIdList]:
            lists = []
            for sort in missing:
                task.cancel.raise_if_cancelled()  # the user asked for something: the worker is theirs
                ids = store.app_ids(query.tenant_id, query.filter_text, sort, False, query.include_deleted)
                lists.append(AppIdList(replace(query, sort=sort, descending=False), ids, shown.id_set))
            return lists

        def keep(lists: list[AppIdList]) -> None:
            for id_list in lists:
                self._id_lists.put(id_list)

        self._prefetch_op = Operation(self.runner, work, kind=Executor.DATABASE, owner=self,
                                      name="read sort orders ahead")
        self._prefetch_op.on_success(keep).on_cancelled(lambda: None) \
            .on_failure(lambda exc: log.warning("reading sort orders ahead failed: %s", exc)).run()

    def _apply_apps(self, id_list: AppIdList, state: TenantState | None) -> None:
        current = self._pending_current_pk if self._pending_current_pk is not None else self.current_app_pk()
        self._pending_current_pk = None
        self.model.set_id_list(id_list)
        if state is not None:
            self._tenant_state = state
            self._tenant_state_pending = False
            self._show_last_backup(state.last_backup, state.certificates_pending)
        has_backup = self._tenant_state.has_backup if self._tenant_state else False
        if has_backup:
            self.apps_stack.setCurrentWidget(self.table)
        else:
            self.empty_title.setText(self.tr("No backup of this tenant yet."))
            self.empty_backup_button.setVisible(True)
            self.empty_add_tenant_button.setVisible(False)
            self.apps_stack.setCurrentWidget(self.empty_state)
        self.backup_button.setEnabled(self._backup_op is None)
        self.backup_action.setEnabled(self._backup_op is None)
        if current is not None:
            row = self.model.row_of(current)
            if row is not None:
                self.table.selectionModel().blockSignals(True)
                self.table.setCurrentIndex(self.model.index(row, AppColumn.NAME))
                self.table.selectionModel().blockSignals(False)
                self.table.scrollTo(self.model.index(row, AppColumn.NAME),
                                    QAbstractItemView.ScrollHint.PositionAtCenter)
        self._place_select_all()
        self._show_no_match()
        self._prefetch_timer.start()
        if not getattr(self, "_first_apps_logged", True) and self.model.rowCount():
            self._first_apps_logged = True  # the demo benchmark reads this line
            log.info("main window shows %d apps", self.model.rowCount())
        self.apps_loaded.emit()


    @Slot()
    def _apply_filter(self) -> None:
        self._search_timer.stop()
        text = self.search_box.text().strip()
        if text == self._query.filter_text:
            return
        self._query = AppsQuery(self._query.tenant_id, text, self._query.sort, self._query.descending,
                                self._query.include_deleted)
        self.refresh_apps()

    def set_filter(self, text: str) -> None:
        """Type into the filter box and apply it at once (no debounce)."""
        self.search_box.setText(text)
        self._apply_filter()


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
        self.restore_wizard = open_restore_wizard(self, pks, snapshot_id, only=only)
        return self.restore_wizard

    def refresh_after_restore(self) -> None:
        """The wizard calls this after a run: apps may have been recreated, undeleted or changed, and a
        pre-restore snapshot taken. Everything cached is read again."""
        self._id_lists.clear()
        self.deleted_matches.clear()
        self.model.forget_rows()
        self.panel.forget_documents()
        self.panel.reload()
        self.refresh_apps(tenant_changed=True)

    @Slot()
    def _restore_selected(self) -> None:
        if self.model.checked_count:
            self.open_restore_wizard(sorted(self.model.checked), None)

    @Slot(int, int)
    def _restore_version(self, app_pk: int, snapshot_id: int) -> None:
        self.open_restore_wizard([app_pk], snapshot_id)

    @Slot()
    def open_restore_history(self) -> None:
        """Past restores of the current tenant (all tenants one tick away), from the audit trail."""
        from desktop_app.ui.restore_history import open_restore_history

        open_restore_history(self)

    @Slot()
    def show_about(self) -> None:
        """Help → About Regvault: the version, the folders, the database and the keyring in use."""
        self.about_dialog = show_about(self, self.context.about)


    # =============================================================================================== errors

    def _show_error(self, title: str, exc: BaseException) -> None:
        self.error_dialog = show_error(self, title, exc)

    @Slot(object)
    def _unhandled_error(self, exc: object) -> None:
        if isinstance(exc, BaseException):
            self._show_error(self.tr("Something went wrong"), exc)

