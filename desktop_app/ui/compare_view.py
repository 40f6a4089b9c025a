"""The compare view: an app between any two of its versions or a version and the live tenant, old
and new values side by side in red; and the whole tenant since a snapshot (apps added, changed, removed, with what
changed per app in the side panel's words and its value now, filtered by app, client ID or attribute), until
another snapshot or until now.

All reads run on the task runner (stored versions on the database worker, the live tenant on a Graph worker):
the dialog never blocks. The comparisons are services.compare's; this module only shows them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal, Slot
from PySide6.QtGui import QBrush, QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.cherry_pick import path_for
from desktop_app.domain.diff import Change, ChangeKind
from desktop_app.services.compare import (
    AppChange,
    AppChangeKind,
    AppComparison,
    CompareService,
    Side,
    SideKind,
    TenantComparison,
)
from desktop_app.store.records import SnapshotInfo, TenantInfo, VersionInfo
from desktop_app.ui.errors import describe_error
from desktop_app.ui.named import close_box, named, named_button
from desktop_app.ui.path_words import path_words, value_words
from desktop_app.ui.restore.words import RED
from desktop_app.ui.tasks import Executor, Operation, TaskContext, TaskRunner
from desktop_app.ui.texts import TrContext, format_datetime

T = TypeVar("T")

CompareTexts = TrContext("CompareTexts")

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class DiffRow:
    path: str
    kind: ChangeKind
    old: Any
    new: Any
    pick: str | None = None  # the cherry-pick path that restores this value (None: it can't be, e.g. read-only)


class DiffRowsModel(QAbstractTableModel):
    """One row per difference: the attribute, how it changed, its old and its new value."""

    PATH, CHANGE, OLD, NEW = range(4)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DiffRow] = []
        self._headers = (self.tr("Attribute"), self.tr("Change"), self.tr("Old value"), self.tr("New value"))
        self._words = {ChangeKind.ADDED: self.tr("added"), ChangeKind.REMOVED: self.tr("removed"),
                       ChangeKind.CHANGED: self.tr("changed")}
        self._strike = QFont()
        self._strike.setStrikeOut(True)

    def set_rows(self, rows: Sequence[DiffRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row(self, index: Index) -> DiffRow:
        return self._rows[index.row()]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802,B008 - Qt's name
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802,B008 - Qt's name
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 - Qt's name
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 4:
            return self._headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.PATH:
                return row.path
            if column == self.CHANGE:
                return self._words[row.kind]
            value = row.old if column == self.OLD else row.new
            if (column == self.OLD and row.kind is ChangeKind.ADDED) or (
                    column == self.NEW and row.kind is ChangeKind.REMOVED):
                return "—"
            return value_words(value)
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.OLD, self.NEW):
            value = row.old if column == self.OLD else row.new
            return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True)[:4000]
        if role == Qt.ItemDataRole.ForegroundRole and column in (self.CHANGE, self.OLD, self.NEW):
            return QBrush(RED.color())
        if role == Qt.ItemDataRole.FontRole and column == self.OLD and row.kind is not ChangeKind.ADDED:
            return self._strike
        return None


def diff_rows(comparison: AppComparison) -> list[DiffRow]:
    return [DiffRow(path_words(c.path, comparison.new, comparison.old), c.kind, c.old, c.new, path_for(c.path))
            for c in comparison.changes]


class CompareDialog(QDialog):
    """Compare… from the side panel. `compared` is emitted after each comparison is shown (tests wait on it);
    `restore_values_requested(app_pk, snapshot_id, paths)` when the user asks to put the selected rows back as
    they were on the From side (a stored version)."""

    compared = Signal()
    restore_values_requested = Signal(int, int, list)

    LIVE = -1  # the To combo's data for "the live tenant, read now"

    def __init__(self, service: CompareService, runner: TaskRunner, tenant: TenantInfo, app_pk: int | None,
                 app_name: str | None, versions: Sequence[VersionInfo], snapshots: Sequence[SnapshotInfo], *,
                 old_position: int, new_position: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._runner = runner
        self._tenant = tenant
        self._app_pk = app_pk
        self._versions = tuple(versions)  # newest first
        self._snapshots = tuple(s for s in snapshots if not s.partial)  # newest first, as the store gives them
        self._op: Operation[Any] | None = None
        self.incident_view: QWidget | None = None  # the Incident tab, when the window has one (ui/compare_actions.py)
        named(self, "compareDialog", self.tr("Compare"))
        self.setWindowTitle(self.tr("Compare — {app}").format(app=app_name or tenant.display_name))
        self.resize(1100, 640)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("compareTabs")
        self.tabs.addTab(self._app_tab(), self.tr("This app"))
        self.tabs.addTab(self._tenant_tab(), self.tr("Whole tenant"))
        buttons = close_box(self, "compareCloseButton", self.tr("Close the comparison"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        if app_pk is None or not self._versions:
            # Opened for the whole tenant (File → What changed since a backup…).
            self.tabs.setTabEnabled(0, False)
            self.tabs.setCurrentIndex(1)
            return
        self.from_combo.setCurrentIndex(max(0, min(old_position, len(self._versions) - 1)))
        self.to_combo.setCurrentIndex(self.to_combo.count() - 1 if new_position is None else new_position)
        self.from_combo.currentIndexChanged.connect(self.compare_app)
        self.to_combo.currentIndexChanged.connect(self.compare_app)
        self.compare_app()

    # --- building ---------------------------------------------------------------------------------------

    def _app_tab(self) -> QWidget:
        page = QWidget(self)
        self.from_combo = named(QComboBox(page), "compareFromCombo", self.tr("Compare from (older side)"))
        self.to_combo = named(QComboBox(page), "compareToCombo", self.tr("Compare to (newer side)"))
        total = len(self._versions)
        for position, version in enumerate(self._versions):
            text = self.tr("Version {n} · {when}").format(n=total - position,
                                                          when=format_datetime(version.valid_from_time))
            self.from_combo.addItem(text, position)
            self.to_combo.addItem(text, position)
        self.to_combo.addItem(self.tr("Live tenant (read now)"), self.LIVE)
        self.refresh_button = named_button(QPushButton(self.tr("Read again"), page), "compareRefreshButton",
                                           self.tr("Compare again (reads the live tenant again)"),
                                           clicked=self.compare_app)
        sides = QHBoxLayout()
        sides.addWidget(QLabel(self.tr("From:"), page))
        sides.addWidget(self.from_combo, 1)
        sides.addWidget(QLabel(self.tr("To:"), page))
        sides.addWidget(self.to_combo, 1)
        sides.addWidget(self.refresh_button)
        self.app_summary = QLabel(page)
        self.app_summary.setObjectName("compareSummary")
        self.app_summary.setWordWrap(True)
        self.app_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.model = DiffRowsModel(self)
        self.table = named(QTableView(page), "compareTable",
                           self.tr("Differences: attribute, change, old value, new value"))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DiffRowsModel.PATH, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(DiffRowsModel.OLD, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(DiffRowsModel.NEW, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(DiffRowsModel.PATH, 300)
        header.resizeSection(DiffRowsModel.CHANGE, 80)
        self.restore_old_button = named_button(
            QPushButton(self.tr("Restore the old values…"), page), "compareRestoreOldButton",
            self.tr("Restore the selected attributes as on the From side"),
            self.tr("Open the restore wizard with only the selected attributes, as they were in the From "
                    "version; everything else stays as it is now"), clicked=self._restore_old_clicked)
        self.restore_old_button.setEnabled(False)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_restore_old())
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.restore_old_button)
        layout = QVBoxLayout(page)
        layout.addLayout(sides)
        layout.addWidget(self.app_summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        return page

    def selected_picks(self) -> list[str]:
        picks = (self.model.row(i).pick for i in self.table.selectionModel().selectedRows(0))
        return list(dict.fromkeys(p for p in picks if p is not None))

    def _update_restore_old(self) -> None:
        stored = self.from_combo.currentData() not in (None, self.LIVE)
        self.restore_old_button.setEnabled(stored and bool(self.selected_picks()))

    @Slot()
    def _restore_old_clicked(self) -> None:
        picks = self.selected_picks()
        if not picks or self._app_pk is None:
            return
        version = self._versions[int(self.from_combo.currentData())]
        self.restore_values_requested.emit(self._app_pk, version.valid_from, picks)

    def _tenant_tab(self) -> QWidget:
        page = QWidget(self)
        self.since_combo = named(QComboBox(page), "tenantSinceCombo", self.tr("Changes since this backup"))
        self.until_combo = named(QComboBox(page), "tenantUntilCombo",
                                 self.tr("Until this backup, or the live tenant"))
        for snapshot in self._snapshots:
            text = self.tr("Backup {id} · {when}").format(id=snapshot.id, when=format_datetime(snapshot.finished))
            self.since_combo.addItem(text, snapshot.id)
            self.until_combo.addItem(text, snapshot.id)
        self.until_combo.insertItem(0, self.tr("Live tenant (read now)"), self.LIVE)
        self.until_combo.setCurrentIndex(0)
        self.since_combo.setCurrentIndex(0)  # since the last backup, until now
        self.tenant_button = named_button(QPushButton(self.tr("Show changes"), page), "tenantCompareButton",
                                          self.tr("Show what changed in the whole tenant"),
                                          clicked=self.compare_tenant)
        form = QFormLayout()
        form.addRow(self.tr("Since:"), self.since_combo)
        form.addRow(self.tr("Until:"), self.until_combo)
        row = QHBoxLayout()
        row.addLayout(form, 1)
        row.addWidget(self.tenant_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.tenant_summary = QLabel(page)
        self.tenant_summary.setObjectName("tenantCompareSummary")
        self.tenant_summary.setWordWrap(True)
        self.tenant_filter = named(QLineEdit(page), "tenantChangesFilter",
                                   self.tr("Filter the changes by app, client ID or attribute"))
        self.tenant_filter.setPlaceholderText(self.tr("Filter by app name, client ID or what changed"))
        self.tenant_filter.setClearButtonEnabled(True)
        self.tenant_filter.textChanged.connect(self._filter_tenant)
        self.tenant_tree = named(QTreeWidget(page), "tenantChangesTree",
                                 self.tr("Apps added, changed and removed, with what changed"))
        self.tenant_tree.setHeaderLabels([self.tr("App or attribute"), self.tr("Application (client) ID"),
                                          self.tr("Now")])
        self.tenant_tree.setUniformRowHeights(True)
        # The name and the client ID keep their widths (a GUID whole, in the fixed font); "Now" takes the rest.
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self._client_id_font = fixed
        header = self.tenant_tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 380)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(1, QFontMetrics(fixed).horizontalAdvance("0" * 36) + 24)
        layout = QVBoxLayout(page)
        layout.addLayout(row)
        layout.addWidget(self.tenant_summary)
        layout.addWidget(self.tenant_filter)
        layout.addWidget(self.tenant_tree, 1)
        return page

    @Slot(str)
    def _filter_tenant(self, text: str) -> None:
        """An app shows when its name, client ID or one of its changes holds the text (its changes then all
        show); a group shows its count of what matches."""
        needle = text.strip().casefold()
        for group in _children(self.tenant_tree.invisibleRootItem()):
            shown = 0
            for app in _children(group):
                own = needle in app.text(0).casefold() or needle in app.text(1).casefold()
                changes = _children(app)
                matches = [needle in c.text(0).casefold() or needle in c.text(2).casefold() for c in changes]
                visible = not needle or own or any(matches)
                app.setHidden(not visible)
                for change, match in zip(changes, matches, strict=True):
                    change.setHidden(bool(needle) and not own and not match)
                app.setExpanded(bool(needle) and not own and any(matches))  # found by a change: show it
                shown += visible
            group.setText(0, str(group.data(0, Qt.ItemDataRole.UserRole)).format(n=shown))

    # --- one app ----------------------------------------------------------------------------------------

    def _side(self, combo: QComboBox) -> Side:
        data = combo.currentData()
        if data == self.LIVE:
            return Side.live()
        return Side.of(self._versions[int(data)])

    @Slot()
    def compare_app(self) -> None:
        old, new = self._side(self.from_combo), self._side(self.to_combo)
        service, tenant_id, app_pk = self._service, self._tenant.tenant_id, self._app_pk
        assert app_pk is not None
        live = new.kind is SideKind.LIVE
        self.refresh_button.setEnabled(live)
        self.app_summary.setText(self.tr("Reading the live tenant…") if live else self.tr("Comparing…"))

        def work(task: TaskContext) -> AppComparison:
            return service.app(tenant_id, app_pk, old, new, cancel=task.cancel)

        self._start(work, Executor.GRAPH if live else Executor.DATABASE, self._show_app, self.app_summary)

    def _show_app(self, result: AppComparison) -> None:
        self.model.set_rows(diff_rows(result))
        self._update_restore_old()
        old, new = _side_text(result.old_side), _side_text(result.new_side)
        if result.new is None and result.new_side.kind is SideKind.LIVE:
            text = self.tr("The app is not in the live tenant now (deleted). Shown: what it had at {old}.")
        elif result.old is None:
            text = self.tr("The app did not exist at {old}.")
        elif not result.changes:
            text = self.tr("No differences between {old} and {new}.")
        else:
            text = self.tr("<span style='color:{red}'>■</span> %Ln difference(s) between {old} and {new}; old "
                           "value(s) on the left, new on the right (hover for the whole value).", "",
                           len(result.changes))
        self.app_summary.setText(text.format(old=old, new=new, red=RED.name()))
        self.compared.emit()

    # --- the whole tenant -------------------------------------------------------------------------------

    @Slot()
    def compare_tenant(self) -> None:
        if self.since_combo.count() == 0:
            self.tenant_summary.setText(self.tr("This tenant has no complete backup yet."))
            return
        by_id = {s.id: s for s in self._snapshots}
        old = Side.at(by_id[int(self.since_combo.currentData())])
        until = self.until_combo.currentData()
        new = Side.live() if until == self.LIVE else Side.at(by_id[int(until)])
        live = new.kind is SideKind.LIVE
        service, tenant_id = self._service, self._tenant.tenant_id
        self.tenant_summary.setText(self.tr("Reading the whole tenant, as a backup does (nothing is written)…")
                                    if live else self.tr("Comparing…"))

        def work(task: TaskContext) -> TenantComparison:
            return service.tenant(tenant_id, old, new, progress=task.progress, cancel=task.cancel)

        self._start(work, Executor.GRAPH if live else Executor.DATABASE, self._show_tenant, self.tenant_summary)

    def _show_tenant(self, result: TenantComparison) -> None:
        tree = self.tenant_tree
        tree.clear()
        words = {AppChangeKind.ADDED: self.tr("Added ({n})"), AppChangeKind.CHANGED: self.tr("Changed ({n})"),
                 AppChangeKind.REMOVED: self.tr("Removed ({n})")}
        bold = QFont(tree.font())
        bold.setBold(True)
        for kind in (AppChangeKind.ADDED, AppChangeKind.CHANGED, AppChangeKind.REMOVED):
            apps = result.of_kind(kind)
            group = QTreeWidgetItem(tree, [words[kind].format(n=len(apps))])
            group.setData(0, Qt.ItemDataRole.UserRole, words[kind])  # the filter recounts
            group.setFont(0, bold)
            for app in apps:
                now = ""
                if app.now == "recycled":
                    now = self.tr("in the recycle bin until {day}").format(day=format_datetime(app.purge))
                elif app.now == "purged":
                    now = self.tr("deleted permanently")
                item = QTreeWidgetItem(group, [app.display_name, app.app_id, now])
                item.setFont(1, self._client_id_font)
                for change in app.changes:
                    self._change_item(item, change, app)
                if not app.changes:  # an older service's readable paths only
                    for path in app.paths:
                        QTreeWidgetItem(item, [path]).setForeground(0, QBrush(RED.color()))
            group.setExpanded(bool(apps))
        self._filter_tenant(self.tenant_filter.text())
        counts = result.counts
        self.tenant_summary.setText(self.tr(
            "From {old} to {new}: {added} added, {changed} changed, {removed} removed, {unchanged} unchanged."
        ).format(old=_side_text(result.old_side), new=_side_text(result.new_side), **counts))
        self.compared.emit()

    def _change_item(self, parent: QTreeWidgetItem, change: Change, app: AppChange) -> None:
        """One change of an app: the attribute in the panel's words, its value now, and before in the tooltip."""
        what = path_words(change.path, app.new_document, app.old_document)
        now = self.tr("(removed)") if change.kind is ChangeKind.REMOVED else value_words(change.new)
        child = QTreeWidgetItem(parent, [what, "", now])
        child.setForeground(0, QBrush(RED.color()))
        child.setToolTip(0, what)
        before = self.tr("(not there)") if change.kind is ChangeKind.ADDED else value_words(change.old)
        child.setToolTip(2, self.tr("Now: {now}\nBefore: {before}").format(now=now, before=before))

    # --- running ----------------------------------------------------------------------------------------

    def _start(self, work: Callable[[TaskContext], T], kind: Executor, done: Callable[[T], None],
               status: QLabel) -> None:
        if self._op is not None:
            self._op.cancel()
        op: Operation[T] = Operation(self._runner, work, kind=kind, owner=self, name="compare")

        def finished(result: T) -> None:
            if op is self._op:
                self._op = None
                done(result)

        def failed(exc: BaseException) -> None:
            if op is self._op:
                self._op = None
                text = describe_error(exc)
                status.setText(self.tr("Could not compare: {error} {advice}").format(error=text.summary,
                                                                                     advice=text.advice))
                self.compared.emit()

        op.on_success(finished).on_failure(failed).on_cancelled(lambda: None)
        self._op = op
        op.run()

    def done(self, result: int) -> None:
        if self._op is not None:
            self._op.cancel()
            self._op = None
        super().done(result)


def _side_text(side: Side) -> str:
    when = format_datetime(side.moment)
    if side.kind is SideKind.LIVE:
        return CompareTexts.tr("the live tenant (read {when})").format(when=when)
    if side.snapshot is not None:
        return CompareTexts.tr("backup {id} ({when})").format(id=side.snapshot.id, when=when)
    return CompareTexts.tr("the version of {when}").format(when=when)


def _children(item: QTreeWidgetItem | None) -> list[QTreeWidgetItem]:
    if item is None:
        return []
    return [child for child in (item.child(n) for n in range(item.childCount())) if child is not None]
