"""Windows and dialogs sized to the screen they open on: their preferred size, never more than the screen
(a 1080p laptop at 150% has 1280x720 logical pixels; the 1,778-px-wide dialog went off its edge)."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Of the available screen a window takes at most (room for the task bar, the title bar, a little desktop).
MAX_SHARE_WIDTH = 0.94
MAX_SHARE_HEIGHT = 0.92


def available(widget: QWidget) -> QRect:
    parent = widget.parentWidget()
    screen = (parent.screen() if parent is not None else None) or widget.screen() \
        or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fitted_size(preferred: QSize, screen: QRect) -> QSize:
    return QSize(min(preferred.width(), int(screen.width() * MAX_SHARE_WIDTH)),
                 min(preferred.height(), int(screen.height() * MAX_SHARE_HEIGHT)))


def fit_to_screen(widget: QWidget, preferred: QSize) -> None:
    """Resize to `preferred`, or less on a small screen; and never grow past the screen."""
    screen = available(widget)
    widget.resize(fitted_size(preferred, screen))
    widget.setMaximumSize(screen.size())


def center_on_screen(widget: QWidget) -> None:
    screen = available(widget)
    frame = widget.frameGeometry()
    frame.moveCenter(screen.center())
    widget.move(frame.topLeft())
