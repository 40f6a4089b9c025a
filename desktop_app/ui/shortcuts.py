"""The window's keys, one place for all of them, in each platform's own terms.

Qt writes ⌘ as "Ctrl" (and Control as "Meta") on macOS, so "Ctrl+B" is ⌘B there. Two keys differ by platform:
- Restore history: Ctrl+H on Windows and Linux (a browser's History); on macOS ⌘H is the system's Hide Regvault,
  so it is ⌘Y there (Safari's History).
- Click to pick several: Ctrl+click, ⌘-click on macOS.
Tooltips name a key as the platform writes it (`QKeySequence.NativeText`: "⌘R" on macOS, "Ctrl+R" elsewhere),
never a fixed "Ctrl+R".
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence

BACK_UP = "Ctrl+B"
RESTORE_SELECTED = "Ctrl+R"
TENANT_CHANGES = "Ctrl+D"
SEARCH_ALL_TENANTS = "Ctrl+Shift+F"
CREDENTIALS = "Ctrl+Shift+K"
OLDER_VERSION = "Alt+Left"
NEWER_VERSION = "Alt+Right"
# What macOS itself answers to (⌘H Hide, ⌥⌘H Hide Others, ⌘M Minimize, ⌘Tab, ⌘Space, ⌘` windows, ⌘, Settings):
# none of Regvault's own keys may be one of them there.
MACOS_SYSTEM_KEYS = frozenset({"Ctrl+H", "Ctrl+Alt+H", "Ctrl+M", "Ctrl+Tab", "Ctrl+Space", "Ctrl+`", "Ctrl+,"})


def restore_history(platform: str = sys.platform) -> str:
    return "Ctrl+Y" if platform == "darwin" else "Ctrl+H"


def quit_keys() -> QKeySequence:
    """The platform's Quit (⌘Q, Ctrl+Q on Linux); Windows has none standard, so Ctrl+Q there too."""
    keys = QKeySequence(QKeySequence.StandardKey.Quit)
    return keys if not keys.isEmpty() else QKeySequence("Ctrl+Q")


def own_keys(platform: str = sys.platform) -> dict[str, str]:
    """Every key Regvault binds itself, by what it does (the tests check them against each other and macOS)."""
    return {"back up": BACK_UP, "restore selected": RESTORE_SELECTED, "restore history": restore_history(platform),
            "what changed": TENANT_CHANGES, "older version": OLDER_VERSION, "newer version": NEWER_VERSION,
            "search all tenants": SEARCH_ALL_TENANTS, "credentials": CREDENTIALS}


def native(keys: QKeySequence | str) -> str:
    """A key as the platform writes it: ⌘B on macOS, Ctrl+B elsewhere."""
    sequence = keys if isinstance(keys, QKeySequence) else QKeySequence(keys)
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


def with_keys(tip: str, keys: QKeySequence | str) -> str:
    """A tooltip that ends with its key in the platform's words: "Back up this tenant (⌘B)"."""
    return f"{tip} ({native(keys)})"


def pick_several_click(platform: str = sys.platform) -> str:
    """How the platform says "click with the key that adds to a selection"."""
    if platform == "darwin":
        return QCoreApplication.translate("shortcuts", "⌘-click")
    return QCoreApplication.translate("shortcuts", "Ctrl+click")
