"""The main window's toolbar (tenant switcher, Back up now and its status, Restore selected…, Restore history…) and
its File and Help menus. Built here, connected by the window: nothing here knows what the buttons do."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QPushButton, QSizePolicy, QToolBar, QWidget

from desktop_app.ui import shortcuts
from desktop_app.ui.backup_controls import BackupControls
from desktop_app.ui.named import named, window_action
from desktop_app.ui.tenant_switcher import TenantSwitcher
from desktop_app.ui.texts import TrContext

ToolbarTexts = TrContext("ToolbarTexts")


@dataclass(frozen=True)
class MainToolbar:
    bar: QToolBar
    restore_selected_button: QPushButton
    restore_history_button: QPushButton


@dataclass(frozen=True)
class MainMenus:
    file: QMenu
    help: QMenu
    # Settings… and What changed since a backup… go before it (in the File menu, before Quit).
    file_settings_separator: QAction
    restore_selected: QAction
    restore_history: QAction
    quit: QAction
    about: QAction


def build_toolbar(window: QMainWindow, switcher: TenantSwitcher, backup: BackupControls,
                  search: QWidget | None = None) -> MainToolbar:
    bar = QToolBar(ToolbarTexts.tr("Main toolbar"), window)
    bar.setObjectName("mainToolbar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
    bar.addWidget(switcher)
    bar.addSeparator()
    bar.addWidget(backup.button)
    backup.status_stack.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    bar.addWidget(backup.status_stack)
    spacer = QWidget(bar)
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    bar.addWidget(spacer)
    if search is not None:  # across tenants (ui/cross_tenant.py)
        bar.addWidget(search)

    restore_selected = named(
        QPushButton(ToolbarTexts.tr("Restore selected…"), bar), "restoreSelectedButton",
        ToolbarTexts.tr("Restore the selected apps"),
        shortcuts.with_keys(ToolbarTexts.tr("Open the restore wizard on the checked apps"),
                            shortcuts.RESTORE_SELECTED))
    restore_selected.setEnabled(False)
    bar.addWidget(restore_selected)

    restore_history = named(
        QPushButton(ToolbarTexts.tr("Restore history…"), bar), "restoreHistoryButton",
        ToolbarTexts.tr("Restore history"),
        shortcuts.with_keys(ToolbarTexts.tr("Past restores: what was done to which app, and how it ended"),
                            shortcuts.restore_history()))
    bar.addWidget(restore_history)
    return MainToolbar(bar, restore_selected, restore_history)


def build_menus(window: QMainWindow, backup_action: QAction) -> MainMenus:
    """File (Back up now, Restore selected…, Restore history…, then what others add before Quit) and Help (About
    Regvault)."""
    menu_bar = window.menuBar()
    file_menu = menu_bar.addMenu(ToolbarTexts.tr("&File"))
    file_menu.setObjectName("fileMenu")
    restore_selected = window_action(ToolbarTexts.tr("&Restore selected…"), window, "restoreSelectedAction",
                                     keys=shortcuts.RESTORE_SELECTED)
    restore_selected.setEnabled(False)
    # ⌘Y on macOS, where ⌘H hides the app (ui/shortcuts.py).
    restore_history = window_action(ToolbarTexts.tr("Restore &history…"), window, "restoreHistoryAction",
                                    keys=shortcuts.restore_history())
    quit_action = window_action(ToolbarTexts.tr("&Quit"), window, "quitAction", keys=shortcuts.quit_keys())
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    for made in (backup_action, restore_selected, restore_history):
        file_menu.addAction(made)
    separator = file_menu.addSeparator()
    file_menu.addSeparator()
    file_menu.addAction(quit_action)

    help_menu = menu_bar.addMenu(ToolbarTexts.tr("&Help"))
    help_menu.setObjectName("helpMenu")
    about = window_action(ToolbarTexts.tr("&About Regvault"), window, "aboutAction")
    about.setMenuRole(QAction.MenuRole.AboutRole)
    help_menu.addAction(about)
    return MainMenus(file_menu, help_menu, separator, restore_selected, restore_history, quit_action, about)
