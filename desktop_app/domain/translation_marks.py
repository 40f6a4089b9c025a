"""The mark lupdate looks for on a sentence kept in a table, usable in every layer (it imports nothing, Qt least)."""

from __future__ import annotations


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - the name lupdate looks for
    """Marks `text` for lupdate under `context` where it is kept in a table; it is translated where it is shown
    (`SomeTexts.tr(table[key])`, `self.tr(...)` of the class named `context`). Qt's own returns `object` to mypy."""
    return text


def translate(context: str, text: str, disambiguation: str, n: int) -> str:  # noqa: ARG001 - read by lupdate
    """QT_TRANSLATE_NOOP for a sentence that counts ("%Ln app(s) done"): lupdate's Python reader knows no
    QT_TRANSLATE_N_NOOP, and files a translate(...) call with a count as a plural message. Returns `text`; the count
    it is marked with means nothing (-1), the one it is said with fills its %Ln."""
    return text
