"""Words and formats the user sees for values the lower layers return as codes and datetimes.

Plain functions (no QObject), so models and widgets share them. Words made outside a QObject's own methods are
translated through a `TrContext` (below), never a bare `tr` or another object's `tr`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication, QLocale

# The ui's modules mark their tables' words with it, as the layers below do.
from desktop_app.domain.translation_marks import QT_TRANSLATE_NOOP as QT_TRANSLATE_NOOP


class TrContext:
    """A translation context for words made outside a QObject's own methods (module functions, table builders).

    lupdate takes the context of `Name.tr("…")` from the name before `.tr` (and that of `widget.tr("…")` from
    "widget", which is wrong at run time), so each module binds one instance to a module-level name equal to its
    context, and calls it by that name:

        LeftOutTexts = TrContext("LeftOutTexts")
        LeftOutTexts.tr("Left out")
        LeftOutTexts.tr("%n app(s)", "", n)      # plural forms: Qt puts n in for %n (%Ln: with digit grouping)

    tests/ui/test_translations.py checks that every such name is its own context's name, and that no bare `tr(…)` or
    `someone.tr(…)` is left for lupdate to misfile.
    """

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def tr(self, text: str, disambiguation: str | None = None, n: int = -1) -> str:
        return QCoreApplication.translate(self.name, text, disambiguation, n)


AppTexts = TrContext("AppTexts")


def local(value: datetime) -> datetime:
    """The store hands out aware UTC datetimes; the user reads local time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone()


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    return local(value).strftime("%Y-%m-%d %H:%M")


def format_date(value: datetime | None) -> str:
    if value is None:
        return ""
    return local(value).strftime("%Y-%m-%d")  # one form for every date: the times' own (format_datetime)


def format_count(value: int) -> str:
    """A count grouped as the window's language writes it ("2,000"; "2.000" in German), as Qt's %Ln in a plural
    string does (ui/translations.py sets that locale)."""
    locale = QLocale()
    if locale.language() == QLocale.Language.C:  # no language installed yet (a bare QApplication): English
        return f"{value:,}"
    return locale.toString(value)


def app_status_text(status: str, deleted_until: datetime | None) -> str:
    if status == "active":
        return AppTexts.tr("Active")
    if status == "recycled":
        if deleted_until is None:
            return AppTexts.tr("Deleted, in recycle bin")
        return AppTexts.tr("Deleted, in recycle bin until {date}").format(date=format_date(deleted_until))
    if status == "purged":
        return AppTexts.tr("Deleted permanently")
    return status


def apps_count_text(total: int, selected: int, hidden: int) -> str:
    """'2,000 apps · 3 selected', 'All 2,000 apps selected', '… 3 selected (1 hidden by the filter)'."""
    apps = AppTexts.tr("%Ln app(s)", "", total)
    visible_selected = selected - hidden
    if total > 1 and visible_selected == total:
        text = AppTexts.tr("All {n} apps selected").format(n=format_count(total))
        if hidden:
            text += AppTexts.tr(", plus {n} hidden by the filter").format(n=format_count(hidden))
        return text
    if selected == 0:
        return apps
    text = AppTexts.tr("{apps} · {n} selected").format(apps=apps, n=format_count(selected))
    if hidden:
        text += " " + AppTexts.tr("({n} hidden by the filter)").format(n=format_count(hidden))
    return text
