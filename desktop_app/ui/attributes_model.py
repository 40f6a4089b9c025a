"""The side panel's attribute tree: an `AttributeNode` tree (built off the GUI thread) as a Qt item model."""

from __future__ import annotations

import enum
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont, QIcon, QPixmap

from desktop_app.domain.diff import ChangeKind
from desktop_app.ui.attribute_tree import AttributeNode, AttributeTree, only_changed
from desktop_app.ui.colors import CHANGED, CHANGED_BACKGROUND, MUTED

Index = QModelIndex | QPersistentModelIndex

# The node itself (tests and the panel read `path`, `change`, `old_value` from it).
NodeRole = Qt.ItemDataRole.UserRole + 1
# True for a row changed from the previous version.
ChangedRole = Qt.ItemDataRole.UserRole + 2



class AttributeColumn(enum.IntEnum):
    ATTRIBUTE = 0
    VALUE = 1


class AttributesModel(QAbstractItemModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tree: AttributeTree | None = None
        self._root = AttributeNode("", "", (), kind="root")
        self._only_changed = False
        self._logo: bytes | None = None
        self._logo_icon: QIcon | None = None
        self._section_font = QFont()
        self._section_font.setBold(True)
        self._removed_font = QFont()
        self._removed_font.setStrikeOut(True)

    # --- content ----------------------------------------------------------------------------------------

    def set_tree(self, tree: AttributeTree | None, *, logo: bytes | None = None) -> None:
        self.beginResetModel()
        self._tree = tree
        if logo != self._logo:
            self._logo, self._logo_icon = logo, None
        self._root = self._visible_root()
        self.endResetModel()

    def set_only_changed(self, only: bool) -> None:
        if only == self._only_changed:
            return
        self.beginResetModel()
        self._only_changed = only
        self._root = self._visible_root()
        self.endResetModel()

    @property
    def tree(self) -> AttributeTree | None:
        return self._tree

    def _visible_root(self) -> AttributeNode:
        if self._tree is None:
            return AttributeNode("", "", (), kind="root")
        return only_changed(self._tree) if self._only_changed else self._tree.root

    def node(self, index: Index) -> AttributeNode:
        return index.internalPointer() if index.isValid() else self._root

    def red_indexes(self) -> list[QModelIndex]:
        return [self.createIndex(n.row, 0, n) for n in self._root.walk() if n is not self._root and n.is_red]

    # --- Qt model API -----------------------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column < 0 or column >= len(AttributeColumn):
            return QModelIndex()
        node = self.node(parent)
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        if not 0 <= row < len(node.children):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row])

    def parent(self, index: Index) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        parent = index.internalPointer().parent
        if parent is None or parent is self._root:
            return QModelIndex()
        return self.createIndex(parent.row, 0, parent)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(AttributeColumn)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return self.rowCount(parent) > 0

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(AttributeColumn):
            return self.tr("Attribute") if section == AttributeColumn.ATTRIBUTE else self.tr("Value")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node: AttributeNode = index.internalPointer()
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == AttributeColumn.ATTRIBUTE:
                return node.label  # in the window's language already (attribute_tree)
            return self._value_text(node)
        if role == NodeRole:
            return node
        if role == ChangedRole:
            return node.is_red
        if role == Qt.ItemDataRole.ToolTipRole:
            if node.is_red:
                return self._change_text(node)
            if column == AttributeColumn.VALUE and len(node.value) > 40:
                return node.value
            if column == AttributeColumn.ATTRIBUTE and len(node.label) > 20:
                return node.label  # whole, where the column cuts it
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            if node.is_red:
                return QBrush(CHANGED.color())
            if column == AttributeColumn.VALUE and node.kind != "scalar":
                return QBrush(MUTED.color())
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return QBrush(CHANGED_BACKGROUND.color()) if node.is_red else None
        if role == Qt.ItemDataRole.FontRole:
            if node.removed:
                return self._removed_font
            if node.section:
                return self._section_font if column == AttributeColumn.ATTRIBUTE else None
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = f"{node.label}: {self._value_text(node)}"
            return text + (" " + self.tr("(changed)") if node.is_red else "")
        if role == Qt.ItemDataRole.DecorationRole and column == AttributeColumn.VALUE \
                and node.path == ("logo",) and self._logo:
            return self._logo_decoration()
        return None

    def _value_text(self, node: AttributeNode) -> str:
        if node.removed:
            return self.tr("(removed)")
        if node.value or node.count is None:
            return node.value
        if node.count == 0:
            return self.tr("(none)") if node.section else self.tr("(empty)") if node.kind == "list" else "{}"
        if node.kind == "list":
            return self.tr("%Ln item(s)", "", node.count)
        return self.tr("%Ln attribute(s)", "", node.count)

    def _change_text(self, node: AttributeNode) -> str:
        if node.change == ChangeKind.ADDED:
            return self.tr("Added in this version")
        if node.change == ChangeKind.REMOVED:
            return self.tr("Removed in this version. It was: {old}").format(old=node.old_value_text)
        return self.tr("Changed in this version. It was: {old}").format(old=node.old_value_text)

    def _logo_decoration(self) -> QIcon | None:
        # QPixmap only on the GUI thread: built here, lazily, from the bytes the worker read.
        if self._logo_icon is None and self._logo:
            pixmap = QPixmap()
            if pixmap.loadFromData(self._logo):
                self._logo_icon = QIcon(pixmap)
        return self._logo_icon
