"""Help → About Regvault in the main window opens packaging's About dialog with the composition root's facts."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from desktop_app import __version__
from desktop_app.cli.window import run_window
from desktop_app.services.about import AboutFacts
from desktop_app.ui.about_dialog import AboutDialog


def test_help_about_opens_the_about_dialog(qtbot, open_window, context_of, filled, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    facts = AboutFacts(version=__version__, data_folder=tmp_path, log_folder=tmp_path / "logs",
                       database=str(tmp_path / "regvault.sqlite"), keyring_backend="Keychain (keyring.backends.macOS.Keyring)",
                       frozen=False)
    window = open_window(context_of(filled[0], about=facts))
    window.menus.about.trigger()
    dialog = window.findChild(AboutDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.fact_labels["keyring"].text() == "Keychain (keyring.backends.macOS.Keyring)"
    assert dialog.fact_labels["database"].text() == str(tmp_path / "regvault.sqlite")
    dialog.close()


@pytest.mark.slow
def test_the_started_app_tells_about_its_own_data_folder(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """`regvault --data-dir D`: About names D, its logs, its database and the keyring the sign-ins use."""
    seen: list[dict[str, str]] = []

    def open_about() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if w.objectName() == "mainWindow" and w.isVisible()]
        if not windows:
            QTimer.singleShot(100, open_about)
            return
        windows[0].menus.about.trigger()
        dialog = windows[0].findChild(AboutDialog)
        seen.append({key: label.text() for key, label in dialog.fact_labels.items()})
        windows[0].close()

    QTimer.singleShot(100, open_about)
    args = argparse.Namespace(data_dir=str(tmp_path), demo=False, json=False, quit_after_ms=20_000)
    assert run_window(args) == 0
    (labels,) = seen
    assert labels["dataFolder"] == str(tmp_path.resolve())
    assert labels["logFolder"] == str(tmp_path.resolve() / "logs")
    assert labels["database"] == str(tmp_path.resolve() / "regvault.sqlite")
    assert "memory_keyring.MemoryKeyring" in labels["keyring"]  # the tests' keyring, as the sign-ins use it
