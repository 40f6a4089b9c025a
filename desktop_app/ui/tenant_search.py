"""Search across tenants (issue 26): a box for the main window's toolbar and a results window.

The box searches when Enter is pressed; the results window has the query too and searches again as it is edited
(after a short pause). Each search runs on the database worker (Store.search: one scan, no document opened); an
answer that arrives after a newer question is dropped. Each hit names its tenant, its status and what matched;
activating it asks the main window to open the app in its tenant (`app_requested`).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QLineEdit, QMessageBox, QVBoxLayout, QWidget

from desktop_app.store import Store
from desktop_app.store.cross_tenant import SearchHit, SearchResult
from desktop_app.ui.errors import show_error
from desktop_app.ui.named import named
from desktop_app.ui.restore.models import Column, RecordTableModel
from desktop_app.ui.restore.views import record_table
from desktop_app.ui.tasks import Executor, Operation, TaskRunner
from desktop_app.ui.texts import QT_TRANSLATE_NOOP, TrContext, app_status_text, format_count

SearchTexts = TrContext("SearchTexts")

LIMIT = 2_000  # hits shown; the count covers every match
PAUSE_MS = 250

KIND_WORDS = {
    "name": QT_TRANSLATE_NOOP("SearchTexts", "name"),
    "appId": QT_TRANSLATE_NOOP("SearchTexts", "client ID"),
    "objectId": QT_TRANSLATE_NOOP("SearchTexts", "object ID"),
    "servicePrincipalId": QT_TRANSLATE_NOOP("SearchTexts", "service principal ID"),
    "redirectUri": QT_TRANSLATE_NOOP("SearchTexts", "redirect URI"),
    "identifierUri": QT_TRANSLATE_NOOP("SearchTexts", "identifier URI"),
    "permission": QT_TRANSLATE_NOOP("SearchTexts", "requested permission"),
    "grantedPermission": QT_TRANSLATE_NOOP("SearchTexts", "granted permission"),
    "owner": QT_TRANSLATE_NOOP("SearchTexts", "owner"),
    "thumbprint": QT_TRANSLATE_NOOP("SearchTexts", "certificate thumbprint"),
}


def found_text(hit: SearchHit) -> str:
    return "; ".join(f"{SearchTexts.tr(KIND_WORDS.get(m.kind, m.kind))}: {m.text}" for m in hit.matches)


def hits_model(parent: QObject) -> RecordTableModel[SearchHit]:
    return RecordTableModel[SearchHit]([
        Column(SearchTexts.tr("Tenant"), lambda h: h.tenant_name),
        Column(SearchTexts.tr("App"), lambda h: h.display_name),
        Column(SearchTexts.tr("Application (client) ID"), lambda h: h.app_id, fixed_font=True),
        Column(SearchTexts.tr("Status"), lambda h: app_status_text(h.status, None)),
        Column(SearchTexts.tr("Found by"), found_text),
    ], parent)


class SearchResults(QWidget):
    """The results window (non-modal)."""

    app_requested = Signal(str, int)  # tenant id, app pk
    answered = Signal()

    def __init__(self, store: Store, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        named(self, "searchResults", self.tr("Search all tenants"))
        self.setWindowTitle(self.tr("Search all tenants"))
        self._store = store
        self._runner = runner
        self._asked = 0  # the newest question; older answers are dropped
        self.error_dialog: QMessageBox | None = None
        self.query_box = named(QLineEdit(self), "searchResultsQuery", self.tr("Search all tenants for"))
        self.query_box.setPlaceholderText(self.tr("Name, client or object ID, URI, permission, owner, thumbprint…"))
        self.query_box.setClearButtonEnabled(True)
        self.model = hits_model(self)
        self.table = record_table(self, "searchResultsTable", self.tr("Apps found"), self.model)
        for column, width in enumerate((150, 220, 290, 110)):
            self.table.horizontalHeader().resizeSection(column, width)
        self.summary = named(QLabel(self), "searchResultsSummary", self.tr("How many apps were found"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.query_box)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.resize(1000, 520)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(PAUSE_MS)
        self._pause.timeout.connect(lambda: self.search(self.query_box.text()))
        self.query_box.textEdited.connect(lambda _text: self._pause.start())
        self.query_box.returnPressed.connect(lambda: self.search(self.query_box.text()))
        self.table.activated.connect(self._activated)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self).activated.connect(self.close)

    def search(self, text: str) -> None:
        """Ask the store (on the database worker); the answer shows when it comes, unless a newer one was asked."""
        self._pause.stop()
        if self.query_box.text() != text:
            self.query_box.setText(text)
        self._asked += 1
        asked = self._asked
        if not text.strip():
            self._show(asked, SearchResult((), 0), text)
            return
        self.summary.setText(self.tr("Searching…"))
        store = self._store
        (Operation(self._runner, lambda _task: store.search.find(text, limit=LIMIT), kind=Executor.DATABASE,
                   owner=self, name="search all tenants")
         .on_success(lambda result: self._show(asked, result, text)).on_failure(self._failed).run())

    def _show(self, asked: int, result: SearchResult, text: str) -> None:
        if asked != self._asked:
            return
        self.model.set_records(result.hits)
        if not text.strip():
            self.summary.setText(self.tr("Type what to find."))
        elif not result.total:
            self.summary.setText(self.tr("No app of any tenant matches."))
        else:
            tenants = len({h.tenant_id for h in result.hits})
            summary = self.tr("%Ln app(s) in {tenants}", "", result.total).format(
                tenants=self.tr("%Ln tenant(s)", "", tenants))
            if result.total > len(result.hits):
                summary += self.tr(" (the first {n} shown)").format(n=format_count(len(result.hits)))
            self.summary.setText(summary)
        if result.hits:
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.answered.emit()

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(self.tr("The search failed."))
        self.error_dialog = show_error(self, self.tr("Could not search the tenants"), exc)

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        if 0 <= index.row() < self.model.rowCount():
            hit = self.model.record(index.row())
            self.app_requested.emit(hit.tenant_id, hit.app_pk)


class AllTenantsSearch(QLineEdit):
    """The toolbar's box: Enter opens the results window with the query (kept between searches)."""

    def __init__(self, store: Store, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        named(self, "allTenantsSearch", self.tr("Search all tenants"),
              self.tr("Apps of every tenant by name, client or object ID, redirect or identifier URI, "
                      "permission, owner or certificate thumbprint (from the backups, no network)"))
        self.setPlaceholderText(self.tr("Search all tenants…"))
        self.setClearButtonEnabled(True)
        self.setMaximumWidth(320)
        self.results = SearchResults(store, runner, self.window())
        self.returnPressed.connect(self.open_results)

    @Slot()
    def open_results(self) -> None:
        self.results.show()
        self.results.raise_()
        self.results.activateWindow()
        self.results.search(self.text())
