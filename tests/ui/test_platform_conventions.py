"""Platform conventions in the window: keys that clash with nothing (⌘H is macOS's Hide), tooltips that name keys as
the OS writes them, the OS's own style on macOS and Windows, and Help → About → Licences…."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QKeySequence, QShortcut

from desktop_app import __version__
from desktop_app.services.about import AboutFacts
from desktop_app.ui import shortcuts
from desktop_app.ui.about_dialog import AboutDialog, LicencesDialog
from desktop_app.ui.launch import style_to_set


@pytest.mark.parametrize("platform", ["darwin", "win32", "linux"])
def test_regvaults_keys_are_distinct_and_leave_macos_its_own(platform: str) -> None:
    keys = shortcuts.own_keys(platform)
    assert len(set(keys.values())) == len(keys)
    if platform == "darwin":
        assert not set(keys.values()) & shortcuts.MACOS_SYSTEM_KEYS
        assert keys["restore history"] == "Ctrl+Y"  # ⌘Y, Safari's History; ⌘H would hide Regvault
    else:
        assert keys["restore history"] == "Ctrl+H"
    assert shortcuts.pick_several_click(platform) == ("⌘-click" if platform == "darwin" else "Ctrl+click")


def test_the_windows_keys_clash_with_none_another_and_tooltips_say_them_natively(  # type: ignore[no-untyped-def]
        qtbot, open_window, context_of, filled) -> None:
    window = open_window(context_of(filled[0]))
    bound = [a.shortcut().toString() for a in window.findChildren(QAction) if not a.shortcut().isEmpty()]
    bound += [s.key().toString() for s in window.findChildren(QShortcut) if s.parent() is window]
    assert len(bound) == len(set(bound)), sorted(bound)
    assert set(shortcuts.own_keys().values()) - {"Alt+Left", "Alt+Right"} <= set(bound)
    native = QKeySequence(shortcuts.BACK_UP).toString(QKeySequence.SequenceFormat.NativeText)
    assert window.backup.button.toolTip().endswith(f"({native})")
    history = QKeySequence(shortcuts.restore_history()).toString(QKeySequence.SequenceFormat.NativeText)
    assert window.restore_history_button.toolTip().endswith(f"({history})")


@pytest.mark.parametrize(("platform", "native", "dark", "expected"), [
    ("darwin", "macOS", False, None), ("darwin", "macOS", True, None),  # the system's look, light or dark
    ("win32", "windows11", True, None), ("win32", "windowsvista", False, None),
    ("win32", "windowsvista", True, "Fusion"),  # Windows 10's style has no dark mode
    ("linux", "fusion", False, "Fusion"),
])
def test_macos_and_windows_keep_their_own_style(platform: str, native: str, dark: bool, expected: str | None) -> None:
    assert style_to_set(platform, native, dark=dark) == expected
    assert style_to_set(platform, native, dark=dark, forced="Fusion") == "Fusion"  # REGVAULT_STYLE, for screenshots


def _facts(tmp_path: Path) -> AboutFacts:
    return AboutFacts(version=__version__, data_folder=tmp_path, log_folder=tmp_path / "logs",
                      database=str(tmp_path / "regvault.sqlite"), keyring_backend=None, frozen=True)


def test_about_shows_the_notices_the_packaged_app_ships(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    notices = "Third-party software in Regvault\n\nPySide6_Essentials 6.11  LGPL-3.0-only\n"
    monkeypatch.setattr("desktop_app.ui.about_dialog.third_party_notices", lambda: notices)
    about = AboutDialog(_facts(tmp_path))
    qtbot.addWidget(about)
    about.licences_button.click()
    dialog = about.findChild(LicencesDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.text.toPlainText() == notices
    assert dialog.text.isReadOnly() and dialog.text.accessibleName()
    dialog.close()


def test_about_in_a_python_install_says_where_the_licences_are(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    about = AboutDialog(_facts(tmp_path))
    qtbot.addWidget(about)
    about.licences_button.click()
    dialog = about.findChild(LicencesDialog)
    assert dialog is not None
    assert "Python install" in dialog.text.toPlainText()
    dialog.close()
