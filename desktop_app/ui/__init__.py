"""The PySide6 window: only this package imports Qt (import-linter checks it)."""
