"""The incident view's table: one row per incident item since the moment, most dangerous first (the service's order),
with a Keep tick per row and, once previewed or run, what the rollback does or did to it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal

from desktop_app.domain.incident import Risk, TenantChange
from desktop_app.domain.rollback import ItemPlan
from desktop_app.ui import incident_words as words
from desktop_app.ui.restore.words import RED
from desktop_app.ui.texts import QT_TRANSLATE_NOOP, format_datetime

Index = QModelIndex | QPersistentModelIndex

_HEADERS = (
    QT_TRANSLATE_NOOP("IncidentModel", "Keep"), QT_TRANSLATE_NOOP("IncidentModel", "Risk"),
    QT_TRANSLATE_NOOP("IncidentModel", "What"), QT_TRANSLATE_NOOP("IncidentModel", "App"),
    QT_TRANSLATE_NOOP("IncidentModel", "Change"), QT_TRANSLATE_NOOP("IncidentModel", "Who"),
    QT_TRANSLATE_NOOP("IncidentModel", "When"), QT_TRANSLATE_NOOP("IncidentModel", "Valid until"),
    QT_TRANSLATE_NOOP("IncidentModel", "Rollback"),
)


class IncidentModel(QAbstractTableModel):
    KEEP, RISK, WHAT, APP, CHANGE, WHO, WHEN, VALID, ROLLBACK = range(9)
    CHANGE_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # the row's TenantChange

    # The ticks changed (the view plans again).
    kept_changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[TenantChange] = []
        self._kept: set[str] = set()
        self._plans: dict[str, ItemPlan] = {}
        self._results: dict[str, str] = {}
        self._refused: set[str] = set()

    # --- what the view sets -------------------------------------------------------------------------------

    def set_changes(self, changes: Sequence[TenantChange]) -> None:
        self.beginResetModel()
        self._rows = [c for c in changes if c.item.incident]
        self._kept = set()
        self._plans, self._results, self._refused = {}, {}, set()
        self.endResetModel()

    def set_plan(self, plans: Mapping[str, ItemPlan], refused: Sequence[str] = ()) -> None:
        self._plans, self._refused = dict(plans), set(refused)
        self._changed(self.ROLLBACK)

    def set_results(self, results: Mapping[str, str]) -> None:
        self._results = dict(results)
        self._changed(self.ROLLBACK)

    @property
    def kept(self) -> frozenset[str]:
        return frozenset(self._kept)

    def change(self, row: int) -> TenantChange:
        return self._rows[row]

    def _changed(self, column: int) -> None:
        if self._rows:
            self.dataChanged.emit(self.index(0, column), self.index(len(self._rows) - 1, column))

    # --- Qt ------------------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802,B008 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802,B008 - Qt's name
        return 0 if parent.isValid() else len(_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(_HEADERS):
            return self.tr(_HEADERS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == self.KEEP and not self._rows[index.row()].item.part_of:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        change = self._rows[index.row()]
        column = index.column()
        if role == self.CHANGE_ROLE:
            return change
        if role == Qt.ItemDataRole.CheckStateRole and column == self.KEEP and not change.item.part_of:
            return Qt.CheckState.Checked if change.id in self._kept else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(change, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return change.id if column in (self.WHAT, self.KEEP) else self._text(change, column)
        if role == Qt.ItemDataRole.ForegroundRole and (
                (column == self.RISK and change.risk in (Risk.CREDENTIAL, Risk.PRIVILEGE))
                or (column == self.ROLLBACK and (change.id in self._refused or self._results.get(change.id) == "failed"))):
            return RED
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.column() != self.KEEP or role != Qt.ItemDataRole.CheckStateRole:
            return False
        change = self._rows[index.row()]
        if change.item.part_of:
            return False
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        (self._kept.add if checked else self._kept.discard)(change.id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.kept_changed.emit()
        return True

    def _text(self, change: TenantChange, column: int) -> str:
        if column == self.RISK:
            return words.risk(change)
        if column == self.WHAT:
            return ("    " if change.item.part_of else "") + words.what(change)
        if column == self.APP:
            return change.display_name
        if column == self.CHANGE:
            return words.change_word(change)
        if column == self.WHO:
            return words.who(change)
        if column == self.WHEN:
            return format_datetime(change.time)
        if column == self.VALID:
            return words.valid_until(change)
        if column == self.ROLLBACK:
            return self._rollback_text(change)
        return ""

    def _rollback_text(self, change: TenantChange) -> str:
        if change.id in self._refused:
            return self.tr("Refused: would lock Regvault out")
        plan = self._plans.get(change.id)
        if plan is None:
            return ""
        result = self._results.get(change.id)
        if result is not None and plan.action.writes:
            return words.outcome(plan.action, result)
        return words.action(plan.action, plan.reason)
