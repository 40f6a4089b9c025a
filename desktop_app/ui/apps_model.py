"""The apps table: a model over the ordered list of app primary keys that the store's SQL returns.

STYLE.md (Anki's browser table): sorting and filtering run in SQL (`Store.app_ids`), never in a proxy
model; the model holds the id list and builds rows on demand for the ranges the view paints, fetched in
chunks (`Store.app_rows`) and cached. One fixed row height (set by the view) keeps 100,000 rows instant.

Selection (the check boxes) is a set of app primary keys, independent of the id list:
- sorting and filtering never uncheck anything; an app checked and then filtered out (or hidden by
  "Show deleted apps" off) stays checked, and the count says so ("3 selected (1 hidden by the filter)");
  Restore selected… acts on every checked app, hidden or not, and the wizard lists them all;
- "select all" adds every app of the current id list (the whole tenant matching the filter, loaded or not);
  "clear" removes the apps of the current id list (apps hidden by the filter stay checked: the user did
  not see them go);
- switching tenant clears the selection (a selection never spans tenants).
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QFont

from desktop_app.domain.natural_sort import natural_key
from desktop_app.store.records import AppRow, AppSort
from desktop_app.ui.colors import DANGER, DELETED
from desktop_app.ui.texts import app_status_text, format_datetime

Index = QModelIndex | QPersistentModelIndex

# How many rows one store call fetches: a screenful and more, so scrolling rarely waits on SQL.
ROW_CHUNK = 200
# Rows kept; beyond this the cache starts again (a reset costs one chunk query, ~1 ms).
ROW_CACHE_LIMIT = 20_000


class AppColumn(enum.IntEnum):
    CHECK = 0
    NAME = 1
    CLIENT_ID = 2
    LAST_MODIFIED = 3
    STATUS = 4


# Columns the user can sort by, and the store's name for each.
SORT_KEYS: dict[AppColumn, AppSort] = {
    AppColumn.NAME: "name",
    AppColumn.CLIENT_ID: "appId",
    AppColumn.LAST_MODIFIED: "modified",
    AppColumn.STATUS: "status",
}

# Native values for sorting (Vorta): str, datetime, not the displayed text.
SortRole = Qt.ItemDataRole.UserRole + 1
# The row's AppRow (Vorta: a role returning the row object).
RowRole = Qt.ItemDataRole.UserRole + 2
# The app's primary key.
PkRole = Qt.ItemDataRole.UserRole + 3

_CHECK, _NAME, _CLIENT_ID, _LAST_MODIFIED, _STATUS = (int(c) for c in AppColumn)
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_CHECK_STATE = int(Qt.ItemDataRole.CheckStateRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_SORT, _ROW, _PK = int(SortRole), int(RowRole), int(PkRole)
_ROW_ROLES = frozenset({_DISPLAY, _TOOLTIP, _FOREGROUND, _ACCESSIBLE, _SORT, _ROW})

_NO_TIME = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class AppsQuery:
    """What the table shows: one tenant, filtered and sorted in SQL."""

    tenant_id: str
    filter_text: str = ""
    sort: AppSort = "name"
    descending: bool = False
    include_deleted: bool = False
    deleted_only: bool = False  # only apps in the recycle bin or deleted permanently


@dataclass(frozen=True)
class AppIdList:
    """The result of one query, built on the database worker (the set too: 100,000 ids take ~5 ms)."""

    query: AppsQuery
    ids: Sequence[int]
    id_set: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def build(cls, query: AppsQuery, ids: Sequence[int]) -> AppIdList:
        return cls(query, ids, frozenset(ids))


RowSource = Callable[[list[int]], list[AppRow]]


class IdListCache:
    """Recent id lists, so a header click or a filter the user had a moment ago costs no SQL (GUI thread only).

    Kept per (tenant, filter, include_deleted), ascending, for each sort seen: descending is the exact reverse of
    ascending (the store breaks ties by pk, both ways), so it is a slice, not a query. The id set is shared by
    the sorts of one filter. A few filters are kept (100,000 ids: ~1 MB a list, ~4 MB the set).
    """

    def __init__(self, max_filters: int = 3) -> None:
        self._max = max_filters
        self._entries: dict[tuple[str, str, bool, bool], tuple[frozenset[int], dict[AppSort, Sequence[int]]]] = {}

    @staticmethod
    def _key(query: AppsQuery) -> tuple[str, str, bool, bool]:
        return query.tenant_id, query.filter_text.strip().casefold(), query.include_deleted, query.deleted_only

    def get(self, query: AppsQuery) -> AppIdList | None:
        key = self._key(query)
        entry = self._entries.get(key)
        if entry is None or query.sort not in entry[1]:
            return None
        self._entries[key] = self._entries.pop(key)  # most recently used last
        ascending = entry[1][query.sort]
        return AppIdList(query, ascending[::-1] if query.descending else ascending, entry[0])

    def put(self, id_list: AppIdList) -> None:
        key = self._key(id_list.query)
        entry = self._entries.pop(key, None) or (id_list.id_set, {})
        entry[1][id_list.query.sort] = id_list.ids[::-1] if id_list.query.descending else id_list.ids
        self._entries[key] = entry
        while len(self._entries) > self._max:
            self._entries.pop(next(iter(self._entries)))

    def missing_sorts(self, query: AppsQuery) -> list[AppSort]:
        entry = self._entries.get(self._key(query))
        have = entry[1] if entry is not None else {}
        return [sort for sort in SORT_KEYS.values() if sort not in have]

    def clear(self) -> None:
        self._entries.clear()


class AppsTableModel(QAbstractTableModel):
    # Emitted whenever the checked set or the id list changes (the count label and the header box follow it).
    selection_changed = Signal()

    def __init__(self, row_source: RowSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._row_source = row_source
        self._list = AppIdList(AppsQuery(""), (), frozenset())
        self._rows: dict[int, AppRow] = {}
        self._checked: set[int] = set()
        # How many checked apps are in the current list: kept up to date rather than counted (select-all on
        # 100,000 apps must not walk them again for the label).
        self._visible_checked = 0
        self._client_id_font: QFont | None = None

    def set_client_id_font(self, font: QFont) -> None:
        """GUIDs read (and compare) better in a fixed-width font."""
        self._client_id_font = font

    # --- the id list ----------------------------------------------------------------------------------

    @property
    def query(self) -> AppsQuery:
        return self._list.query

    @property
    def ids(self) -> Sequence[int]:
        return self._list.ids

    @property
    def id_list(self) -> AppIdList:
        return self._list

    def set_id_list(self, id_list: AppIdList) -> None:
        """Show a new ordering/filtering. Checked apps stay checked (see the module docstring)."""
        if id_list.query.tenant_id != self._list.query.tenant_id:
            self._checked.clear()
            self._rows.clear()
        self.beginResetModel()
        self._list = id_list
        self._visible_checked = len(id_list.id_set & self._checked) if self._checked else 0
        if len(self._rows) > ROW_CACHE_LIMIT:
            self._rows.clear()
        self.endResetModel()
        self.selection_changed.emit()

    def forget_rows(self) -> None:
        """After a backup: rows may have changed (names, status); fetch them again when painted."""
        self._rows.clear()
        if self.rowCount():
            self.dataChanged.emit(self.index(0, 0), self.index(self.rowCount() - 1, self.columnCount() - 1))

    def row_of(self, pk: int) -> int | None:
        if pk not in self._list.id_set:
            return None
        return self._list.ids.index(pk)

    def pk_at(self, row: int) -> int:
        return self._list.ids[row]

    def app_row(self, row: int) -> AppRow:
        pk = self._list.ids[row]
        cached = self._rows.get(pk)
        if cached is not None:
            return cached
        start = max(0, row - ROW_CHUNK // 4)
        chunk = [p for p in self._list.ids[start:start + ROW_CHUNK] if p not in self._rows]
        for fetched in self._row_source(chunk):
            self._rows[fetched.pk] = fetched
        found = self._rows.get(pk)
        if found is None:
            # Deleted from the store since the id list was built (a tenant removed meanwhile): a blank row
            # rather than an exception inside a paint event.
            found = AppRow(pk, "", "", "", "purged", None, _NO_TIME, _NO_TIME, 0)
            self._rows[pk] = found
        return found

    @property
    def cached_rows(self) -> int:
        return len(self._rows)

    # --- selection --------------------------------------------------------------------------------------

    @property
    def checked(self) -> frozenset[int]:
        return frozenset(self._checked)

    @property
    def checked_count(self) -> int:
        return len(self._checked)

    @property
    def visible_checked_count(self) -> int:
        return self._visible_checked

    @property
    def hidden_checked_count(self) -> int:
        return len(self._checked) - self.visible_checked_count

    def all_visible_checked(self) -> bool:
        return bool(self._list.ids) and self.visible_checked_count == len(self._list.ids)

    def set_checked(self, pks: Iterable[int], checked: bool) -> None:
        pks = list(pks)
        visible = self._list.id_set
        for pk in pks:
            if checked and pk not in self._checked:
                self._checked.add(pk)
                self._visible_checked += pk in visible
            elif not checked and pk in self._checked:
                self._checked.discard(pk)
                self._visible_checked -= pk in visible
        for pk in pks:
            row = self.row_of(pk) if len(pks) < 50 else None
            if row is not None:
                index = self.index(row, AppColumn.CHECK)
                self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        if len(pks) >= 50:
            self._check_column_changed()
        self.selection_changed.emit()

    def toggle_row(self, row: int) -> None:
        pk = self._list.ids[row]
        self.set_checked([pk], pk not in self._checked)

    def select_all(self) -> None:
        """Every app of the current list: the whole tenant matching the filter, not only the painted rows."""
        self._checked.update(self._list.ids)
        self._visible_checked = len(self._list.ids)
        self._check_column_changed()
        self.selection_changed.emit()

    def clear_visible(self) -> None:
        self._checked.difference_update(self._list.ids)
        self._visible_checked = 0
        self._check_column_changed()
        self.selection_changed.emit()

    def clear_all(self) -> None:
        self._checked.clear()
        self._visible_checked = 0
        self._check_column_changed()
        self.selection_changed.emit()

    def _check_column_changed(self) -> None:
        if self.rowCount():
            last = self.index(self.rowCount() - 1, AppColumn.CHECK)
            self.dataChanged.emit(self.index(0, AppColumn.CHECK), last, [Qt.ItemDataRole.CheckStateRole])

    # --- Qt model API -----------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._list.ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(AppColumn)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(AppColumn):
            return None
        column = AppColumn(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return {
                AppColumn.CHECK: "",
                AppColumn.NAME: self.tr("Name"),
                AppColumn.CLIENT_ID: self.tr("Application (client) ID"),
                AppColumn.LAST_MODIFIED: self.tr("Last modified"),
                AppColumn.STATUS: self.tr("Status"),
            }[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == AppColumn.CHECK:
                return self.tr("Select every app that matches the filter")
            if column in SORT_KEYS:
                return self.tr("Click to sort")
        if role == Qt.ItemDataRole.AccessibleTextRole and column == AppColumn.CHECK:
            return self.tr("Selected")
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if index.column() == AppColumn.CHECK:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every painted cell and role: plain int comparisons, no enum construction.
        row = index.row()
        ids = self._list.ids
        if not index.isValid() or not 0 <= row < len(ids):
            return None
        column = index.column()
        role = int(role)
        if role == _CHECK_STATE:
            if column != _CHECK:
                return None
            return Qt.CheckState.Checked if ids[row] in self._checked else Qt.CheckState.Unchecked
        if role == _PK:
            return ids[row]
        if role == _FONT:
            return self._client_id_font if column == _CLIENT_ID else None
        if role not in _ROW_ROLES:
            return None
        app = self.app_row(row)
        if role == _DISPLAY:
            return _display(app, column)
        if role == _FOREGROUND:
            if column == _STATUS and app.status != "active":
                return QBrush((DANGER if app.status == "purged" else DELETED).color())
            return None
        if role == _ROW:
            return app
        if role == _SORT:
            return _sort_value(app, column)
        if role == _TOOLTIP:
            return _display(app, column) if column in (_NAME, _STATUS) else None
        if role == _ACCESSIBLE:
            if column == _CHECK:
                return self.tr("Select {name}").format(name=app.display_name)
            return _display(app, column)
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != AppColumn.CHECK or role != Qt.ItemDataRole.CheckStateRole:
            return False
        state = value.value if isinstance(value, Qt.CheckState) else int(value)
        self.set_checked([self._list.ids[index.row()]], state == Qt.CheckState.Checked.value)
        return True


def _display(app: AppRow, column: int) -> str:
    if column == _NAME:
        return app.display_name
    if column == _CLIENT_ID:
        return app.app_id
    if column == _LAST_MODIFIED:
        return format_datetime(app.last_modified)
    if column == _STATUS:
        return app_status_text(app.status, app.deleted_until)
    return ""


def _sort_value(app: AppRow, column: int) -> Any:
    if column == _NAME:
        return natural_key(app.display_name)  # the store's order (schema 4's name_sort)
    if column == _CLIENT_ID:
        return app.app_id
    if column == _LAST_MODIFIED:
        return app.last_modified
    if column == _STATUS:
        return app.status
    return None
