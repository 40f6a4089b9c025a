"""The side panel in the main window: built beside the table, its restore request routed to the wizard, and its
keyboard shortcuts (older/newer version) on the window.

Hooks for others: `window.panel` is the `VersionPanel`; sections of the attribute tree come from
`desktop_app.ui.panel_sections` (add to its mapping, not here)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from desktop_app.ui.compare_actions import connect_compare_actions
from desktop_app.ui.version_panel import VersionPanel


def build_side_panel(window: Any, parent: QWidget) -> VersionPanel:
    panel = VersionPanel(window.store, window.runner, parent)
    panel.restore_requested.connect(window._restore_version)
    connect_compare_actions(window, panel)  # Compare…, Export…, Restore selected values… (issue 13)
    return panel


def install_panel_shortcuts(window: Any) -> None:
    panel = window.panel
    for keys, slot in (("Alt+Left", panel.show_older), ("Alt+Right", panel.show_newer)):
        shortcut = QShortcut(QKeySequence(keys), window)
        shortcut.activated.connect(slot)
    # [ and ] where typing them means nothing else (not in the filter box).
    for keys, slot in (("[", panel.show_older), ("]", panel.show_newer)):
        shortcut = QShortcut(QKeySequence(keys), window.splitter)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(slot)
