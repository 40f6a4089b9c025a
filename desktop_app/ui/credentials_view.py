"""The Credentials view: every client secret and certificate of every tenant's apps and service principals, with the
columns of `regvault credentials`, sortable and filterable (issue 26).

The store answers once, on the database worker (one indexed query, no document opened); the model then holds the
rows with the folded text the filter looks in, made at load, so a keystroke in the filter is a pass over Python
strings (30,000 credentials: a few milliseconds), not a query. A column's sort keys are made on its first sort and
kept; what a row shows (local times, translated words) is made when it is first painted. The whole set is a few
megabytes, and every row is needed anyway for the counts. The filter looks in every column but the dates.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.credentials import days_left
from desktop_app.store import Store, TenantInfo
from desktop_app.store.cross_tenant import CredentialRecord
from desktop_app.ui.colors import DANGER, WARNING
from desktop_app.ui.errors import show_error
from desktop_app.ui.named import named
from desktop_app.ui.restore.views import record_table
from desktop_app.ui.screen_fit import fit_to_screen
from desktop_app.ui.tasks import Executor, Operation, TaskContext, TaskRunner
from desktop_app.ui.texts import QT_TRANSLATE_NOOP, TrContext, format_count, format_datetime

CredentialsTexts = TrContext("CredentialsTexts")

Index = QModelIndex | QPersistentModelIndex
SOON_DAYS = 30  # ends within this many days: drawn as a warning
RecordRole = Qt.ItemDataRole.UserRole + 1


class CredentialColumn(enum.IntEnum):
    TENANT = 0
    APP = 1
    HOLDER = 2
    KIND = 3
    NAME = 4
    IDENTIFIER = 5
    START = 6
    END = 7
    DAYS_LEFT = 8
    OWNERS = 9


class Show(enum.Enum):
    ALL = "all"
    SOON = "soon"  # expiring within SOON_DAYS, not yet expired
    QUARTER = "quarter"  # within 90 days
    EXPIRED = "expired"


_NO_END = datetime.max.replace(tzinfo=UTC)


# How far off a credential's end is, made once at load: the "show" filter and the counts compare these small ints.
NO_END, ENDED, WITHIN_SOON, WITHIN_90, LATER = range(5)
_SHOWN_BANDS = {Show.SOON: frozenset({WITHIN_SOON}), Show.QUARTER: frozenset({WITHIN_SOON, WITHIN_90}),
                Show.EXPIRED: frozenset({ENDED})}


def _band(left: int | None) -> int:
    if left is None:
        return NO_END
    if left < 0:
        return ENDED
    return WITHIN_SOON if left <= SOON_DAYS else WITHIN_90 if left <= 90 else LATER


@dataclass
class _Row:
    record: CredentialRecord
    days_left: int | None
    band: int
    folded: str  # what the filter looks in: every column but the dates, casefolded
    texts: tuple[str, ...] | None = None  # as shown, made when the row is first painted


@dataclass(frozen=True)
class _Words:
    """The words of the holder and kind columns, translated once per load (not once per row)."""

    service_principal: str
    app_registration: str
    secret: str
    certificate: str

    @classmethod
    def now(cls) -> _Words:
        return cls(CredentialsTexts.tr("Service principal"), CredentialsTexts.tr("App registration"), CredentialsTexts.tr("Client secret"), CredentialsTexts.tr("Certificate"))

    def holder(self, c: CredentialRecord) -> str:
        return self.service_principal if c.holder == "servicePrincipal" else self.app_registration

    def kind(self, c: CredentialRecord) -> str:
        return self.secret if c.kind == "secret" else self.certificate


def _identifier(c: CredentialRecord) -> str:
    return (c.hint if c.kind == "secret" else c.thumbprint) or ""


def _owners(c: CredentialRecord) -> str:
    return ", ".join(o.label for o in c.owners)


class CredentialsModel(QAbstractTableModel):
    """The credentials, filtered and sorted in memory over values made at load (see the module docstring)."""

    HEADERS = (
        QT_TRANSLATE_NOOP("CredentialsTexts", "Tenant"),
        QT_TRANSLATE_NOOP("CredentialsTexts", "App"),
        QT_TRANSLATE_NOOP("CredentialsTexts", "Held by"),
        QT_TRANSLATE_NOOP("CredentialsTexts", "Kind"),
        QT_TRANSLATE_NOOP("CredentialsTexts", "Name"),
        QT_TRANSLATE_NOOP("CredentialsTexts", "Hint or thumbprint"),
        QT_TRANSLATE_NOOP("CredentialsTexts", "Starts"),
        QT_TRANSLATE_NOOP("CredentialsTexts", "Ends"),
        QT_TRANSLATE_NOOP("CredentialsTexts", "Days left"),
        QT_TRANSLATE_NOOP("CredentialsTexts", "Owners"),
    )

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._order: list[int] = []  # indexes of _rows in the current sort
        self._shown: list[int] = []  # the rows that pass the filter, in that order
        self._sorted: dict[tuple[int, bool], list[int]] = {}
        self._sort: tuple[int, bool] = (int(CredentialColumn.END), False)
        self._needle = ""
        self._band_counts: Counter[int] = Counter()
        self._show = Show.ALL
        self._tenant_id: str | None = None
        self._now = datetime.now(UTC)
        self._words = _Words.now()

    # ------------------------------------------------------------------------------------------------------ load
    def set_records(self, records: Sequence[CredentialRecord], now: datetime) -> None:
        self.beginResetModel()
        self._now = now
        words = self._words = _Words.now()
        rows = []
        for c in records:
            left = None if c.end is None else days_left(c.end, now)
            rows.append(_Row(c, left, _band(left),
                             "\n".join((c.tenant_name, c.app_name, words.holder(c), words.kind(c), c.display_name or "",
                                        _identifier(c), _owners(c))).casefold()))
        self._rows = rows
        self._sorted = {}
        self._order = self._sorted_order(*self._sort)
        self._shown = self._filtered()
        self.endResetModel()

    # ---------------------------------------------------------------------------------------------- sort, filter
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        descending = order == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, descending)
        self._order = self._sorted_order(column, descending)
        self._shown = self._filtered()
        self.layoutChanged.emit()

    def set_filter(self, text: str, show: Show | None = None, tenant_id: str | None | bool = False) -> None:
        """`text`: any part of any column, any case; `show`: which end dates; `tenant_id`: one tenant (None: all;
        False: as before)."""
        self.beginResetModel()
        self._needle = " ".join(text.split()).casefold()
        if show is not None:
            self._show = show
        if tenant_id is not False:
            self._tenant_id = tenant_id  # type: ignore[assignment]
        self._shown = self._filtered()
        self.endResetModel()

    def _sorted_order(self, column: int, descending: bool) -> list[int]:
        key = (column, descending)
        if key not in self._sorted:
            ascending = self._sorted.get((column, not descending))
            if ascending is not None:
                self._sorted[key] = ascending[::-1]
            else:
                value = self._sort_key(column)
                keys = [value(row.record) for row in self._rows]
                order = sorted(range(len(keys)), key=keys.__getitem__)  # stable: ties keep load order
                self._sorted[key] = order[::-1] if descending else order
        return self._sorted[key]

    def _sort_key(self, column: int) -> Callable[[CredentialRecord], Any]:
        """A native value per row for `column` (dates as dates, text casefolded), made once per column."""
        words = self._words
        if column == CredentialColumn.START:
            return lambda c: c.start or _NO_END
        if column in (CredentialColumn.END, CredentialColumn.DAYS_LEFT):
            return lambda c: c.end or _NO_END
        text: Callable[[CredentialRecord], str] = {
            CredentialColumn.TENANT: lambda c: c.tenant_name, CredentialColumn.APP: lambda c: c.app_name,
            CredentialColumn.HOLDER: words.holder, CredentialColumn.KIND: words.kind,
            CredentialColumn.NAME: lambda c: c.display_name or "", CredentialColumn.IDENTIFIER: _identifier,
            CredentialColumn.OWNERS: _owners}[CredentialColumn(column)]
        return lambda c: text(c).casefold()

    def _texts(self, row: _Row) -> tuple[str, ...]:
        if row.texts is None:
            c, left = row.record, row.days_left
            row.texts = (c.tenant_name, c.app_name, self._words.holder(c), self._words.kind(c), c.display_name or "",
                         _identifier(c), format_datetime(c.start), format_datetime(c.end),
                         "" if left is None else format_count(left), _owners(c))
        return row.texts

    def _filtered(self) -> list[int]:
        rows, needle, tenant = self._rows, self._needle, self._tenant_id
        bands = _SHOWN_BANDS.get(self._show)
        if not needle and tenant is None and bands is None:
            wanted = list(self._order)
        else:
            wanted = [i for i in self._order
                      if (bands is None or rows[i].band in bands) and (not needle or needle in rows[i].folded)
                      and (tenant is None or rows[i].record.tenant_id == tenant)]
        self._band_counts = Counter(rows[i].band for i in wanted)
        return wanted

    # -------------------------------------------------------------------------------------------------- Qt model
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(CredentialColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(
                self.HEADERS):
            return CredentialsTexts.tr(self.HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._shown):
            return None
        row = self._rows[self._shown[index.row()]]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._texts(row)[column]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{CredentialsTexts.tr(self.HEADERS[column])}: {self._texts(row)[column]}"
        if role == Qt.ItemDataRole.ForegroundRole and row.days_left is not None and column in (
                CredentialColumn.END, CredentialColumn.DAYS_LEFT):
            if row.days_left < 0:
                return DANGER.color()
            if row.days_left <= SOON_DAYS:
                return WARNING.color()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == CredentialColumn.DAYS_LEFT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == RecordRole:
            return row.record
        return None

    def record_at(self, row: int) -> CredentialRecord | None:
        return self._rows[self._shown[row]].record if 0 <= row < len(self._shown) else None

    @property
    def total(self) -> int:
        return len(self._rows)

    def counts(self) -> tuple[int, int, int]:
        """(shown, of them expired, of them ending within SOON_DAYS)."""
        return len(self._shown), self._band_counts[ENDED], self._band_counts[WITHIN_SOON]


class CredentialsView(QWidget):
    """A window of its own (opened from the main window, non-modal): the filter, what to show, the tenant, the
    table. Activating a row asks the main window to open that app in its tenant (`app_requested`)."""

    app_requested = Signal(str, int)  # tenant id, app pk
    loaded = Signal()

    def __init__(self, store: Store, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        named(self, "credentialsView", self.tr("Credentials of every tenant"))
        self.setWindowTitle(self.tr("Credentials"))
        self._store = store
        self._runner = runner
        self.model = CredentialsModel(self)
        self.error_dialog: QMessageBox | None = None

        self.filter_box = named(QLineEdit(self), "credentialsFilter", self.tr("Filter the credentials"))
        self.filter_box.setPlaceholderText(self.tr("Filter: tenant, app, name, hint, thumbprint, owner…"))
        self.filter_box.setClearButtonEnabled(True)
        self.show_box = named(QComboBox(self), "credentialsShow", self.tr("Which credentials to show"))
        for show, text in ((Show.ALL, self.tr("All")), (Show.SOON, self.tr("Expiring within 30 days")),
                           (Show.QUARTER, self.tr("Expiring within 90 days")), (Show.EXPIRED, self.tr("Expired"))):
            self.show_box.addItem(text, show)
        self.tenant_box = named(QComboBox(self), "credentialsTenant", self.tr("Tenant"))
        self.reload_button = named(QPushButton(self.tr("Reload"), self), "credentialsReload",
                                   self.tr("Read the credentials again"))
        top = QHBoxLayout()
        top.addWidget(self.filter_box, 3)
        top.addWidget(self.show_box, 1)
        top.addWidget(self.tenant_box, 1)
        top.addWidget(self.reload_button)

        self.table = record_table(self, "credentialsTable", self.tr("Credentials"), self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(int(CredentialColumn.END), Qt.SortOrder.AscendingOrder)
        # One fixed row height: 30,000 rows scroll without measuring any.
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        # Each column at least as wide as its title (and the sort arrow) and, for the holder and kind, their words,
        # in the window's language ("Geheimer Clientschlüssel" is twice "Client secret").
        said = _Words.now()
        words = {CredentialColumn.HOLDER: (said.service_principal, said.app_registration),
                 CredentialColumn.KIND: (said.secret, said.certificate)}
        for column, width in ((CredentialColumn.TENANT, 140), (CredentialColumn.APP, 200), (CredentialColumn.HOLDER, 120),
                              (CredentialColumn.KIND, 100), (CredentialColumn.NAME, 160),
                              (CredentialColumn.IDENTIFIER, 140), (CredentialColumn.START, 120),
                              (CredentialColumn.END, 120), (CredentialColumn.DAYS_LEFT, 70)):
            title = str(self.model.headerData(int(column), Qt.Orientation.Horizontal))
            needed = [metrics.horizontalAdvance(title) + 28] + [metrics.horizontalAdvance(w) + 12
                                                                for w in words.get(column, ())]
            header.resizeSection(int(column), max(width, *needed))
        self.summary = named(QLabel(self.tr("Reading the credentials…"), self), "credentialsSummary",
                             self.tr("How many credentials are shown"))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        # Every column unclipped (owners last) where the screen allows: 1,480 px; less on a 1280x720 laptop.
        fit_to_screen(self, QSize(1480, 700))

        self.filter_box.textChanged.connect(self._filter_changed)
        self.show_box.currentIndexChanged.connect(self._filter_changed)
        self.tenant_box.currentIndexChanged.connect(self._filter_changed)
        self.reload_button.clicked.connect(self.reload)
        self.table.activated.connect(self._activated)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self).activated.connect(self.filter_box.setFocus)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self).activated.connect(self.close)

    # ------------------------------------------------------------------------------------------------------ load
    @Slot()
    def reload(self) -> None:
        """Read every tenant's credentials again (on the database worker)."""
        self.reload_button.setEnabled(False)
        store = self._store

        def read(_task: TaskContext) -> tuple[list[TenantInfo], list[CredentialRecord], datetime]:
            return store.list_tenants(), store.credentials.list(ordered=False), datetime.now(UTC)

        (Operation(self._runner, read, kind=Executor.DATABASE, owner=self, name="credentials")
         .on_success(lambda result: self._show(*result)).on_failure(self._failed).run())

    def _show(self, tenants: list[TenantInfo], records: list[CredentialRecord], now: datetime) -> None:
        chosen = self.tenant_box.currentData()
        self.tenant_box.blockSignals(True)
        self.tenant_box.clear()
        self.tenant_box.addItem(self.tr("All tenants"), None)
        for tenant in tenants:
            self.tenant_box.addItem(tenant.display_name, tenant.tenant_id)
        self.tenant_box.setCurrentIndex(max(0, self.tenant_box.findData(chosen)))
        self.tenant_box.blockSignals(False)
        self.model.set_records(records, now)
        self._filter_changed()
        self.reload_button.setEnabled(True)
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.reload_button.setEnabled(True)
        self.summary.setText(self.tr("The credentials could not be read."))
        self.error_dialog = show_error(self, self.tr("Could not read the credentials"), exc)

    # ------------------------------------------------------------------------------------------------ interaction
    @Slot()
    def _filter_changed(self) -> None:
        self.model.set_filter(self.filter_box.text(), self.show_box.currentData(), self.tenant_box.currentData())
        shown, expired, soon = self.model.counts()
        total = self.model.total
        text = (self.tr("{shown} of 1 credential") if total == 1 else self.tr("{shown} of {total} credentials")).format(
            shown=format_count(shown), total=format_count(total))
        if expired:
            text += self.tr(" · {n} expired").format(n=format_count(expired))
        if soon:
            text += self.tr(" · %Ln expire(s) within 30 days", "", soon)
        self.summary.setText(text)

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        record = self.model.record_at(index.row())
        if record is not None:
            self.app_requested.emit(record.tenant_id, record.app_pk)

    def save_settings(self, settings: QSettings) -> None:
        settings.setValue("credentialsView/geometry", self.saveGeometry())
        settings.setValue("credentialsView/header", self.table.horizontalHeader().saveState())

    def restore_settings(self, settings: QSettings) -> None:
        geometry = settings.value("credentialsView/geometry")
        if geometry:
            self.restoreGeometry(geometry)
        header = settings.value("credentialsView/header")
        if header:
            self.table.horizontalHeader().restoreState(header)
