"""A guard against a reference-counting bug of PySide6 6.12 on CPython 3.11.

PySide6/shiboken6 6.12.0 releases one reference to `None` more than it takes on every call of a method that
returns nothing (`QWidget.setEnabled`, `QCoreApplication.processEvents`, a `data()` override returning None...).
From CPython 3.12 on, None is immortal and nothing happens; on 3.11 its count reaches zero after some ten
thousand calls and the interpreter aborts ("Fatal Python error: none_dealloc"): the window dies within minutes.
PySide6 6.11 does not have the bug (checked: no leak over 1,000 calls), so the real fix is to pin
`PySide6-Essentials<6.12` in pyproject.toml; until then, and for anyone who has 6.12 installed anyway, this
gives None, True and False a reference count no leak can exhaust (what 3.12 does by design).
"""

from __future__ import annotations

import sys

_ALREADY = False


def guard_singleton_refcounts() -> bool:
    """Apply the guard when the bug can bite (CPython < 3.12 with shiboken6 6.12); True if applied."""
    global _ALREADY
    if _ALREADY:
        return True
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    import shiboken6

    if tuple(shiboken6.__version_info__[:2]) != (6, 12):
        return False
    import ctypes

    for singleton in (None, True, False):
        # ob_refcnt is the first field of every object in CPython 3.11's object header.
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40
    _ALREADY = True
    return True
