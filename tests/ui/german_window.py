"""What the German window test (test_german_window.py) needs: a translator that records every lookup and whether
one of the installed translations answered it, and the texts a window shows, each with where it was found."""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QAbstractListModel, QModelIndex, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QTabBar,
    QWidget,
    QWizard,
    QWizardPage,
)


@dataclass
class Lookup:
    contexts: list[str]
    source: str
    found: bool


class LookupRecorder(QTranslator):
    """Installed last (so asked first), it answers nothing itself and asks the real translators whether they would.

    PySide6's `self.tr` looks a string up in the class's context, then in each base class's until one answers: the
    calls for one source text in a row on one thread are one lookup, and it failed when the last call found nothing.
    """

    def __init__(self, translators: list[QTranslator]) -> None:
        super().__init__()
        self.translators = translators
        self.lookups: list[Lookup] = []
        self._pending = threading.local()
        self._lock = threading.Lock()

    def translate(self, context: str, source: str, disambiguation: str | None = None,  # type: ignore[override]
                  n: int = -1) -> str | None:
        found = any(t.translate(context, source, disambiguation, n) for t in self.translators)
        pending: Lookup | None = getattr(self._pending, "lookup", None)
        if pending is not None and pending.source == source and not pending.found:
            pending.contexts.append(context)
            pending.found = found
        else:
            pending = Lookup([context], source, found)
            self._pending.lookup = pending
            with self._lock:
                self.lookups.append(pending)
        return None  # the real translators answer

    def misses(self, own_contexts: set[str]) -> list[Lookup]:
        """Lookups of Regvault's strings that no translation answered."""
        return [lookup for lookup in self.lookups
                if not lookup.found and any(c in own_contexts or not c.startswith("Q") for c in lookup.contexts)]


@dataclass(frozen=True)
class Shown:
    where: str
    text: str


def _described(widget: QWidget) -> str:
    return f"{type(widget).__name__}#{widget.objectName() or '?'}"


def _columns(model: QAbstractItemModel, parent: QModelIndex) -> int:
    # A list model's columnCount is private in PySide6 (a QStringListModel's, a completer's): it has one.
    return 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)


def _model_texts(where: str, model: QAbstractItemModel | None, rows: int = 40) -> Iterator[Shown]:
    if model is None:
        return
    for column in range(_columns(model, QModelIndex())):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = model.headerData(column, Qt.Orientation.Horizontal, role)
            if isinstance(value, str):
                yield Shown(f"{where} header {column}", value)

    def walk(parent: QModelIndex, depth: int) -> Iterator[Shown]:
        for row in range(min(model.rowCount(parent), rows)):
            for column in range(_columns(model, parent)):
                index = model.index(row, column, parent)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = index.data(role)
                    if isinstance(value, str):
                        yield Shown(f"{where} row {row} column {column}", value)
            if depth < 4:
                yield from walk(model.index(row, 0, parent), depth + 1)

    yield from walk(QModelIndex(), 0)


def shown_texts(root: QWidget) -> list[Shown]:
    """Every text a person (or a screen reader) gets from `root` and the widgets in it, shown or not yet: titles,
    labels, buttons, tooltips, accessible names, placeholders, combo box items, tabs, wizard pages, actions and
    menus, the headers and cells of item views."""
    found: list[Shown] = []
    for widget in [root, *root.findChildren(QWidget)]:
        where = _described(widget)
        texts = [widget.toolTip(), widget.statusTip(), widget.whatsThis(), widget.accessibleName(),
                 widget.accessibleDescription()]
        if widget.isWindow():
            texts.append(widget.windowTitle())
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QTabBar):
            texts += [widget.tabText(i) for i in range(widget.count())] + [widget.tabToolTip(i)
                                                                            for i in range(widget.count())]
        if isinstance(widget, QMenu):
            texts.append(widget.title())
        if isinstance(widget, QProgressBar):
            texts.append(widget.format())
        if isinstance(widget, QWizardPage):
            texts += [widget.title(), widget.subTitle()]
        if isinstance(widget, QWizard):
            texts += [widget.buttonText(button) for button in (
                QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                QWizard.WizardButton.CommitButton, QWizard.WizardButton.FinishButton,
                QWizard.WizardButton.CancelButton)]
        for action in widget.actions():
            texts += [action.text(), action.toolTip(), action.statusTip()]
        found += [Shown(where, text) for text in texts if text]
        if isinstance(widget, QAbstractItemView):
            found += _model_texts(where, widget.model())
    return found


# ----- English left in the German window --------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<br\s*/?>|</p>|<li>|</li>|</tr>", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"\\\{[a-z_ ]*\\\}|%L?n|%[vm1-9]")
_ACCELERATOR = re.compile(r"&(?=[^\s&])")


def plain(text: str) -> str:
    """Rich text as read: tags gone, entities resolved, accelerator marks dropped."""
    text = html.unescape(_TAG.sub("", _BREAK.sub("\n", text)))
    return _ACCELERATOR.sub("", text)


@dataclass(frozen=True)
class EnglishSource:
    context: str
    source: str
    pattern: re.Pattern[str]
    whole: bool  # a short string: only a whole line of its own counts


def english_patterns(messages: Iterable[tuple[str, str, tuple[str, ...]]]) -> list[EnglishSource]:
    """A pattern for each English source string whose German differs: its words, with any value in place of its
    placeholders ({name}, %n). Strings without three letters of their own (a bare "{url}:") match too much."""
    patterns = []
    for context, source, translations in messages:
        text = plain(source)
        if all(plain(t) == text for t in translations):
            continue  # German says it the same way ("Status", "Manifest", "OAuth 2.0")
        words = re.sub(r"\{[a-z_ ]*\}|%L?n|%[vm1-9]", "", text)
        if len(re.findall(r"[A-Za-z]", words)) < 3:
            continue
        escaped = _PLACEHOLDER.sub(lambda _m: r".+?", re.escape(text))
        whole = len(words.split()) <= 2
        pattern = re.compile(rf"(?<![\w]){escaped}(?![\w])")
        patterns.append(EnglishSource(context, source, pattern, whole))
    return patterns


def english_left(shown: Iterable[Shown], patterns: list[EnglishSource]) -> list[str]:
    """Each shown text in which an English source string still stands."""
    problems = []
    for item in shown:
        text = plain(item.text)
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        for english in patterns:
            hit = any(english.pattern.fullmatch(line) for line in lines) if english.whole \
                else english.pattern.search(text) is not None
            if hit:
                problems.append(f"{item.where}: {item.text!r} is English ([{english.context}] {english.source!r})")
                break
    return problems


def ts_messages(path: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    import xml.etree.ElementTree as ET

    found = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            forms = tuple(f.text or "" for f in translation.iter("numerusform")) or (translation.text or "",)
            found.append((name, message.findtext("source") or "", forms))
    return found
