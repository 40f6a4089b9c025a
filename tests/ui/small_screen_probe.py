"""Run by test_small_screens.py in a process of its own (the screen is fixed when Qt starts): opens the main window
with no saved layout, and the dialogs that grew off-screen, and prints their geometry as JSON."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from PySide6.QtWidgets import QLabel, QToolBar, QToolButton
from store_fill import fill_tenant
from window_context import context_for

from desktop_app.store import Store
from desktop_app.ui.launch import ensure_application, window_settings
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.restore_history import RestoreHistoryDialog
from desktop_app.ui.settings_dialog import SettingsDialog
from desktop_app.ui.tasks import TaskRunner


def main() -> None:
    app = ensure_application()
    folder = Path(tempfile.mkdtemp(prefix="regvault-small-"))
    store = Store.open(folder / "regvault.sqlite")
    fill_tenant(store, "contoso", 120, snapshots=3)
    context = context_for(store, folder)
    window = MainWindow(context, window_settings(folder))
    window.show()

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.01)

    pump(0.8)
    bar = window.findChild(QToolBar, "mainToolbar")
    extension = bar.findChild(QToolButton, "qt_toolbar_ext_button")
    hidden = [bar.widgetForAction(a).objectName() for a in bar.actions()
              if bar.widgetForAction(a) is not None and bar.widgetForAction(a).objectName()
              and not bar.widgetForAction(a).isVisible()]
    runner = TaskRunner()
    history = RestoreHistoryDialog(store, runner, window)
    history.show()
    pump(0.3)
    result = {
        "screen": window.screen().availableGeometry().getRect(),
        "window": window.frameGeometry().getRect(),
        "extension_visible": bool(extension is not None and extension.isVisible()),
        "hidden_in_toolbar": hidden,
        "name_column": window.apps.table.horizontalHeader().sectionSize(1),
        "history": history.frameGeometry().getRect(),
    }
    history.close()
    settings = SettingsDialog(context, runner, window)
    settings.show()
    pump(0.5)
    result["settings"] = settings.frameGeometry().getRect()
    # Wrapped text given less height than it needs at its width is cut off at the bottom.
    result["settings_cut"] = [label.objectName() for label in settings.findChildren(QLabel)
                              if label.wordWrap() and label.isVisible() and label.text()
                              and label.height() < label.heightForWidth(label.width())]
    result["settings_scrolls"] = settings.body_scroll.verticalScrollBar().maximum() > 0
    settings.close()
    runner.shutdown(wait=True)
    window.close()
    store.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
