"""The apps table's view: fixed row heights, its header (sort indicator, the "select all" box over the check
column, the client ID giving way to names on a narrow table) and the no-match note over an empty list."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QFontDatabase, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QHeaderView, QLabel, QTableView, QWidget

from desktop_app.ui.apps_model import SORT_KEYS, AppColumn, AppsTableModel
from desktop_app.ui.colors import MUTED, set_text_tone
from desktop_app.ui.named import named
from desktop_app.ui.restore.views import rows_read_only
from desktop_app.ui.texts import app_status_text

# What the name column keeps before the client ID column gives way, and the least the client ID keeps.
MIN_NAME_WIDTH = 240
MIN_CLIENT_ID_WIDTH = 110


class HeaderCheckBox(QCheckBox):
    """The "select all" box over the check column's header. The table decides the state, not the click."""

    toggle_requested = Signal()

    def nextCheckState(self) -> None:  # noqa: N802 - Qt's name
        self.toggle_requested.emit()


class AppsTableView(QTableView):
    """Typing in the table goes to the filter box: Qt's keyboard search would load every row to match text."""

    typed = Signal(str)
    # Enter on a row: the window takes the keyboard to the side panel, where that app is shown.
    row_entered = Signal()
    # The no-match note's "show deleted apps" link.
    show_deleted_requested = Signal()

    def __init__(self, model: AppsTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "appsTable", self.tr("Backed-up apps"))
        self.setModel(model)
        rows_read_only(self)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        # Tab leaves the table (to the side panel) instead of walking every cell, which read each row it passed.
        self.setTabKeyNavigation(False)
        # One fixed row height: the view never asks 100,000 rows for their size.
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.horizontalHeader()
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
        digits = self.fontMetrics()
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self._client_id_width = QFontMetrics(fixed).horizontalAdvance("0" * 36) + 24
        header.resizeSection(AppColumn.CLIENT_ID, self._client_id_width)
        header.resizeSection(AppColumn.LAST_MODIFIED, digits.horizontalAdvance("2026-12-31 23:59") + 24)
        # Wide enough for every status in the window's language; the recycle bin's date may elide (the tooltip has it).
        header.resizeSection(AppColumn.STATUS, max(digits.horizontalAdvance(app_status_text(status, None))
                                                   for status in ("active", "recycled", "purged")) + 28)
        header.setStretchLastSection(False)
        model.set_client_id_font(fixed)

        self.select_all_box = named(
            HeaderCheckBox(header), "selectAllCheckBox", self.tr("Select every app that matches the filter"),
            self.tr("Select every app that matches the filter, not only the rows on screen"))
        self.select_all_box.setTristate(True)
        header.sectionResized.connect(self.place_select_all)
        header.geometriesChanged.connect(self.place_select_all)
        header.installEventFilter(self)
        self.horizontalScrollBar().valueChanged.connect(self.place_select_all)

        self.no_match_label = named(QLabel(self.viewport()), "noMatchLabel", self.tr("Why no app is listed"))
        self.no_match_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_text_tone(self.no_match_label, MUTED, "padding: 32px;")
        self.no_match_label.setWordWrap(True)
        self.no_match_label.setTextFormat(Qt.TextFormat.RichText)
        self.no_match_label.linkActivated.connect(lambda _link: self.show_deleted_requested.emit())
        self.no_match_label.hide()

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

    def show_sort(self, column: AppColumn, descending: bool) -> None:
        """The header's indicator on `column` (Qt moves it on every click, sortable column or not)."""
        order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        header = self.horizontalHeader()
        header.blockSignals(True)
        header.setSortIndicator(column, order)
        header.blockSignals(False)

    def show_no_match(self, text: str | None) -> None:
        """The note over an empty list (rich text); None hides it."""
        if text is not None:
            self.no_match_label.setText(text)
            self.no_match_label.setGeometry(self.viewport().rect())
        self.no_match_label.setVisible(text is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.horizontalHeader() and event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._fit_client_id()
            self.place_select_all()
            if self.no_match_label.isVisible():
                self.no_match_label.setGeometry(self.viewport().rect())
        return super().eventFilter(watched, event)

    def _fit_client_id(self) -> None:
        """On a narrow table the client ID gives way (elided; its tooltip and the panel have it whole) before the
        names do: names elided to "Build Age…" were what an admin could not read at 1280x720."""
        header = self.horizontalHeader()
        others = sum(header.sectionSize(c) for c in AppColumn if c not in (AppColumn.NAME, AppColumn.CLIENT_ID))
        room = self.viewport().width() - others
        wanted = max(MIN_CLIENT_ID_WIDTH, min(self._client_id_width, room - MIN_NAME_WIDTH))
        if header.sectionSize(AppColumn.CLIENT_ID) != wanted:
            header.resizeSection(AppColumn.CLIENT_ID, wanted)

    @Slot()
    def place_select_all(self) -> None:
        header = self.horizontalHeader()
        box = self.select_all_box
        box.resize(box.sizeHint())
        x = header.sectionViewportPosition(AppColumn.CHECK) + (header.sectionSize(AppColumn.CHECK) - box.width()) // 2
        box.move(max(0, x) + 2, max(0, (header.height() - box.height()) // 2))
        box.raise_()


def sortable(section: int) -> AppColumn | None:
    """The column a header click sorts by, or None (the check and status columns)."""
    column = AppColumn(section)
    return column if column in SORT_KEYS else None
