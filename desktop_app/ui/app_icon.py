"""Regvault's icon for windows, dialogs and the taskbar: the PNGs that packaging/make_icons.py renders from
resources/icons/regvault.svg (package data, so a pip install and a frozen build both have them)."""

from __future__ import annotations

import functools
import importlib.resources

from PySide6.QtGui import QIcon

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


@functools.cache
def regvault_icon() -> QIcon:
    icon = QIcon()
    folder = importlib.resources.files("desktop_app") / "data" / "icons"
    for size in ICON_SIZES:
        with importlib.resources.as_file(folder / f"regvault-{size}.png") as path:
            icon.addFile(str(path))
    return icon
