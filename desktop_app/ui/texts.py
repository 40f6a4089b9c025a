"""Words and formats the user sees for values the lower layers return as codes and datetimes.

Plain functions (no QObject), so models and widgets share them; translation goes through
`QCoreApplication.translate` with the "Regvault" context.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication


def tr(text: str) -> str:
    return QCoreApplication.translate("Regvault", text)


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
    return f"{value:,}"


def app_status_text(status: str, deleted_until: datetime | None) -> str:
    if status == "active":
        return tr("Active")
    if status == "recycled":
        if deleted_until is None:
            return tr("Deleted, in recycle bin")
        return tr("Deleted, in recycle bin until {date}").format(date=format_date(deleted_until))
    if status == "purged":
        return tr("Deleted permanently")
    return status


def apps_count_text(total: int, selected: int, hidden: int) -> str:
    """'2,000 apps · 3 selected', 'All 2,000 apps selected', '… 3 selected (1 hidden by the filter)'."""
    apps = tr("1 app") if total == 1 else tr("{n} apps").format(n=format_count(total))
    visible_selected = selected - hidden
    if total > 1 and visible_selected == total:
        text = tr("All {n} apps selected").format(n=format_count(total))
        if hidden:
            text += tr(", plus {n} hidden by the filter").format(n=format_count(hidden))
        return text
    if selected == 0:
        return apps
    text = tr("{apps} · {n} selected").format(apps=apps, n=format_count(selected))
    if hidden:
        text += " " + tr("({n} hidden by the filter)").format(n=format_count(hidden))
    return text
