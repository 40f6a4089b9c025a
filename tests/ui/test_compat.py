"""PySide6 6.12.0 on CPython 3.11 drops a reference to None on every call of a method that returns nothing, and
the interpreter aborts after some thousands of calls: pyproject.toml keeps PySide6 below 6.12. This test is the
guard: with a leaking PySide6 installed, the test process aborts here."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QWidget


def test_many_calls_of_void_methods_do_not_abort_the_interpreter(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for _ in range(150_000):
        widget.setEnabled(True)
    # On 3.11 None is not immortal: a leak of one reference per call shows up here before it aborts.
    if sys.version_info < (3, 12):
        assert sys.getrefcount(None) > before - 1000
