"""Start the Qt application and the main window (called by `desktop_app.cli.window`)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from desktop_app.ui.main_window import MainWindow, WindowServices


def window_settings(data_dir: Path) -> QSettings:
    """Window state next to the data it shows: demo and real data (and each test) keep their own layout."""
    return QSettings(str(data_dir / "window.ini"), QSettings.Format.IniFormat)


def ensure_application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("Regvault")
        app.setOrganizationName("Regvault")
        app.setApplicationDisplayName("Regvault")
        app.setStyle("Fusion")  # the same look on Windows, macOS and Linux, and in screenshots
    return app  # type: ignore[return-value]


def run_main_window(services: WindowServices, data_dir: Path, *, quit_after_ms: int | None = None) -> int:
    app = ensure_application()
    window = MainWindow(services, window_settings(data_dir))
    window.show()
    if quit_after_ms is not None:
        QTimer.singleShot(quit_after_ms, window.close)
    return int(app.exec())
