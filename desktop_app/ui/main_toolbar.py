"""The main window's toolbar (tenant switcher, Back up now and its progress, Restore selected…, Restore
history…), the filter box over the table, and the File and Help menus. The widgets become attributes of the window, which connects
nothing here but its own slots.

Hooks for others: `window.file_menu` and `window.help_menu` (QMenu); Help → About Regvault (`window.about_action`)
calls `window.show_about()`."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QStyle,
    QToolBar,
    QWidget,
)

from desktop_app.ui.tenant_switcher import make_searchable

# The filter's query runs on the database worker and a newer filter replaces one still queued, so typing never
# piles up work: keystrokes are only coalesced within one turn of the event loop (a paste, key repeat), and the
# table follows the keystroke within the query's time (~30 ms at 100,000 apps) instead of a fixed wait.
SEARCH_DEBOUNCE_MS = 0


def build_toolbar(window: Any) -> None:
    tr = window.tr
    bar = QToolBar(tr("Main toolbar"), window)
    bar.setObjectName("mainToolbar")
    bar.setMovable(False)
    bar.setFloatable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)

    window.tenant_switcher = QComboBox(bar)
    window.tenant_switcher.setObjectName("tenantSwitcher")
    window.tenant_switcher.setAccessibleName(tr("Tenant"))
    window.tenant_switcher.setToolTip(tr("The tenant whose backups are shown"))
    # As wide as a tenant's name and domain usually are, not as the longest of 50 (the popup shows them whole).
    window.tenant_switcher.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    window.tenant_switcher.setMinimumContentsLength(24)
    window.tenant_switcher.currentIndexChanged.connect(window._tenant_chosen)
    make_searchable(window.tenant_switcher)  # 50 tenants: type a part of the name or domain
    bar.addWidget(window.tenant_switcher)
    bar.addSeparator()

    window.backup_button = QPushButton(tr("Back up now"), bar)
    window.backup_button.setObjectName("backupButton")
    window.backup_button.setAccessibleName(tr("Back up now"))
    window.backup_button.setToolTip(tr("Take a snapshot of every app registration of this tenant"))
    window.backup_button.setIcon(window.style().standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton))
    window.backup_button.clicked.connect(window.start_backup)
    bar.addWidget(window.backup_button)

    # Where the last backup's time and result are, a running backup shows its progress and Cancel.
    window.backup_status = QStackedWidget(bar)
    window.backup_status.setObjectName("backupStatus")
    window.last_backup_label = QLabel(window.backup_status)
    window.last_backup_label.setObjectName("lastBackupLabel")
    window.last_backup_label.setAccessibleName(tr("Last backup"))
    window.last_backup_label.setContentsMargins(10, 0, 10, 0)
    window.backup_status.addWidget(window.last_backup_label)
    running = QWidget(window.backup_status)
    running_layout = QHBoxLayout(running)
    running_layout.setContentsMargins(10, 0, 10, 0)
    running_layout.setSpacing(6)
    window.backup_progress = QProgressBar(running)
    window.backup_progress.setObjectName("backupProgress")
    window.backup_progress.setAccessibleName(tr("Backup progress"))
    window.backup_progress.setMinimumWidth(150)
    window.backup_progress.setTextVisible(True)
    window.cancel_backup_button = QPushButton(tr("Cancel"), running)
    window.cancel_backup_button.setObjectName("cancelBackupButton")
    window.cancel_backup_button.setAccessibleName(tr("Cancel the backup"))
    window.cancel_backup_button.clicked.connect(window.cancel_backup)
    running_layout.addWidget(window.backup_progress, 1)
    running_layout.addWidget(window.cancel_backup_button)
    window.backup_status.addWidget(running)
    window._backup_running_page = running
    window.backup_status.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    bar.addWidget(window.backup_status)

    spacer = QWidget(bar)
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    bar.addWidget(spacer)


    window.restore_selected_button = QPushButton(tr("Restore selected…"), bar)
    window.restore_selected_button.setObjectName("restoreSelectedButton")
    window.restore_selected_button.setAccessibleName(tr("Restore the selected apps"))
    window.restore_selected_button.setToolTip(tr("Open the restore wizard on the checked apps"))
    window.restore_selected_button.setEnabled(False)
    window.restore_selected_button.clicked.connect(window._restore_selected)
    bar.addWidget(window.restore_selected_button)

    window.restore_history_button = QPushButton(tr("Restore history…"), bar)
    window.restore_history_button.setObjectName("restoreHistoryButton")
    window.restore_history_button.setAccessibleName(tr("Restore history"))
    window.restore_history_button.setToolTip(tr("Past restores: what was done to which app, and how it ended"))
    window.restore_history_button.clicked.connect(window.open_restore_history)
    bar.addWidget(window.restore_history_button)


def build_filter_box(window: Any, parent: QWidget) -> QLineEdit:
    """The filter over the apps table (above it, not in the toolbar: on a small screen the toolbar's » hid it)."""
    tr = window.tr
    window.search_box = QLineEdit(parent)
    window.search_box.setObjectName("searchBox")
    window.search_box.setAccessibleName(tr("Filter apps"))
    window.search_box.setPlaceholderText(tr("Filter by name or Application (client) ID"))
    window.search_box.setToolTip(tr("Any part of the name or of the client ID (Ctrl+F)"))
    window.search_box.setClearButtonEnabled(True)
    window.search_box.setMinimumWidth(200)
    window._search_timer = QTimer(window)
    window._search_timer.setSingleShot(True)
    window._search_timer.setInterval(SEARCH_DEBOUNCE_MS)
    window._search_timer.timeout.connect(window._apply_filter)
    window.search_box.textChanged.connect(window._search_timer.start)
    window.search_box.returnPressed.connect(window._apply_filter)
    window.search_box.returnPressed.connect(window.focus_table)
    window.search_box.installEventFilter(window)
    return window.search_box


def build_menus(window: Any) -> None:
    """File (Back up now, Restore selected…, Restore history…, Settings… added by the account actions, Quit) and
    Help (About Regvault, which `window.show_about` opens; packaging fills it in)."""
    tr = window.tr
    bar = window.menuBar()
    window.file_menu = bar.addMenu(tr("&File"))
    window.file_menu.setObjectName("fileMenu")

    def action(text: str, name: str, slot: Any, keys: QKeySequence | None = None) -> QAction:
        made = QAction(text, window)
        made.setObjectName(name)
        if keys is not None:
            made.setShortcut(keys)
            made.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        made.triggered.connect(slot)
        return made

    window.backup_action = action(tr("&Back up now"), "backupAction", window.start_backup, QKeySequence("Ctrl+B"))
    window.restore_selected_action = action(tr("&Restore selected…"), "restoreSelectedAction",
                                            window._restore_selected, QKeySequence("Ctrl+R"))
    window.restore_selected_action.setEnabled(False)
    window.restore_history_action = action(tr("Restore &history…"), "restoreHistoryAction",
                                           window.open_restore_history, QKeySequence("Ctrl+H"))
    window.quit_action = action(tr("&Quit"), "quitAction", window.close, QKeySequence(QKeySequence.StandardKey.Quit))
    if window.quit_action.shortcut().isEmpty():  # Windows has no standard Quit key
        window.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
    window.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    for made in (window.backup_action, window.restore_selected_action, window.restore_history_action):
        window.file_menu.addAction(made)
    window.file_settings_separator = window.file_menu.addSeparator()  # Settings… goes here (accounts)
    window.file_menu.addSeparator()
    window.file_menu.addAction(window.quit_action)
    # The toolbar's buttons say their keys.
    window.backup_button.setToolTip(window.backup_button.toolTip() + " (Ctrl+B)")
    window.restore_selected_button.setToolTip(window.restore_selected_button.toolTip() + " (Ctrl+R)")

    window.help_menu = bar.addMenu(tr("&Help"))
    window.help_menu.setObjectName("helpMenu")
    window.about_action = action(tr("&About Regvault"), "aboutAction", window.show_about)
    window.about_action.setMenuRole(QAction.MenuRole.AboutRole)
    window.help_menu.addAction(window.about_action)
