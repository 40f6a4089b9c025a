"""The main window: tenant switcher, Back up now, the apps table, the side panel (DESIGN.md §1 steps 3-5)."""

from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QFontDatabase, QFontMetrics, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QTableView,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.cancel import CancelToken
from desktop_app.store.records import SnapshotInfo, TenantInfo
from desktop_app.ui.apps_model import SORT_KEYS, AppColumn, AppIdList, AppsQuery, AppsTableModel, IdListCache
from desktop_app.ui.errors import ErrorAction, describe_error, show_error, sign_in_needed_of
from desktop_app.ui.tasks import Executor, Operation, TaskContext, TaskRunner
from desktop_app.ui.texts import apps_count_text, format_count, format_datetime
from desktop_app.ui.version_panel import VersionPanel

log = logging.getLogger(__name__)

# The filter's query runs on the database worker and a newer filter replaces one still queued, so typing never
# piles up work: keystrokes are only coalesced within one turn of the event loop (a paste, key repeat), and the
# table follows the keystroke within the query's time (~30 ms at 100,000 apps) instead of a fixed wait.
SEARCH_DEBOUNCE_MS = 0
# Once the list has been still this long, the other sort orders of a big list are read ahead (header clicks then
# cost no SQL); small lists are quick to query anyway.
PREFETCH_DELAY_MS = 400
PREFETCH_MIN_APPS = 2_000


class BackupRunner(Protocol):
    """services.backup.BackupService, as the window uses it."""

    def run(self, tenant_id: str, *, trigger: str = "manual", progress: Callable[[Any], None] | None = None,
            cancel: CancelToken | None = None) -> Any: ...


RestoreWizardOpener = Callable[["MainWindow", list[int], "int | None"], None]


@dataclass
class WindowServices:
    """What the window needs from the layers below, built by the composition root (cli/window.py)."""

    store: Any  # desktop_app.store.Store
    backup: BackupRunner | None = None
    # Plug point for the restore wizard (issue 5); None: `desktop_app.ui.restore_wizard.open_restore_wizard`
    # when that module exists, else a note that the wizard is not there yet.
    open_restore_wizard: RestoreWizardOpener | None = None
    demo: bool = False
    extras: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class TenantState:
    """What the window shows for a tenant beyond the id list; read on the database worker."""

    tenant_id: str
    last_backup: SnapshotInfo | None
    has_backup: bool


class HeaderCheckBox(QCheckBox):
    """The "select all" box over the check column's header. The window decides the state, not the click."""

    toggle_requested = Signal()

    def nextCheckState(self) -> None:  # noqa: N802 - Qt's name
        self.toggle_requested.emit()


class AppsTableView(QTableView):
    """Typing in the table goes to the filter box: Qt's keyboard search would load every row to match text."""

    typed = Signal(str)

    def keyboardSearch(self, search: str) -> None:  # noqa: N802 - Qt's name
        pass  # see keyPressEvent

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        text = event.text()
        plain = not (event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier))
        if plain and text and text.isprintable() and not text.isspace() and text not in "[]":
            self.typed.emit(text)
            event.accept()
            return
        super().keyPressEvent(event)


class MainWindow(QMainWindow):
    # (app pks, snapshot id or None for "the newest"): emitted by Restore selected… / Restore this version….
    restore_wizard_requested = Signal(list, object)
    # Emitted when the table shows a new id list (tests and the benchmark wait on it).
    apps_loaded = Signal()
    # Emitted when a Back up now ends: "complete", "failed" or "cancelled".
    backup_finished = Signal(str)

    def __init__(self, services: WindowServices, settings: QSettings, *, runner: TaskRunner | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("Regvault") + (self.tr(" — demo") if services.demo else ""))
        self.setAccessibleName(self.tr("Regvault"))
        self.services = services
        self.store = services.store
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
        self.model = AppsTableModel(self.store.app_rows, self)
        self._id_lists = IdListCache()
        self._prefetch_op: Operation[Any] | None = None
        self._list_op: Operation[Any] | None = None
        self._tenant_state_pending = False
        self._prefetch_timer = QTimer(self)
        self._prefetch_timer.setSingleShot(True)
        self._prefetch_timer.setInterval(PREFETCH_DELAY_MS)
        self._prefetch_timer.timeout.connect(self._prefetch_sorts)
        self._build_toolbar()
        self._build_central()
        self._build_shortcuts()
        self.statusBar().setObjectName("statusBar")
        self.model.selection_changed.connect(self._selection_changed)
        self._restore_settings()
        self.load_tenants()
        notice = services.extras.get("notice")
        if notice:
            self.statusBar().showMessage(str(notice))
        # Tenants menu, sign-in, settings, schedule, keyring notice (issue 6).
        from desktop_app.ui.accounts import install_account_actions

        install_account_actions(self)

    # =================================================================================================== build

    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Main toolbar"), self)
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setFloatable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

        self.tenant_switcher = QComboBox(bar)
        self.tenant_switcher.setObjectName("tenantSwitcher")
        self.tenant_switcher.setAccessibleName(self.tr("Tenant"))
        self.tenant_switcher.setToolTip(self.tr("The tenant whose backups are shown"))
        self.tenant_switcher.setMinimumWidth(300)
        self.tenant_switcher.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.tenant_switcher.currentIndexChanged.connect(self._tenant_chosen)
        bar.addWidget(self.tenant_switcher)
        bar.addSeparator()

        self.backup_button = QPushButton(self.tr("Back up now"), bar)
        self.backup_button.setObjectName("backupButton")
        self.backup_button.setAccessibleName(self.tr("Back up now"))
        self.backup_button.setToolTip(self.tr("Take a snapshot of every app registration of this tenant"))
        self.backup_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
        self.backup_button.clicked.connect(self.start_backup)
        bar.addWidget(self.backup_button)

        # Where the last backup's time and result are, a running backup shows its progress and Cancel.
        self.backup_status = QStackedWidget(bar)
        self.backup_status.setObjectName("backupStatus")
        self.last_backup_label = QLabel(self.backup_status)
        self.last_backup_label.setObjectName("lastBackupLabel")
        self.last_backup_label.setAccessibleName(self.tr("Last backup"))
        self.last_backup_label.setContentsMargins(10, 0, 10, 0)
        self.backup_status.addWidget(self.last_backup_label)
        running = QWidget(self.backup_status)
        running_layout = QHBoxLayout(running)
        running_layout.setContentsMargins(10, 0, 10, 0)
        running_layout.setSpacing(6)
        self.backup_progress = QProgressBar(running)
        self.backup_progress.setObjectName("backupProgress")
        self.backup_progress.setAccessibleName(self.tr("Backup progress"))
        self.backup_progress.setMinimumWidth(220)
        self.backup_progress.setTextVisible(True)
        self.cancel_backup_button = QPushButton(self.tr("Cancel"), running)
        self.cancel_backup_button.setObjectName("cancelBackupButton")
        self.cancel_backup_button.setAccessibleName(self.tr("Cancel the backup"))
        self.cancel_backup_button.clicked.connect(self.cancel_backup)
        running_layout.addWidget(self.backup_progress, 1)
        running_layout.addWidget(self.cancel_backup_button)
        self.backup_status.addWidget(running)
        self._backup_running_page = running
        self.backup_status.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        bar.addWidget(self.backup_status)

        spacer = QWidget(bar)
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        bar.addWidget(spacer)

        self.search_box = QLineEdit(bar)
        self.search_box.setObjectName("searchBox")
        self.search_box.setAccessibleName(self.tr("Filter apps"))
        self.search_box.setPlaceholderText(self.tr("Filter by name or Application (client) ID"))
        self.search_box.setToolTip(self.tr("Any part of the name or of the client ID (Ctrl+F)"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(280)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._apply_filter)
        self.search_box.textChanged.connect(self._search_timer.start)
        self.search_box.returnPressed.connect(self._apply_filter)
        bar.addWidget(self.search_box)

        self.restore_selected_button = QPushButton(self.tr("Restore selected…"), bar)
        self.restore_selected_button.setObjectName("restoreSelectedButton")
        self.restore_selected_button.setAccessibleName(self.tr("Restore the selected apps"))
        self.restore_selected_button.setToolTip(self.tr("Open the restore wizard on the checked apps"))
        self.restore_selected_button.setEnabled(False)
        self.restore_selected_button.clicked.connect(self._restore_selected)
        bar.addWidget(self.restore_selected_button)

        self.restore_history_button = QPushButton(self.tr("Restore history…"), bar)
        self.restore_history_button.setObjectName("restoreHistoryButton")
        self.restore_history_button.setAccessibleName(self.tr("Restore history"))
        self.restore_history_button.setToolTip(self.tr("Past restores: what was done to which app, and how it ended"))
        self.restore_history_button.clicked.connect(self.open_restore_history)
        bar.addWidget(self.restore_history_button)

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
        self.show_deleted_toggle = QCheckBox(self.tr("Show deleted apps"), left)
        self.show_deleted_toggle.setObjectName("showDeletedToggle")
        self.show_deleted_toggle.setAccessibleName(self.tr("Show deleted apps"))
        self.show_deleted_toggle.setToolTip(self.tr("Also list apps in the recycle bin and apps deleted permanently"))
        self.show_deleted_toggle.toggled.connect(self._show_deleted_toggled)
        line.addWidget(self.count_label)
        line.addWidget(self.clear_selection_button)
        line.addStretch(1)
        line.addWidget(self.show_deleted_toggle)
        left_layout.addLayout(line)

        self.apps_stack = QStackedWidget(left)
        self.table = self._build_table(self.apps_stack)
        self.apps_stack.addWidget(self.table)
        self.empty_state = self._build_empty_state(self.apps_stack)
        self.apps_stack.addWidget(self.empty_state)
        left_layout.addWidget(self.apps_stack, 1)

        self.panel = VersionPanel(self.store, self.runner, self.splitter)
        self.panel.restore_requested.connect(self._restore_version)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([800, 560])
        self.setCentralWidget(self.splitter)

    def _build_table(self, parent: QWidget) -> AppsTableView:
        table = AppsTableView(parent)
        table.setObjectName("appsTable")
        table.setAccessibleName(self.tr("Backed-up apps"))
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.typed.connect(self._typed_in_table)
        # One fixed row height: the view never asks 100,000 rows for their size.
        vertical = table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(table.fontMetrics().height() + 10)
        header = table.horizontalHeader()
        header.setObjectName("appsTableHeader")
        header.setHighlightSections(False)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setMinimumSectionSize(28)
        header.setSectionResizeMode(AppColumn.CHECK, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(AppColumn.CHECK, 32)
        # The name takes what is left; a GUID, a date and the longest status have known widths.
        header.setSectionResizeMode(AppColumn.NAME, QHeaderView.ResizeMode.Stretch)
        digits = table.fontMetrics()
        header.resizeSection(AppColumn.CLIENT_ID, QFontMetrics(
            QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)).horizontalAdvance("0" * 36) + 24)
        header.resizeSection(AppColumn.LAST_MODIFIED, digits.horizontalAdvance("2026-12-31 23:59") + 24)
        # Wide enough for "Deleted permanently"; the longer recycle-bin text elides, its tooltip has it whole.
        header.resizeSection(AppColumn.STATUS, digits.horizontalAdvance("Deleted permanently") + 28)
        header.setStretchLastSection(False)
        header.sectionClicked.connect(self._header_clicked)
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.model.set_client_id_font(fixed)

        self.select_all_box = HeaderCheckBox(header)
        self.select_all_box.setObjectName("selectAllCheckBox")
        self.select_all_box.setAccessibleName(self.tr("Select every app that matches the filter"))
        self.select_all_box.setToolTip(self.tr("Select every app that matches the filter, not only the rows on screen"))
        self.select_all_box.setTristate(True)
        self.select_all_box.toggle_requested.connect(self.toggle_select_all)
        header.sectionResized.connect(self._place_select_all)
        header.geometriesChanged.connect(self._place_select_all)
        header.installEventFilter(self)
        table.horizontalScrollBar().valueChanged.connect(self._place_select_all)
        table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._table_menu)
        self.no_match_label = QLabel(table.viewport())
        self.no_match_label.setObjectName("noMatchLabel")
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.no_match_label.setStyleSheet("color: palette(mid); padding: 32px;")
        self.no_match_label.hide()
        return table

    def _build_empty_state(self, parent: QWidget) -> QWidget:
        page = QWidget(parent)
        page.setObjectName("emptyState")
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        self.empty_title = QLabel(page)
        self.empty_title.setObjectName("emptyStateLabel")
        self.empty_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_title.setWordWrap(True)
        font = self.empty_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.empty_title.setFont(font)
        layout.addWidget(self.empty_title)
        self.empty_backup_button = QPushButton(self.tr("Back up now"), page)
        self.empty_backup_button.setObjectName("emptyStateBackupButton")
        self.empty_backup_button.setAccessibleName(self.tr("Back up now"))
        self.empty_backup_button.clicked.connect(self.start_backup)
        self.empty_add_tenant_button = QPushButton(self.tr("Add tenant…"), page)
        self.empty_add_tenant_button.setObjectName("emptyStateAddTenantButton")
        self.empty_add_tenant_button.setAccessibleName(self.tr("Add a tenant"))
        self.empty_add_tenant_button.setToolTip(self.tr("Sign in to a tenant to back up its app registrations"))
        self.empty_add_tenant_button.setVisible(False)
        self.empty_add_tenant_button.clicked.connect(self.open_add_tenant)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.empty_backup_button)
        row.addWidget(self.empty_add_tenant_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        return page

    def _build_shortcuts(self) -> None:
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.focus_search)
        space = QShortcut(QKeySequence(Qt.Key.Key_Space), self.table)
        space.setContext(Qt.ShortcutContext.WidgetShortcut)
        space.activated.connect(self.toggle_current_row)
        for keys, slot in (("Alt+Left", self.panel.show_older), ("Alt+Right", self.panel.show_newer)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(slot)
        # [ and ] where typing them means nothing else (not in the filter box).
        for keys, slot in (("[", self.panel.show_older), ("]", self.panel.show_newer)):
            shortcut = QShortcut(QKeySequence(keys), self.splitter)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    # ========================================================================================= settings (QSettings)

    def _restore_settings(self) -> None:
        s = self.settings
        geometry = s.value("mainWindow/geometry")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            self.restoreGeometry(geometry)
        else:
            self.resize(1360, 820)
        splitter = s.value("mainWindow/splitter")
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
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
        self.settings.setValue("mainWindow/tenant", tenant.tenant_id)
        self.refresh_apps(tenant_changed=True)

    @Slot()
    def open_add_tenant(self) -> None:
        """Tenants → Add tenant… (the empty state's button); the account actions own the dialogs."""
        actions = getattr(self, "account_actions", None)
        if actions is not None:
            actions.open_add_tenant()

    def _show_no_tenants(self) -> None:
        self._query = AppsQuery("")
        self.model.set_id_list(AppIdList.build(self._query, []))
        # Without the sign-in features (a build without them) the command line is the only way to add one.
        can_add = self.services.extras.get("services") is not None
        if can_add:
            self.empty_title.setText(self.tr("No tenant yet.\nAdd one to back up its app registrations:\n"
                                             "Tenants → Add tenant…"))
        else:
            self.empty_title.setText(self.tr("No tenant yet.\nAdd one from the command line: "
                                             "regvault tenants add"))
        self.empty_backup_button.setVisible(False)
        self.empty_add_tenant_button.setVisible(can_add)
        self.apps_stack.setCurrentWidget(self.empty_state)
        self.backup_button.setEnabled(False)
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

        def work(task: TaskContext) -> tuple[AppIdList, TenantState | None]:
            task.cancel.raise_if_cancelled()  # superseded while queued (typing, clicking): skip the SQL
            ids = store.app_ids(query.tenant_id, query.filter_text, query.sort, query.descending,
                                query.include_deleted)
            state = None
            if tenant_changed:
                state = TenantState(query.tenant_id, store.last_backup(query.tenant_id),
                                    bool(store.snapshots(query.tenant_id)))
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
            self._show_last_backup(state.last_backup)
        has_backup = self._tenant_state.has_backup if self._tenant_state else False
        if has_backup:
            self.apps_stack.setCurrentWidget(self.table)
        else:
            self.empty_title.setText(self.tr("No backup of this tenant yet."))
            self.empty_backup_button.setVisible(True)
            self.empty_add_tenant_button.setVisible(False)
            self.apps_stack.setCurrentWidget(self.empty_state)
        self.backup_button.setEnabled(self._backup_op is None)
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
        self.apps_loaded.emit()

    def _show_no_match(self) -> None:
        empty = self.model.rowCount() == 0
        if empty:
            if self._query.filter_text:
                text = self.tr("No app matches “{text}”.").format(text=self._query.filter_text)
            elif not self._query.include_deleted:
                text = self.tr("No active app. Tick “Show deleted apps” to see deleted ones.")
            else:
                text = self.tr("No app in this backup.")
            self.no_match_label.setText(text)
            self.no_match_label.setGeometry(self.table.viewport().rect())
        self.no_match_label.setVisible(empty)

    def _table_menu(self, pos: Any) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        app = self.model.app_row(index.row())
        menu = QMenu(self)
        menu.setObjectName("appsTableMenu")
        clipboard = QApplication.clipboard()
        for label, value in ((self.tr("Copy name"), app.display_name),
                             (self.tr("Copy Application (client) ID"), app.app_id),
                             (self.tr("Copy object ID"), app.object_id)):
            menu.addAction(label, functools.partial(clipboard.setText, value))
        menu.addSeparator()
        menu.addAction(self.tr("Restore this app…"), lambda: self.open_restore_wizard([app.pk], None))
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def current_app_pk(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.pk_at(index.row()) if index.isValid() else None

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

    def sort_by(self, column: AppColumn, descending: bool) -> None:
        self._query = AppsQuery(self._query.tenant_id, self._query.filter_text, SORT_KEYS[column], descending,
                                self._query.include_deleted)
        self._show_sort_indicator()
        self.refresh_apps()

    @Slot(int)
    def _header_clicked(self, section: int) -> None:
        column = AppColumn(section)
        if column not in SORT_KEYS:
            self._show_sort_indicator()  # the click moved Qt's indicator: put it back
            return
        if SORT_KEYS[column] == self._query.sort:
            descending = not self._query.descending
        else:
            descending = column == AppColumn.LAST_MODIFIED  # newest first is what one looks for
        self.sort_by(column, descending)

    def _show_sort_indicator(self) -> None:
        column = next(c for c, key in SORT_KEYS.items() if key == self._query.sort)
        order = Qt.SortOrder.DescendingOrder if self._query.descending else Qt.SortOrder.AscendingOrder
        header = self.table.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(column, order)
        header.blockSignals(False)

    @Slot(bool)
    def _show_deleted_toggled(self, checked: bool) -> None:
        self._query = AppsQuery(self._query.tenant_id, self._query.filter_text, self._query.sort,
                                self._query.descending, checked)
        self.refresh_apps()

    @Slot(str)
    def _typed_in_table(self, text: str) -> None:
        self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)
        self.search_box.end(False)
        self.search_box.insert(text)

    @Slot()
    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _current_row_changed(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            self.panel.show_app(self.model.pk_at(current.row()))
        else:
            self.panel.clear()

    def show_app(self, app_pk: int) -> None:
        """Make `app_pk` the current row (when listed) and show it in the panel."""
        row = self.model.row_of(app_pk)
        if row is None:
            self.panel.show_app(app_pk)
            return
        self.table.setCurrentIndex(self.model.index(row, AppColumn.NAME))

    # ============================================================================================= selection

    @Slot()
    def toggle_current_row(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            self.model.toggle_row(index.row())

    @Slot()
    def toggle_select_all(self) -> None:
        if self.model.all_visible_checked():
            self.model.clear_visible()
        else:
            self.model.select_all()

    @Slot()
    def _selection_changed(self) -> None:
        model = self.model
        total = model.rowCount()
        selected = model.checked_count
        hidden = model.hidden_checked_count
        self.count_label.setText(apps_count_text(total, selected, hidden))
        visible_selected = selected - hidden
        state = Qt.CheckState.Unchecked
        if total and visible_selected == total:
            state = Qt.CheckState.Checked
        elif visible_selected:
            state = Qt.CheckState.PartiallyChecked
        self.select_all_box.setCheckState(state)
        self.select_all_box.setEnabled(total > 0)
        self.restore_selected_button.setEnabled(selected > 0)
        self.clear_selection_button.setVisible(selected > 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.table.horizontalHeader() and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._place_select_all()
            if self.no_match_label.isVisible():
                self.no_match_label.setGeometry(self.table.viewport().rect())
        return super().eventFilter(watched, event)

    @Slot()
    def _place_select_all(self) -> None:
        header = self.table.horizontalHeader()
        box = self.select_all_box
        box.resize(box.sizeHint())
        x = header.sectionViewportPosition(AppColumn.CHECK) + (header.sectionSize(AppColumn.CHECK) - box.width()) // 2
        box.move(max(0, x) + 2, max(0, (header.height() - box.height()) // 2))
        box.raise_()

    # ============================================================================================== restore

    def open_restore_wizard(self, app_pks: Sequence[int], snapshot_id: int | None) -> None:
        """The plug point of the restore wizard (issue 5).

        `app_pks`: primary keys of the apps to restore (Restore selected…: every checked app, also those hidden by
        the filter; Restore this version…: the one app). `snapshot_id`: the snapshot to preselect, or None for the
        tenant's newest.
        """
        pks = sorted(app_pks)
        self.restore_wizard_requested.emit(pks, snapshot_id)
        opener = self.services.open_restore_wizard
        if opener is None:
            try:
                module = importlib.import_module("desktop_app.ui.restore_wizard")
            except ModuleNotFoundError:
                module = None
            opener = getattr(module, "open_restore_wizard", None)
        if opener is None:
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("Restore"),
                              self.tr("The restore wizard is not part of this build yet."),
                              QMessageBox.StandardButton.Ok, self)
            box.setObjectName("restoreNotAvailableDialog")
            box.open()
            return
        opener(self, pks, snapshot_id)

    def refresh_after_restore(self) -> None:
        """The wizard calls this after a run: apps may have been recreated, undeleted or changed, and a
        pre-restore snapshot taken. Everything cached is read again."""
        self._id_lists.clear()
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

    # =============================================================================================== backup

    @property
    def backup_running(self) -> bool:
        return self._backup_op is not None

    @Slot()
    def start_backup(self) -> None:
        tenant = self.tenant
        if tenant is None or self._backup_op is not None:
            return
        backup = self.services.backup
        if backup is None:
            self._show_error(self.tr("Back up now"),
                             RuntimeError(self.tr("Backups are not available in this session.")))
            return
        tenant_id = tenant.tenant_id

        def work(task: TaskContext) -> Any:
            return backup.run(tenant_id, trigger="manual", progress=task.progress, cancel=task.cancel)

        op = Operation(self.runner, work, kind=Executor.GRAPH, owner=self, name=f"backup of {tenant_id}")
        op.on_progress(self._backup_progress) \
            .on_success(lambda summary: self._backup_done(tenant_id, summary)) \
            .on_cancelled(lambda: self._backup_ended(tenant_id, "cancelled")) \
            .on_failure(lambda exc: self._backup_failed(tenant_id, exc))
        self._backup_op = op
        self.backup_button.setEnabled(False)
        self.empty_backup_button.setEnabled(False)
        self.backup_progress.setRange(0, 0)
        self.backup_progress.setFormat(self.tr("Starting…"))
        self.backup_status.setCurrentWidget(self._backup_running_page)
        self.cancel_backup_button.setEnabled(True)
        self.statusBar().showMessage(self.tr("Backing up {tenant}…").format(tenant=tenant.display_name))
        op.run()

    @Slot()
    def cancel_backup(self) -> None:
        if self._backup_op is not None:
            self._backup_op.cancel()
            self.cancel_backup_button.setEnabled(False)
            self.backup_progress.setFormat(self.tr("Cancelling…"))

    def _backup_progress(self, progress: Any) -> None:
        done, total, text = _progress_parts(progress)
        if total:
            self.backup_progress.setRange(0, total)
            self.backup_progress.setValue(min(done, total))
            self.backup_progress.setFormat((text + " " if text else "") + "%v / %m")
        else:
            self.backup_progress.setRange(0, 0)
            self.backup_progress.setFormat(text or self.tr("Working…"))

    def _backup_done(self, tenant_id: str, summary: Any) -> None:
        self._backup_ended(tenant_id, "complete")
        self.statusBar().showMessage(self.tr("Backup complete: {summary}").format(summary=_summary_text(summary)),
                                     15000)

    def _backup_failed(self, tenant_id: str, exc: BaseException) -> None:
        self._backup_ended(tenant_id, "failed")
        text = describe_error(exc)
        self.statusBar().showMessage(self.tr("Backup failed: {error}").format(error=text.summary))
        self.error_dialog = show_error(self, self.tr("Back up now failed"), exc,
                                       action=self._sign_in_action(tenant_id, exc))

    def _sign_in_action(self, tenant_id: str, exc: BaseException) -> ErrorAction | None:
        """Sign in… when a sign-in is what the backup missed: signs in to that tenant, then backs up again."""
        needed = sign_in_needed_of(exc)
        actions = getattr(self, "account_actions", None)
        tenant = next((t for t in self._tenants if t.tenant_id == tenant_id), None)
        if needed is None or actions is None or actions.services is None or tenant is None:
            return None

        def signed_in(_account: Any) -> None:
            if self.tenant is not None and self.tenant.tenant_id == tenant_id:
                self.start_backup()

        return ErrorAction(self.tr("Sign in…"), "signInFromErrorButton",
                           lambda: actions.sign_in_to(tenant, write=needed.write, then=signed_in))

    def _backup_ended(self, tenant_id: str, outcome: str) -> None:
        self._backup_op = None
        self.backup_status.setCurrentWidget(self.last_backup_label)
        self.backup_button.setEnabled(self.tenant is not None)
        self.empty_backup_button.setEnabled(True)
        if outcome == "cancelled":
            self.statusBar().showMessage(self.tr("Backup cancelled: the backups are as they were."), 15000)
        if tenant_id == self._query.tenant_id:
            if outcome == "complete":
                self.refresh_after_restore()  # the same re-reading as after a restore
            else:
                self.refresh_apps(tenant_changed=True)
        self.backup_finished.emit(outcome)

    def _show_last_backup(self, snapshot: SnapshotInfo | None) -> None:
        label = self.last_backup_label
        if snapshot is None:
            label.setText(self.tr("Never backed up"))
            label.setStyleSheet("color: palette(mid);")
            label.setToolTip("")
            return
        when = format_datetime(snapshot.finished or snapshot.started)
        if snapshot.status == "complete":
            label.setText(self.tr("Last backup {when} · {apps} apps").format(when=when,
                                                                            apps=format_count(snapshot.apps)))
            label.setStyleSheet("color: #1b6e3a;")
            label.setToolTip(self.tr("{added} added, {changed} changed, {removed} removed; "
                                     "{requests} Graph requests").format(
                added=snapshot.added, changed=snapshot.changed, removed=snapshot.removed,
                requests=snapshot.requests))
        else:
            label.setText(self.tr("Last backup {when} failed").format(when=when))
            label.setStyleSheet("color: #9e2a2b;")
            label.setToolTip(snapshot.error or "")

    # =============================================================================================== errors

    def _show_error(self, title: str, exc: BaseException) -> None:
        self.error_dialog = show_error(self, title, exc)

    @Slot(object)
    def _unhandled_error(self, exc: object) -> None:
        if isinstance(exc, BaseException):
            self._show_error(self.tr("Something went wrong"), exc)


def _progress_parts(progress: Any) -> tuple[int, int, str]:
    """(done, total, phase) from whatever the backup reports: a dataclass with those fields, or a tuple."""
    if isinstance(progress, tuple | list) and len(progress) >= 2:
        text = str(progress[2]) if len(progress) > 2 else ""
        return int(progress[0] or 0), int(progress[1] or 0), text
    done = next((getattr(progress, n) for n in ("done", "completed", "apps_done", "current") if
                 isinstance(getattr(progress, n, None), int)), 0)
    total = next((getattr(progress, n) for n in ("total", "apps_total", "apps") if
                  isinstance(getattr(progress, n, None), int)), 0)
    text = next((_phase_text(str(getattr(progress, n))) for n in ("message", "phase", "stage")
                 if getattr(progress, n, None)), "")
    if isinstance(progress, str):
        text = progress
    return done, total, text


def _summary_text(summary: Any) -> str:
    """BackupSummary (or a SnapshotInfo) in words."""
    if all(isinstance(getattr(summary, name, None), int) for name in ("apps", "added", "changed", "removed")):
        return QApplication.translate("Regvault", "{apps} apps, {added} added, {changed} changed, "
                                                  "{removed} removed").format(
            apps=format_count(summary.apps), added=summary.added, changed=summary.changed, removed=summary.removed)
    return str(summary)


_PHASES = {
    "listing": "Listing apps…",
    "details": "Reading details…",
    "recycle-bin": "Checking the recycle bin…",
    "writing": "Saving…",
}


def _phase_text(phase: str) -> str:
    return QApplication.translate("Regvault", _PHASES[phase]) if phase in _PHASES else phase
