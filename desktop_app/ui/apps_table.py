"""The apps table of the main window: the view, its header (sorting, select all), the empty and no-match states,
the context menu and the check-box selection."""

from __future__ import annotations

import functools
import html
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QFontDatabase, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.apps_model import SORT_KEYS, AppColumn, AppsQuery
from desktop_app.ui.colors import MUTED, set_text_tone
from desktop_app.ui.texts import apps_count_text, format_count


class HeaderCheckBox(QCheckBox):
    """The "select all" box over the check column's header. The window decides the state, not the click."""

    toggle_requested = Signal()

    def nextCheckState(self) -> None:  # noqa: N802 - Qt's name
        self.toggle_requested.emit()


class AppsTableView(QTableView):
    """Typing in the table goes to the filter box: Qt's keyboard search would load every row to match text."""

    typed = Signal(str)
    # Enter on a row: the window takes the keyboard to the side panel, where that app is shown.
    row_entered = Signal()

    def keyboardSearch(self, search: str) -> None:  # noqa: N802 - Qt's name
        pass  # see keyPressEvent

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.row_entered.emit()
            event.accept()
            return
        text = event.text()
        plain = not (event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier))
        if plain and text and text.isprintable() and not text.isspace() and text not in "[]":
            self.typed.emit(text)
            event.accept()
            return
        super().keyPressEvent(event)



# What the name column keeps before the client ID column gives way, and the least the client ID keeps.
MIN_NAME_WIDTH = 240
MIN_CLIENT_ID_WIDTH = 110


class AppsTable:
    """Mixed into MainWindow (whose model, query and panel it uses): builds and drives the apps table."""

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
        table.row_entered.connect(self.focus_panel)
        # Tab leaves the table (to the side panel) instead of walking every cell, which read each row it passed.
        table.setTabKeyNavigation(False)
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
        self._client_id_width = QFontMetrics(
            QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)).horizontalAdvance("0" * 36) + 24
        header.resizeSection(AppColumn.CLIENT_ID, self._client_id_width)
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
        set_text_tone(self.no_match_label, MUTED, "padding: 32px;")
        self.no_match_label.setWordWrap(True)
        self.no_match_label.setTextFormat(Qt.TextFormat.RichText)
        self.no_match_label.linkActivated.connect(lambda _link: self.show_deleted_toggle.setChecked(True))
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

    def _show_no_match(self) -> None:
        empty = self.model.rowCount() == 0
        if empty:
            deleted = self.deleted_matches.get(self._query, 0)
            if self._query.filter_text and deleted:
                text = self.tr("No active app matches “{text}”, but {apps} deleted — "
                               "<a href='#show-deleted'>show deleted apps</a> (Alt+D).").format(
                    text=html.escape(self._query.filter_text),
                    apps=self.tr("1 app that was") if deleted == 1 else self.tr("{n} apps that were").format(
                        n=format_count(deleted)))
            elif self._query.filter_text:
                text = self.tr("No app matches “{text}”.").format(text=html.escape(self._query.filter_text))
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
    def focus_table(self) -> None:
        """Down or Enter in the filter: to the results, on the first row when none is current."""
        if self.model.rowCount() == 0:
            return
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, AppColumn.NAME))

    @Slot()
    def focus_panel(self) -> None:
        self.panel.focus_details()

    @Slot()
    def switch_pane(self) -> None:
        """F6: between the apps table and the side panel."""
        if self.panel.isAncestorOf(QApplication.focusWidget()):
            self.focus_table()
        else:
            self.focus_panel()

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
        self.restore_selected_action.setEnabled(selected > 0)
        self.clear_selection_button.setVisible(selected > 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown):  # type: ignore[attr-defined]
            self._apply_filter()
            self.focus_table()
            return True
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress \
                and event.key() == Qt.Key.Key_Escape and self.search_box.text():  # type: ignore[attr-defined]
            self.search_box.clear()  # Esc empties the filter (the list comes back)
            return True
        table = getattr(self, "table", None)  # the filter box is built (and watched) before the table
        if table is not None and watched is table.horizontalHeader() and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._fit_client_id()
            self._place_select_all()
            if self.no_match_label.isVisible():
                self.no_match_label.setGeometry(self.table.viewport().rect())
        return super().eventFilter(watched, event)

    def _fit_client_id(self) -> None:
        """On a narrow table the client ID gives way (elided; its tooltip and the panel have it whole) before the
        names do: names elided to "Build Age…" were what an admin could not read at 1280x720."""
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(c) for c in AppColumn if c not in (AppColumn.NAME, AppColumn.CLIENT_ID))
        room = self.table.viewport().width() - others
        wanted = max(MIN_CLIENT_ID_WIDTH, min(self._client_id_width, room - MIN_NAME_WIDTH))
        if header.sectionSize(AppColumn.CLIENT_ID) != wanted:
            header.resizeSection(AppColumn.CLIENT_ID, wanted)

    @Slot()
    def _place_select_all(self) -> None:
        header = self.table.horizontalHeader()
        box = self.select_all_box
        box.resize(box.sizeHint())
        x = header.sectionViewportPosition(AppColumn.CHECK) + (header.sectionSize(AppColumn.CHECK) - box.width()) // 2
        box.move(max(0, x) + 2, max(0, (header.height() - box.height()) // 2))
        box.raise_()

