"""The apps table of the main window, a component: the filter over it, "Show deleted apps", the count and the
check-box selection, the table (or its empty state), the context menu. It owns its widgets, its query and the
loading of its id lists, and reports what the user does with signals; the window connects them."""

from __future__ import annotations

import functools
import html
import logging
from dataclasses import replace

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QModelIndex,
    QObject,
    QPoint,
    QSettings,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.store import Store
from desktop_app.ui import shortcuts
from desktop_app.ui.apps_loader import AppsLoader, TenantState
from desktop_app.ui.apps_model import SORT_KEYS, AppColumn, AppIdList, AppsQuery, AppsTableModel
from desktop_app.ui.apps_view import AppsTableView, sortable
from desktop_app.ui.errors import show_error
from desktop_app.ui.named import named, named_button
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.texts import apps_count_text

log = logging.getLogger(__name__)

# The filter's query runs on the database worker and a newer filter replaces one still queued, so typing never
# piles up work: keystrokes are only coalesced within one turn of the event loop (a paste, key repeat), and the
# table follows the keystroke within the query's time (~30 ms at 100,000 apps) instead of a fixed wait.
SEARCH_DEBOUNCE_MS = 0


class AppsTable(QWidget):
    # The table shows a new id list (tests and the benchmark wait on it).
    loaded = Signal()
    # The current row's app (its pk), or None: the side panel follows it.
    current_app_changed = Signal(object)
    # How many apps are checked (hidden ones too): Restore selected… follows it.
    checked_changed = Signal(int)
    # (app pks, snapshot id or None): the context menu's Restore this app….
    restore_requested = Signal(list, object)
    # The empty state's buttons.
    backup_requested = Signal()
    add_tenant_requested = Signal()
    # Enter on a row: the keyboard goes to the side panel.
    row_entered = Signal()
    # The tenant's last backup and certificates still to come, read with its first list.
    tenant_state_read = Signal(object)

    def __init__(self, store: Store, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("appsPane")
        self._query = AppsQuery("")
        self._tenant_state: TenantState | None = None
        self._first_apps_logged = False
        self.error_dialog: QMessageBox | None = None
        self.model = AppsTableModel(store.app_rows, self)
        self.loader = AppsLoader(store, runner, self)
        self.loader.loaded.connect(self._apply)
        self.loader.failed.connect(self._failed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 0, 8)
        layout.setSpacing(6)
        filter_line = QHBoxLayout()
        filter_line.addWidget(self._build_filter_box(), 1)
        self.show_deleted_toggle = named_button(
            QCheckBox(self.tr("Show &deleted apps"), self), "showDeletedToggle", self.tr("Show deleted apps"),
            self.tr("Also list apps in the recycle bin and apps deleted permanently"),
            toggled=self._show_deleted_toggled)
        filter_line.addWidget(self.show_deleted_toggle)
        self.only_deleted_toggle = named_button(
            QCheckBox(self.tr("&Only deleted"), self), "onlyDeletedToggle", self.tr("Show only deleted apps"),
            self.tr("List only the apps in the recycle bin and those deleted permanently"),
            toggled=self._only_deleted_toggled)
        layout.addLayout(filter_line)

        count_line = QHBoxLayout()
        self.count_label = named(QLabel(self), "countLabel", self.tr("Apps and selection"))
        self.clear_selection_button = named_button(QPushButton(self.tr("Clear selection"), self),
                                                   "clearSelectionButton", self.tr("Clear selection"),
                                                   clicked=self.model.clear_all)
        self.clear_selection_button.setFlat(True)
        self.clear_selection_button.setVisible(False)
        count_line.addWidget(self.count_label)
        count_line.addWidget(self.clear_selection_button)
        count_line.addStretch(1)
        # Under "Show deleted apps", which it narrows (beside it, the filter line was too wide at 1280 pixels).
        count_line.addWidget(self.only_deleted_toggle)
        layout.addLayout(count_line)

        self.stack = QStackedWidget(self)
        self.table = AppsTableView(self.model, self.stack)
        self.table.typed.connect(self._typed_in_table)
        self.table.row_entered.connect(self.row_entered)
        self.table.show_deleted_requested.connect(lambda: self.show_deleted_toggle.setChecked(True))
        self.table.horizontalHeader().sectionClicked.connect(self._header_clicked)
        self.table.select_all_box.toggle_requested.connect(self.toggle_select_all)
        self.table.selectionModel().currentRowChanged.connect(self._current_row_changed)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_menu)
        space = QShortcut(QKeySequence(Qt.Key.Key_Space), self.table)
        space.setContext(Qt.ShortcutContext.WidgetShortcut)
        space.activated.connect(self.toggle_current_row)
        self.stack.addWidget(self.table)
        self.empty_state = self._build_empty_state(self.stack)
        self.stack.addWidget(self.empty_state)
        layout.addWidget(self.stack, 1)
        self.model.selection_changed.connect(self._selection_changed)

    # ================================================================================================ build

    def _build_filter_box(self) -> QLineEdit:
        """The filter over the table (not in the toolbar: on a small screen the toolbar's » hid it)."""
        self.search_box = named(QLineEdit(self), "searchBox", self.tr("Filter apps"), shortcuts.with_keys(
            self.tr("Any part of the name or of the client ID"), QKeySequence(QKeySequence.StandardKey.Find)))
        self.search_box.setPlaceholderText(self.tr("Filter by name or Application (client) ID"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMinimumWidth(200)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search_box.textChanged.connect(self._search_timer.start)
        self.search_box.returnPressed.connect(self.apply_filter)
        self.search_box.returnPressed.connect(self.focus_table)
        self.search_box.installEventFilter(self)
        return self.search_box

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
        self.empty_backup_button = named_button(QPushButton(self.tr("Back up now"), page),
                                                "emptyStateBackupButton", self.tr("Back up now"),
                                                clicked=self.backup_requested)
        self.empty_add_tenant_button = named_button(
            QPushButton(self.tr("Add tenant…"), page), "emptyStateAddTenantButton", self.tr("Add a tenant"),
            self.tr("Sign in to a tenant to back up its app registrations"),
            clicked=self.add_tenant_requested)
        self.empty_add_tenant_button.setVisible(False)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.empty_backup_button)
        row.addWidget(self.empty_add_tenant_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        return page

    # ============================================================================================= settings

    def restore_settings(self, settings: QSettings) -> None:
        header = settings.value("appsTable/header")
        if isinstance(header, QByteArray) and not header.isEmpty():
            self.table.horizontalHeader().restoreState(header)
        sort = str(settings.value("appsTable/sort", "name"))
        descending = str(settings.value("appsTable/descending", "false")).lower() == "true"
        self._query = AppsQuery("", "", sort if sort in SORT_KEYS.values() else "name", descending,  # type: ignore[arg-type]
                                str(settings.value("appsTable/showDeleted", "false")).lower() == "true")
        self.show_deleted_toggle.blockSignals(True)
        self.show_deleted_toggle.setChecked(self._query.include_deleted)
        self.show_deleted_toggle.blockSignals(False)
        self.only_deleted_toggle.setEnabled(self._query.include_deleted)
        self._show_sort_indicator()

    def save_settings(self, settings: QSettings) -> None:
        settings.setValue("appsTable/header", self.table.horizontalHeader().saveState())
        settings.setValue("appsTable/sort", self._query.sort)
        settings.setValue("appsTable/descending", "true" if self._query.descending else "false")
        settings.setValue("appsTable/showDeleted", "true" if self._query.include_deleted else "false")

    # ============================================================================================ the list

    @property
    def query(self) -> AppsQuery:
        return self._query

    @property
    def has_backup(self) -> bool:
        """The shown tenant has a backup (as read with its first list)."""
        return self._tenant_state.has_backup if self._tenant_state is not None else False

    def show_tenant(self, tenant_id: str) -> None:
        """The apps of another tenant (the selection is the old tenant's: it goes)."""
        if tenant_id == self._query.tenant_id:
            return
        self._set_query(tenant_id=tenant_id, tenant_changed=True)

    def show_no_tenant(self) -> None:
        """No tenant at all: the empty state says how to add one."""
        self._query = replace(self._query, tenant_id="")
        self.model.set_id_list(AppIdList.build(self._query, []))
        self.empty_title.setText(self.tr("No tenant yet.\nAdd one to back up its app registrations:\n"
                                         "Tenants → Add tenant…"))
        self.empty_backup_button.setVisible(False)
        self.empty_add_tenant_button.setVisible(True)
        self.stack.setCurrentWidget(self.empty_state)

    def refresh(self, *, tenant_changed: bool = False) -> None:
        """Show the list for the current query: from the loader's cache when it has it, else from SQL (the newest
        request wins). `tenant_changed` also re-reads the tenant's last backup."""
        if self._query.tenant_id:
            self.loader.request(self._query, tenant_changed=tenant_changed)

    def reload(self) -> None:
        """After a restore or a backup: apps may have been recreated, undeleted or changed, and a snapshot taken.
        Everything cached is read again."""
        self.loader.forget()
        self.model.forget_rows()
        self.refresh(tenant_changed=True)

    def _set_query(self, *, tenant_id: str | None = None, filter_text: str | None = None,
                   sort: str | None = None, descending: bool | None = None, include_deleted: bool | None = None,
                   deleted_only: bool | None = None, tenant_changed: bool = False) -> None:
        q = self._query
        self._query = AppsQuery(
            q.tenant_id if tenant_id is None else tenant_id,
            q.filter_text if filter_text is None else filter_text,
            q.sort if sort is None else sort,  # type: ignore[arg-type]
            q.descending if descending is None else descending,
            q.include_deleted if include_deleted is None else include_deleted,
            q.deleted_only if deleted_only is None else deleted_only,
        )
        self.refresh(tenant_changed=tenant_changed)

    @Slot(object, object)
    def _apply(self, id_list: AppIdList, state: TenantState | None) -> None:
        current = self.current_app_pk()
        self.model.set_id_list(id_list)
        if state is not None:
            self._tenant_state = state
            self.tenant_state_read.emit(state)
        if self.has_backup:
            self.stack.setCurrentWidget(self.table)
        else:
            self.empty_title.setText(self.tr("No backup of this tenant yet."))
            self.empty_backup_button.setVisible(True)
            self.empty_add_tenant_button.setVisible(False)
            self.stack.setCurrentWidget(self.empty_state)
        if current is not None:
            row = self.model.row_of(current)
            if row is not None:
                self.table.selectionModel().blockSignals(True)
                self.table.setCurrentIndex(self.model.index(row, AppColumn.NAME))
                self.table.selectionModel().blockSignals(False)
                self.table.scrollTo(self.model.index(row, AppColumn.NAME),
                                    QAbstractItemView.ScrollHint.PositionAtCenter)
        self.table.place_select_all()
        self._show_no_match()
        if not self._first_apps_logged and self.model.rowCount():
            self._first_apps_logged = True  # the demo benchmark reads this line
            log.info("main window shows %d apps", self.model.rowCount())
        self.loaded.emit()

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        self.error_dialog = show_error(self.window(), self.tr("Could not read the backed-up apps"), exc)

    def _show_no_match(self) -> None:
        if self.model.rowCount():
            self.table.show_no_match(None)
            return
        query = self._query
        deleted = self.loader.deleted_matches(query)
        if query.filter_text and deleted:
            text = self.tr("No active app matches “{text}”, but %Ln app(s) that were deleted — "
                           "<a href='#show-deleted'>show deleted apps</a> (Alt+D).", "", deleted).format(
                text=html.escape(query.filter_text))
        elif query.filter_text:
            text = self.tr("No app matches “{text}”.").format(text=html.escape(query.filter_text))
        elif not query.include_deleted:
            text = self.tr("No active app. Tick “Show deleted apps” to see deleted ones.")
        elif query.deleted_only:
            text = self.tr("No deleted app in this backup.")
        else:
            text = self.tr("No app in this backup.")
        self.table.show_no_match(text)

    # ============================================================================== filter, sort, deleted

    @Slot()
    def apply_filter(self) -> None:
        self._search_timer.stop()
        text = self.search_box.text().strip()
        if text != self._query.filter_text:
            self._set_query(filter_text=text)

    def set_filter(self, text: str) -> None:
        """Type into the filter box and apply it at once (no debounce)."""
        self.search_box.setText(text)
        self.apply_filter()

    def sort_by(self, column: AppColumn, descending: bool) -> None:
        self._query = replace(self._query, sort=SORT_KEYS[column], descending=descending)
        self._show_sort_indicator()
        self.refresh()

    @Slot(int)
    def _header_clicked(self, section: int) -> None:
        column = sortable(section)
        if column is None:
            self._show_sort_indicator()  # the click moved Qt's indicator: put it back
            return
        if SORT_KEYS[column] == self._query.sort:
            descending = not self._query.descending
        else:
            descending = column == AppColumn.LAST_MODIFIED  # newest first is what one looks for
        self.sort_by(column, descending)

    def _show_sort_indicator(self) -> None:
        column = next(c for c, key in SORT_KEYS.items() if key == self._query.sort)
        self.table.show_sort(column, self._query.descending)

    @Slot(bool)
    def _show_deleted_toggled(self, checked: bool) -> None:
        # "Only deleted" narrows the deleted apps shown: without them it has nothing to narrow.
        self.only_deleted_toggle.setEnabled(checked)
        self._set_query(include_deleted=checked, deleted_only=checked and self.only_deleted_toggle.isChecked())

    @Slot(bool)
    def _only_deleted_toggled(self, checked: bool) -> None:
        self._set_query(deleted_only=checked and self.show_deleted_toggle.isChecked())

    # ================================================================================== keyboard and rows

    @Slot(str)
    def _typed_in_table(self, text: str) -> None:
        self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)
        self.search_box.end(False)
        self.search_box.insert(text)

    @Slot()
    def focus_table(self) -> None:
        """Down or Enter in the filter: to the results, on the first row when none is current."""
        if self.model.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, AppColumn.NAME))

    @Slot()
    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.search_box and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):
                self.apply_filter()
                self.focus_table()
                return True
            if event.key() == Qt.Key.Key_Escape and self.search_box.text():
                self.search_box.clear()  # Esc empties the filter (the list comes back)
                return True
        return super().eventFilter(watched, event)

    def current_app_pk(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.pk_at(index.row()) if index.isValid() else None

    def show_app(self, app_pk: int) -> None:
        """Make `app_pk` the current row when listed; either way the side panel is asked to show it."""
        row = self.model.row_of(app_pk)
        if row is None:
            self.current_app_changed.emit(app_pk)
            return
        self.table.setCurrentIndex(self.model.index(row, AppColumn.NAME))

    def _current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.current_app_changed.emit(self.model.pk_at(current.row()) if current.isValid() else None)

    def _table_menu(self, pos: QPoint) -> None:
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
        menu.addAction(self.tr("Restore this app…"), lambda: self.restore_requested.emit([app.pk], None))
        menu.popup(self.table.viewport().mapToGlobal(pos))

    # ============================================================================================ selection

    @property
    def checked(self) -> list[int]:
        """Every checked app, those hidden by the filter too, in pk order."""
        return sorted(self.model.checked)

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
        box = self.table.select_all_box
        box.setCheckState(state)
        box.setEnabled(total > 0)
        self.clear_selection_button.setVisible(selected > 0)
        self.checked_changed.emit(selected)
