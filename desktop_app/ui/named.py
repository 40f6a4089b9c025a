"""The one way the window names a control: its objectName (tests and the translator's screenshots find it by that),
its accessible name (what a screen reader says), its tooltip, and what it does.

The words come in translated: each caller says them through its own `self.tr(...)` (or its module's `TrContext`),
where lupdate reads them in the caller's context. Nothing here translates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject, Qt, SignalInstance
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractButton, QDialog, QDialogButtonBox, QWidget

W = TypeVar("W", bound=QWidget)
B = TypeVar("B", bound=QAbstractButton)
# What a control's signal is connected to: a slot, a function, or a signal passed on.
Receiver = Callable[..., object] | SignalInstance


def named(widget: W, name: str, accessible: str | None = None, tip: str | None = None) -> W:
    widget.setObjectName(name)
    if accessible is not None:
        widget.setAccessibleName(accessible)
    if tip is not None:
        widget.setToolTip(tip)
    return widget


def named_button(button: B, name: str, accessible: str, tip: str | None = None, *,
                 clicked: Receiver | None = None, toggled: Receiver | None = None) -> B:
    """`named`, and what the button does when clicked (or, checkable, toggled)."""
    named(button, name, accessible, tip)
    if clicked is not None:
        button.clicked.connect(clicked)
    if toggled is not None:
        button.toggled.connect(toggled)
    return button


def window_action(text: str, parent: QObject, name: str, *, keys: QKeySequence | str | None = None,
                  tip: str | None = None, triggered: Receiver | None = None) -> QAction:
    """A menu or window action; its keys work anywhere in its window."""
    action = QAction(text, parent)
    action.setObjectName(name)
    if keys is not None:
        action.setShortcut(keys)
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    if tip is not None:
        action.setToolTip(tip)
    if triggered is not None:
        action.triggered.connect(triggered)
    return action


def close_box(dialog: QDialog, name: str, accessible: str) -> QDialogButtonBox:
    """A button box with the dialog's Close button (named), which closes it."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    box.rejected.connect(dialog.reject)
    close = box.button(QDialogButtonBox.StandardButton.Close)
    assert close is not None  # the box's own, made above
    named(close, name, accessible)
    return box
