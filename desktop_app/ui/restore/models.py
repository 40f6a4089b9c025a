"""Table models of the restore wizard and the restore history: a list of frozen records, one row each.

One small base class, typed by its record: the columns say how a record is shown (text, tooltip, colour,
fixed-width font); `RECORD_ROLE` hands the record itself to the view's owner (Vorta's "row object" role).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase

from desktop_app.ui.restore.preview_rows import PreviewRow
from desktop_app.ui.restore.report_rows import ReportRow
from desktop_app.ui.restore.words import AMBER, action_text, status_color, status_text
from desktop_app.ui.texts import TrContext

RestoreTableTexts = TrContext("RestoreTableTexts")

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1

Index = QModelIndex | QPersistentModelIndex

R = TypeVar("R")


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    text: Callable[[R], str]
    tooltip: Callable[[R], str] | None = None
    color: Callable[[R], QColor | None] | None = None
    fixed_font: bool = False


class RecordTableModel(QAbstractTableModel, Generic[R]):
    def __init__(self, columns: Sequence[Column[R]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._records: list[R] = []
        self._fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)

    def set_records(self, records: Sequence[R]) -> None:
        self.beginResetModel()
        self._records = list(records)
        self.endResetModel()

    def set_record(self, row: int, record: R) -> None:
        self._records[row] = record
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self._columns) - 1))

    def record(self, row: int) -> R:
        return self._records[row]

    @property
    def records(self) -> tuple[R, ...]:
        return tuple(self._records)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's name and signature
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._records) or index.column() >= len(self._columns):
            return None
        record = self._records[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(record)
        if role == Qt.ItemDataRole.ToolTipRole:
            return column.tooltip(record) if column.tooltip else column.text(record)
        if role == Qt.ItemDataRole.ForegroundRole and column.color is not None:
            return column.color(record)
        if role == Qt.ItemDataRole.FontRole and column.fixed_font:
            return QFont(self._fixed)
        if role == RECORD_ROLE:
            return record
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self._columns)):
            return self._columns[section].title
        return None


def _lines(values: Sequence[str]) -> str:
    return "\n".join(f"• {v}" for v in values)


# ----------------------------------------------------------------------------------------------- preview


def preview_model(target_name: Callable[[], str], parent: QObject | None = None) -> RecordTableModel[PreviewRow]:
    """Rows: a PreviewItem with its old → new lines, warnings and notes in words (ui/restore/preview_rows.py)."""

    def changes(row: PreviewRow) -> str:
        if not row.changes_anything:
            return RestoreTableTexts.tr("Nothing to change: already as at the snapshot")
        lines = row.change_lines
        if not lines:
            return RestoreTableTexts.tr("The whole app")
        shown = "; ".join(lines[:2])
        return shown + (RestoreTableTexts.tr(" and {n} more").format(n=len(lines) - 2) if len(lines) > 2 else "")

    def remarks(row: PreviewRow) -> str:
        parts = [RestoreTableTexts.tr("%Ln warning(s)", "", len(row.warnings)) if row.warnings else "",
                 RestoreTableTexts.tr("%Ln note(s)", "", len(row.notes)) if row.notes else ""]
        return ", ".join(p for p in parts if p) or RestoreTableTexts.tr("None")

    def remarks_tip(row: PreviewRow) -> str:
        return "\n".join(filter(None, [_lines(row.warnings), _lines(row.notes)])) or RestoreTableTexts.tr("No warnings")

    return RecordTableModel[PreviewRow]([
        Column(RestoreTableTexts.tr("App"), lambda r: r.display_name, lambda r: f"{r.display_name}\n{r.app_id}"),
        Column(RestoreTableTexts.tr("Action"), lambda r: action_text(r.action, target_name(), unchanged=r.item.up_to_date)),
        Column(RestoreTableTexts.tr("What changes"), changes, lambda r: _lines(r.change_lines) or changes(r)),
        Column(RestoreTableTexts.tr("Warnings and notes"), remarks, remarks_tip, lambda r: AMBER.color() if r.warnings else None),
    ], parent)


# ---------------------------------------------------------------------------------------------- running


@dataclass(frozen=True)
class AppRunStatus:
    display_name: str
    status: str  # "pending" | "running" | "verified" | "warnings" | "failed" | "cancelled"


def run_status_model(parent: QObject | None = None) -> RecordTableModel[AppRunStatus]:
    return RecordTableModel[AppRunStatus]([
        Column(RestoreTableTexts.tr("App"), lambda s: s.display_name),
        Column(RestoreTableTexts.tr("Status"), lambda s: status_text(s.status), color=lambda s: status_color(s.status)),
    ], parent)


# ----------------------------------------------------------------------------------------------- report


def report_model(target_name: Callable[[], str], parent: QObject | None = None) -> RecordTableModel[ReportRow]:
    """Rows: ui.restore.report_rows.ReportRow (a run's item, or a past run's from the audit trail)."""

    def client_id(item: ReportRow) -> str:
        new = item.new_app_id or ""
        return new if new and new != item.source_app_id else (item.source_app_id if new else "")

    def client_id_tip(item: ReportRow) -> str:
        if item.new_app_id and item.new_app_id != item.source_app_id:
            return RestoreTableTexts.tr("New client ID {new} (was {old})").format(new=item.new_app_id, old=item.source_app_id)
        return RestoreTableTexts.tr("Client ID kept: {id}").format(id=item.source_app_id)

    def details(item: ReportRow) -> str:
        if item.result == "failed":
            parts = [item.error_code or RestoreTableTexts.tr("Error")]
            if item.request_id:
                parts.append(RestoreTableTexts.tr("request-id {id}").format(id=item.request_id))
            return " · ".join(parts)
        parts = [RestoreTableTexts.tr("%Ln warning(s)", "", len(item.warnings)) if item.warnings else "",
                 RestoreTableTexts.tr("%Ln note(s)", "", len(item.notes)) if item.notes else "",
                 RestoreTableTexts.tr("%Ln follow-up(s)", "", len(item.follow_ups)) if item.follow_ups else ""]
        return " · ".join(p for p in parts if p)

    def details_tip(item: ReportRow) -> str:
        lines = [item.message or "", _lines(item.warnings), _lines(item.notes)]
        if item.follow_ups:
            lines.append(RestoreTableTexts.tr("To do:") + "\n" + _lines(item.follow_ups))
        return "\n".join(line for line in lines if line) or details(item)

    return RecordTableModel[ReportRow]([
        Column(RestoreTableTexts.tr("App"), lambda i: i.display_name, lambda i: f"{i.display_name}\n{i.source_app_id}"),
        Column(RestoreTableTexts.tr("Action"), lambda i: action_text(i.action, target_name(), unchanged=i.up_to_date)),
        Column(RestoreTableTexts.tr("Result"), lambda i: status_text(i.result), color=lambda i: status_color(i.result)),
        Column(RestoreTableTexts.tr("Client ID after"), client_id, client_id_tip, fixed_font=True),
        Column(RestoreTableTexts.tr("Details"), details, details_tip,
               lambda i: status_color(i.result) if i.result == "failed" else None),
    ], parent)
