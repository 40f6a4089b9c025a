"""Pieces the restore wizard's pages and the restore history show alike: a read-only table of records, one
row each, and a titled list in an app's details."""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from desktop_app.ui.named import named

# Wide enough for a GUID in the fixed font; a long name beyond it is elided (its full text is in the details).
MAX_COLUMN_WIDTH = 320


def record_table(parent: QWidget, name: str, accessible_name: str, model: QAbstractItemModel) -> QTableView:
    """A table of records: whole rows, one at a time, read-only, left-aligned headers, the last column stretched."""
    table = named(QTableView(parent), name, accessible_name)
    table.setModel(model)
    rows_read_only(table)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setStretchLastSection(True)
    table.resizeColumnsToContents()  # while empty: each column as wide as its title (German's are longer)
    return table


def rows_read_only(table: QTableView) -> None:
    """A table chosen from by whole rows, one at a time, not edited; alternate rows shaded, no grid, each cell on
    one line (the apps table is one too: ui/apps_view.py)."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)


def fit_columns(table: QTableView) -> None:
    """Columns as wide as their contents plus a margin, up to MAX_COLUMN_WIDTH (the last one stretches)."""
    table.resizeColumnsToContents()
    header = table.horizontalHeader()
    for column in range(table.model().columnCount() - 1):
        header.resizeSection(column, min(header.sectionSize(column) + 16, MAX_COLUMN_WIDTH))


def list_section_html(title: str, lines: Iterable[object], color: str = "") -> str:
    """A bold title and a bulleted list (warnings, follow-ups, changes); nothing when there are no lines."""
    items = [str(line) for line in lines]
    if not items:
        return ""
    style = f" style='color:{color}'" if color else ""
    return (f"<p style='margin-bottom:0'><b>{html.escape(title)}</b></p><ul{style}>"
            + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>")
