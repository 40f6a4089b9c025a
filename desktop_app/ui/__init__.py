"""The PySide6 window: only this package imports Qt (import-linter checks it)."""

from desktop_app.ui.compat import guard_singleton_refcounts

guard_singleton_refcounts()
